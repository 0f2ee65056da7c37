// Turns what the user dropped or picked into the core's SourceFile list. Runs in the import worker:
// File objects cross postMessage as cheap handles, and bytes are read only when an item is prepared.
// Zip archives are opened with zip.js, which reads the central directory from the end of the Blob
// and then each entry's byte range on demand, so a 1 GB Kaggle zip is never held in memory at once.
import { BlobReader, Uint8ArrayWriter, ZipReader, configure, type Entry, type FileEntry } from '@zip.js/zip.js';
import { issue } from '../../core/data/errors';
import type { ImportIssue, SourceFile } from '../../core/data/types';
import type { DroppedFile } from './protocol';

// We already are in a worker: zip.js need not spawn its own. Native DecompressionStream does inflate.
configure({ useWebWorkers: false, useCompressionStream: true });

/** '/'-separated, no leading './' or '/', no empty segments. */
export function cleanRelativePath(path: string): string {
  return path
    .replace(/\\/g, '/')
    .split('/')
    .filter((s) => s !== '' && s !== '.')
    .join('/');
}

export function isZipPath(path: string): boolean {
  return /\.zip$/i.test(path);
}

export function sourceFromFile(path: string, file: Blob): SourceFile {
  return {
    path,
    size: file.size,
    read: async () => new Uint8Array(await file.arrayBuffer()),
  };
}

function isFileEntry(e: Entry): e is FileEntry {
  return !e.directory;
}

/**
 * The entries of one zip as SourceFiles under `<zip path without .zip>/`, so that two zips (or a zip
 * and a folder) dropped together cannot collide. A zip that cannot be opened becomes one issue.
 */
export async function sourcesFromZip(path: string, zip: Blob): Promise<{ files: SourceFile[]; issues: ImportIssue[] }> {
  const prefix = path.replace(/\.zip$/i, '');
  const issues: ImportIssue[] = [];
  let entries: Entry[];
  try {
    entries = await new ZipReader(new BlobReader(zip)).getEntries();
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    return { files: [], issues: [issue('read-failed', path, `zip archive could not be opened (${reason})`)] };
  }
  const files: SourceFile[] = [];
  for (const entry of entries) {
    if (!isFileEntry(entry)) continue;
    const entryPath = `${prefix}/${cleanRelativePath(entry.filename)}`;
    if (entry.encrypted) {
      issues.push(issue('read-failed', entryPath, 'zip entry is password-protected; extract it first'));
      continue;
    }
    files.push({
      path: entryPath,
      size: entry.uncompressedSize,
      read: () => entry.getData(new Uint8ArrayWriter()),
    });
  }
  return { files, issues };
}

/** Everything dropped, with zips expanded in place (zips inside zips are not opened). */
export async function sourcesFromDrop(dropped: readonly DroppedFile[]): Promise<{ files: SourceFile[]; issues: ImportIssue[] }> {
  const files: SourceFile[] = [];
  const issues: ImportIssue[] = [];
  for (const d of dropped) {
    const path = cleanRelativePath(d.path);
    if (isZipPath(path) && !/(^|\/)(__MACOSX\/|\._)/.test(path)) {
      const z = await sourcesFromZip(path, d.file);
      files.push(...z.files);
      issues.push(...z.issues);
    } else {
      files.push(sourceFromFile(path, d.file));
    }
  }
  return { files, issues };
}
