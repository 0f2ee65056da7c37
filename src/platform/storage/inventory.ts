// What should be in the database, kept outside it (issue 12). Chromium can delete an origin's whole IndexedDB
// after a write fails on a full disk, and the app then opened to an empty workbench without a word. A small
// record in localStorage — dataset and run names, model and checkpoint counts — lets the next start say
// plainly what vanished.
//
// The record is written by the page after it looked at the database (start, list refreshes). A loss is a
// drop that nobody here asked for: deliberate deletions go through `noteDeliberateRemoval` first.
import type { WorkbenchDatabase } from './db';

export interface Inventory {
  datasets: Array<{ id: string; name: string }>;
  runs: Array<{ id: string; name: string }>;
  models: number;
  checkpoints: number;
  /** ms since the epoch when the record was taken. */
  at: number;
}

export const INVENTORY_KEY = 'multimix-workbench.inventory';

function localStore(): Storage | undefined {
  try {
    return typeof localStorage !== 'undefined' ? localStorage : undefined;
  } catch {
    return undefined;
  }
}

/** What the database holds now (ready datasets only: an unfinished import is not something to miss). */
export async function readInventory(db: WorkbenchDatabase): Promise<Inventory> {
  const t = db.transaction(['datasets', 'runs', 'models', 'checkpoints'], 'readonly');
  const [datasets, runs, models, checkpoints] = await Promise.all([
    t.objectStore('datasets').getAll(),
    t.objectStore('runs').getAll(),
    t.objectStore('models').count(),
    t.objectStore('checkpoints').count(),
  ]);
  return {
    datasets: datasets.filter((d) => d.status === 'ready').map((d) => ({ id: d.id, name: d.name })),
    runs: runs.map((r) => ({ id: r.id, name: r.name })),
    models,
    checkpoints,
    at: Date.now(),
  };
}

export function savedInventory(): Inventory | null {
  const raw = localStore()?.getItem(INVENTORY_KEY);
  if (!raw) return null;
  try {
    return JSON.parse(raw) as Inventory;
  } catch {
    return null;
  }
}

function save(inv: Inventory): void {
  try {
    localStore()?.setItem(INVENTORY_KEY, JSON.stringify(inv));
  } catch {
    // localStorage full or disabled: detection is best effort.
  }
}

export interface StorageLoss {
  datasets: string[];
  runs: string[];
  models: number;
  checkpoints: number;
  /** The sentence for the user. */
  message: string;
}

const quoted = (names: string[]) => names.slice(0, 5).map((n) => `“${n}”`).join(', ') + (names.length > 5 ? ` and ${names.length - 5} more` : '');
const plural = (n: number, one: string) => `${n} ${one}${n === 1 ? '' : 's'}`;

/** What `before` had that `now` lacks; null when nothing is missing. */
export function compareInventories(before: Inventory, now: Inventory): StorageLoss | null {
  const haveD = new Set(now.datasets.map((d) => d.id));
  const haveR = new Set(now.runs.map((r) => r.id));
  const datasets = before.datasets.filter((d) => !haveD.has(d.id)).map((d) => d.name);
  const runs = before.runs.filter((r) => !haveR.has(r.id)).map((r) => r.name);
  const models = Math.max(0, before.models - now.models);
  const checkpoints = Math.max(0, before.checkpoints - now.checkpoints);
  if (datasets.length + runs.length + models + checkpoints === 0) return null;
  const parts: string[] = [];
  if (datasets.length) parts.push(`${plural(datasets.length, 'dataset')} (${quoted(datasets)})`);
  if (runs.length) parts.push(`${plural(runs.length, 'run')} (${quoted(runs)})`);
  if (models) parts.push(plural(models, 'saved model'));
  if (checkpoints) parts.push(plural(checkpoints, 'checkpoint'));
  const when = new Date(before.at).toLocaleString();
  const wiped = now.datasets.length + now.runs.length + now.models + now.checkpoints === 0;
  const message =
    `Stored data has vanished since ${when}: ${parts.join(', ')} ${wiped ? 'are' : 'are no longer'} in this browser's storage` +
    `${wiped ? ' — the browser deleted the whole database (Chromium does this when the disk fills up, or when site data is cleared)' : ''}. ` +
    'Import a workspace file to restore them.';
  return { datasets, runs, models, checkpoints, message };
}

let checked = false;
let deliberate = 0;

/**
 * At start: compares the database with the record of what should be in it, then records the current state.
 * Returns what vanished, or null.
 */
export async function checkForStorageLoss(db: WorkbenchDatabase): Promise<StorageLoss | null> {
  const before = savedInventory();
  const now = await readInventory(db);
  checked = true;
  save(now);
  return before ? compareInventories(before, now) : null;
}

/** Call before a deletion the user asked for, so the next `noteInventory` does not report it as a loss. */
export function noteDeliberateRemoval(): void {
  deliberate++;
}

/**
 * After the page saw a change: records the current state. Returns a loss when everything this record knew of
 * vanished without a deliberate deletion (the database was wiped while the page was open); the record is then
 * left as it was, so a reload reports it too until the user restores or starts over.
 */
export async function noteInventory(db: WorkbenchDatabase): Promise<StorageLoss | null> {
  if (!checked) return null;
  const before = savedInventory();
  const now = await readInventory(db);
  const loss = before ? compareInventories(before, now) : null;
  const wiped = now.datasets.length + now.runs.length + now.models + now.checkpoints === 0;
  if (loss && wiped && deliberate === 0) return loss;
  deliberate = 0;
  save(now);
  return null;
}
