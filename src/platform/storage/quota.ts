// Checking space before an import instead of discovering a full disk half-way through it.
import { StorageError } from './db';

export interface StorageSpace {
  usage: number;
  quota: number;
  /** quota − usage; Infinity when the browser does not say. */
  available: number;
  /** Whether the origin's storage is exempt from eviction (after `persist()` was granted). */
  persisted: boolean;
  /** False when the browser has no StorageManager (then nothing is known up front). */
  known: boolean;
}

type StorageManagerLike = Pick<StorageManager, 'estimate'> & Partial<Pick<StorageManager, 'persist' | 'persisted'>>;

function storageManager(): StorageManagerLike | undefined {
  return typeof navigator !== 'undefined' ? (navigator.storage as StorageManagerLike | undefined) : undefined;
}

export async function storageSpace(): Promise<StorageSpace> {
  const sm = storageManager();
  if (!sm?.estimate) return { usage: 0, quota: Infinity, available: Infinity, persisted: false, known: false };
  const { usage = 0, quota = Infinity } = await sm.estimate();
  const persisted = sm.persisted ? await sm.persisted().catch(() => false) : false;
  return { usage, quota, available: Math.max(0, quota - usage), persisted, known: Number.isFinite(quota) };
}

/**
 * Asks the browser to keep our data under storage pressure. Chromium grants it silently to sites
 * the user engages with; it never prompts. Only available on the page, not in workers.
 */
export async function requestPersistence(): Promise<boolean> {
  const sm = storageManager();
  if (!sm?.persist) return false;
  if (sm.persisted && (await sm.persisted().catch(() => false))) return true;
  return sm.persist().catch(() => false);
}

/** Bytes a dataset of `images` images (of which `masks` have masks) will take, with IndexedDB overhead. */
export function estimateDatasetBytes(images: number, masks: number, imageSize = 256): number {
  const plane = imageSize * imageSize;
  const perImageMeta = 512;
  // Chromium stores values compressed-or-not plus keys and LevelDB bookkeeping; 1.25 covers it.
  return Math.ceil((images * (plane + perImageMeta) + masks * plane) * 1.25);
}

export function formatBytes(n: number): string {
  if (!Number.isFinite(n)) return 'unknown';
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let v = n;
  let u = 0;
  while (v >= 1000 && u < units.length - 1) {
    v /= 1000;
    u++;
  }
  return `${v.toFixed(v >= 100 || u === 0 ? 0 : 1)} ${units[u]}`;
}

/** Throws a `quota` StorageError naming both numbers when `bytesNeeded` does not fit. */
export async function ensureSpaceFor(bytesNeeded: number, what: string): Promise<StorageSpace> {
  const space = await storageSpace();
  if (space.known && bytesNeeded > space.available) {
    throw new StorageError(
      'quota',
      `Not enough browser storage for ${what}: it needs about ${formatBytes(bytesNeeded)} but only ` +
        `${formatBytes(space.available)} of ${formatBytes(space.quota)} is free. Delete a dataset or model ` +
        `you no longer need, or import fewer images. Nothing was written.`,
    );
  }
  return space;
}
