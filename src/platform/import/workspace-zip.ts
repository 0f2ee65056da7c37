// The workspace file (issue 12): everything stored in this browser — datasets with their pixels, runs with
// curves and checkpoints, saved models — plus the app's settings, as one zip a user keeps outside the browser.
// Layout: `workspace.json` (format, schema version, settings, record counts per store) and, per object store,
// chunks `stores/<store>/<n>.json` (records) + `stores/<store>/<n>.bin` (their binary fields, stored uncompressed).
// Importing writes records whose keys are not stored yet, so importing into a non-empty workbench only adds.
import { BlobReader, BlobWriter, TextReader, TextWriter, Uint8ArrayReader, Uint8ArrayWriter, ZipReader, ZipWriter, type Entry } from '@zip.js/zip.js';
import type { WorkbenchDatabase } from '../storage/db';
import { SCHEMA_VERSION } from '../storage/migrations';
import type { DatasetRecord, StoreName } from '../storage/schema';
import { packRecords, readStoreChunks, restoreRecords, unpackRecords, workspaceStores } from '../storage/workspace-records';

export const WORKSPACE_FORMAT = 'multimix-workspace/1';

export interface WorkspaceManifest {
  format: typeof WORKSPACE_FORMAT;
  created: string;
  schemaVersion: number;
  /** App settings (the run config being edited, preferences) as the app hands them over. */
  settings: Record<string, unknown>;
  /** Records per store in the file. */
  records: Record<string, number>;
}

export interface WorkspaceProgress {
  store: string;
  records: number;
}

const chunkName = (store: string, n: number, ext: 'json' | 'bin') => `stores/${store}/${String(n).padStart(5, '0')}.${ext}`;

/** Zips every ready dataset (with its images and pixels), run, checkpoint and model, and `settings`. */
export async function exportWorkspace(
  db: WorkbenchDatabase,
  settings: Record<string, unknown>,
  onProgress?: (p: WorkspaceProgress) => void,
): Promise<{ blob: Blob; fileName: string; manifest: WorkspaceManifest }> {
  const ready = new Set((await db.getAll('datasets')).filter((d: DatasetRecord) => d.status === 'ready').map((d) => d.id));
  const keep = (store: string) => (r: unknown) => {
    const rec = r as { id?: string; datasetId?: string; status?: string };
    if (store === 'datasets') return rec.id !== undefined && ready.has(rec.id);
    if (store === 'images' || store === 'pixels') return rec.datasetId !== undefined && ready.has(rec.datasetId);
    return true;
  };
  const zip = new ZipWriter(new BlobWriter('application/zip'));
  const records: Record<string, number> = {};
  for (const store of workspaceStores(db)) {
    let n = 0;
    records[store] = 0;
    for await (const chunk of readStoreChunks(db, store, keep(store))) {
      const { json, bin } = packRecords(chunk);
      await zip.add(chunkName(store, n, 'json'), new TextReader(json));
      await zip.add(chunkName(store, n, 'bin'), new Uint8ArrayReader(bin), { level: 0 });
      n++;
      records[store] += chunk.length;
      onProgress?.({ store, records: records[store] });
    }
  }
  const created = new Date().toISOString();
  const manifest: WorkspaceManifest = { format: WORKSPACE_FORMAT, created, schemaVersion: SCHEMA_VERSION, settings, records };
  await zip.add('workspace.json', new TextReader(JSON.stringify(manifest, null, 2)));
  const blob = await zip.close();
  return { blob, fileName: `multimix-workspace-${created.slice(0, 19).replace(/[:T]/g, '-')}.zip`, manifest };
}

export interface WorkspaceImport {
  manifest: WorkspaceManifest;
  written: Record<string, number>;
  /** Records already stored under the same key (kept as they are). */
  skipped: Record<string, number>;
}

async function text(entry: Entry): Promise<string> {
  if (entry.directory) throw new Error(`${entry.filename} is a folder`);
  return entry.getData(new TextWriter());
}

/**
 * Restores a workspace file. Stores are written pixels → images → checkpoints → models → runs → datasets, so a
 * crash half-way leaves no dataset listing images that are not there. Throws a specific message for a file that
 * is not a workspace, is damaged, or comes from a newer schema.
 */
export async function importWorkspace(db: WorkbenchDatabase, file: Blob, onProgress?: (p: WorkspaceProgress) => void): Promise<WorkspaceImport> {
  const reader = new ZipReader(new BlobReader(file));
  try {
    let entries: Entry[];
    try {
      entries = await reader.getEntries();
    } catch (err) {
      throw new Error(`this is not a zip file (${err instanceof Error ? err.message : String(err)})`);
    }
    const byName = new Map(entries.map((e) => [e.filename, e]));
    const head = byName.get('workspace.json');
    if (!head) throw new Error('this zip is not a workbench workspace file (it has no workspace.json)');
    const manifest = JSON.parse(await text(head)) as WorkspaceManifest;
    if (manifest.format !== WORKSPACE_FORMAT) throw new Error(`unknown workspace format ${String(manifest.format)}`);
    if (manifest.schemaVersion > SCHEMA_VERSION) {
      throw new Error(`the file was written by a newer workbench (schema ${manifest.schemaVersion} > ${SCHEMA_VERSION}); reload to update first`);
    }
    const written: Record<string, number> = {};
    const skipped: Record<string, number> = {};
    const known = new Set<string>(workspaceStores(db));
    for (const store of workspaceStores(db)) {
      written[store] = 0;
      skipped[store] = 0;
      for (let n = 0; ; n++) {
        const j = byName.get(chunkName(store, n, 'json'));
        if (!j) break;
        const b = byName.get(chunkName(store, n, 'bin'));
        if (!b || b.directory) throw new Error(`the workspace file is damaged: ${chunkName(store, n, 'bin')} is missing`);
        const recs = unpackRecords(await text(j), await b.getData(new Uint8ArrayWriter()));
        const r = await restoreRecords(db, store as StoreName, recs);
        written[store] += r.written;
        skipped[store] += r.skipped;
        onProgress?.({ store, records: written[store] + skipped[store] });
      }
    }
    const unknown = Object.keys(manifest.records).filter((s) => !known.has(s) && manifest.records[s]! > 0);
    if (unknown.length > 0) throw new Error(`the workspace file has stores this workbench does not know (${unknown.join(', ')})`);
    return { manifest, written, skipped };
  } finally {
    await reader.close();
  }
}
