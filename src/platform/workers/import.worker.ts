// The import worker: plans dropped files, decodes and resizes images, writes them to IndexedDB and
// exports datasets, so the page never stalls on pixels. It keeps the files of the last plan until
// they are committed or discarded. See ../import/protocol.ts for the messages.
/// <reference lib="webworker" />
import { fileMap, planImport } from '../../core/data';
import type { ImportPlan, SourceFile } from '../../core/data/types';
import { getDatabase } from '../storage/db';
import { deleteDataset, publishDatasets } from '../storage/datasets';
import { holdImportLock } from '../storage/import-lock';
import { StorageError } from '../storage/db';
import { decodeInBrowser } from '../import/browser-decoder';
import { exportDatasetZip } from '../import/export-zip';
import { ImportCancelledError, importPlan, storedContent } from '../import/import-run';
import { createPhantomDataset } from '../import/phantom-dataset';
import { previewOf } from '../import/preview';
import { sourcesFromDrop } from '../import/source-files';
import type { DatasetImportResult, ImportReport, ImportRequest, ImportResponse } from '../import/protocol';

declare const self: DedicatedWorkerGlobalScope;

function post(msg: ImportResponse): void {
  self.postMessage(msg);
}

let planned: { plans: ImportPlan[]; files: Map<string, SourceFile>; source: string } | null = null;
const running = new Map<number, AbortController>();

function isCancel(err: unknown, signal: AbortSignal): boolean {
  return signal.aborted || err instanceof ImportCancelledError || (err instanceof DOMException && err.name === 'AbortError');
}

function fail(requestId: number, err: unknown): void {
  if (err instanceof StorageError) post({ type: 'failed', requestId, message: err.message, code: err.code });
  else post({ type: 'failed', requestId, message: err instanceof Error ? err.message : String(err) });
}

/** Where the drop came from, for the dataset's `source` field: the top folders or zip names. */
function describeSource(paths: string[]): string {
  const tops = [...new Set(paths.map((p) => p.split('/')[0] ?? p))];
  return tops.length <= 3 ? tops.join(', ') : `${tops.slice(0, 3).join(', ')} and ${tops.length - 3} more`;
}

async function handlePlan(msg: Extract<ImportRequest, { type: 'plan' }>): Promise<void> {
  planned = null;
  const { files, issues } = await sourcesFromDrop(msg.files);
  const plans = await planImport(files);
  planned = { plans, files: fileMap(files), source: describeSource(msg.files.map((f) => f.path)) };
  post({ type: 'planned', requestId: msg.requestId, plans: plans.map(previewOf), unplaced: issues, fileCount: files.length });
}

async function handleCommit(msg: Extract<ImportRequest, { type: 'commit' }>, signal: AbortSignal): Promise<void> {
  if (!planned) throw new Error('Nothing to import: drop or pick files first.');
  const { plans, files, source } = planned;
  const db = await getDatabase();
  const started = performance.now();
  const results: DatasetImportResult[] = [];
  // One lock for the whole request: its datasets become ready together, and if this tab dies first the next
  // start sweeps them all (issue 12).
  const lock = await holdImportLock();
  const stored = msg.duplicates === 'import' ? undefined : { content: await storedContent(db), policy: msg.duplicates };
  try {
    for (const choice of msg.choices) {
      const plan = plans[choice.index];
      if (!plan) throw new Error(`The preview changed: dataset #${choice.index + 1} is no longer planned. Drop the files again.`);
      results.push(
        await importPlan(plan, files, { name: choice.name, domain: choice.domain, source }, msg.assignment, {
          db,
          decode: decodeInBrowser,
          signal,
          onProgress: (progress) => post({ type: 'progress', requestId: msg.requestId, progress }),
          group: { lockName: lock.name },
          ...(stored ? { stored } : {}),
        }),
      );
    }
    const found = results.flatMap((r) => r.alreadyStored ?? []);
    if (msg.duplicates === 'ask' && found.length > 0) {
      // Nothing is kept until the user says skip or import as new; the plan stays for the second commit.
      for (const r of results) if (r.dataset) await deleteDataset(db, r.dataset.id).catch(() => undefined);
      post({ type: 'duplicates-found', requestId: msg.requestId, found });
      return;
    }
    const ids = results.flatMap((r) => (r.dataset ? [r.dataset.id] : []));
    if (ids.length > 0) await publishDatasets(db, ids);
    for (const r of results) if (r.dataset) r.dataset = { ...r.dataset, status: 'ready' };
  } catch (err) {
    // All or nothing per request: datasets finished earlier in this request go too.
    for (const r of results) if (r.dataset) await deleteDataset(db, r.dataset.id).catch(() => undefined);
    throw err;
  } finally {
    lock.release();
  }
  planned = null;
  const images = results.reduce((n, r) => n + r.imported, 0);
  const seconds = (performance.now() - started) / 1000;
  const report: ImportReport = { datasets: results, unplaced: [], imagesPerSecond: seconds > 0 ? images / seconds : 0 };
  post({ type: 'imported', requestId: msg.requestId, report });
}

async function handle(msg: ImportRequest): Promise<void> {
  if (msg.type === 'cancel') {
    running.get(msg.requestId)?.abort();
    return;
  }
  if (msg.type === 'discard') {
    planned = null;
    return;
  }
  const controller = new AbortController();
  running.set(msg.requestId, controller);
  try {
    switch (msg.type) {
      case 'plan':
        await handlePlan(msg);
        break;
      case 'commit':
        await handleCommit(msg, controller.signal);
        break;
      case 'phantom': {
        const db = await getDatabase();
        const result = await createPhantomDataset(db, msg.options, msg.assignment, {
          signal: controller.signal,
          onProgress: (progress) => post({ type: 'progress', requestId: msg.requestId, progress }),
        });
        post({ type: 'imported', requestId: msg.requestId, report: { datasets: [result], unplaced: [], imagesPerSecond: result.imported / Math.max(result.seconds, 1e-3) } });
        break;
      }
      case 'export': {
        const db = await getDatabase();
        const out = await exportDatasetZip(db, msg.datasetId, {
          signal: controller.signal,
          onProgress: (progress) => post({ type: 'progress', requestId: msg.requestId, progress }),
        });
        post({ type: 'exported', requestId: msg.requestId, ...out });
        break;
      }
    }
  } catch (err) {
    if (isCancel(err, controller.signal)) post({ type: 'cancelled', requestId: msg.requestId });
    else fail(msg.requestId, err);
  } finally {
    running.delete(msg.requestId);
  }
}

self.addEventListener('message', (e: MessageEvent<ImportRequest>) => {
  void handle(e.data);
});
