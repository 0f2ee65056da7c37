// Who is importing what, across tabs (issue 12): an import holds a Web Lock for as long as it writes, and its
// `importing` datasets carry the lock's name. A dataset still `importing` whose lock nobody holds lost its tab
// (closed, crashed, killed) and is swept at the next start whatever the delay — no timer involved.
export const IMPORT_LOCK_PREFIX = 'multimix-import:';

function locks(): LockManager | undefined {
  return typeof navigator !== 'undefined' ? navigator.locks : undefined;
}

export interface ImportLock {
  /** Stored on the datasets the import writes; '' when the browser has no Web Locks. */
  name: string;
  release(): void;
}

/** Takes a fresh import lock; resolves once it is held. */
export function holdImportLock(): Promise<ImportLock> {
  const lm = locks();
  if (!lm) return Promise.resolve({ name: '', release: () => undefined });
  const name = IMPORT_LOCK_PREFIX + (typeof crypto !== 'undefined' && 'randomUUID' in crypto ? crypto.randomUUID() : `${Date.now()}-${Math.random()}`);
  let release = () => {};
  const released = new Promise<void>((r) => (release = r));
  return new Promise<ImportLock>((resolve, reject) => {
    lm.request(name, async () => {
      resolve({ name, release });
      await released;
    }).catch(reject);
  });
}

/** Names of the import locks held anywhere in this origin; null when the browser cannot tell. */
export async function heldImportLocks(): Promise<Set<string> | null> {
  const lm = locks();
  if (!lm) return null;
  const { held = [] } = await lm.query();
  return new Set(held.map((l) => l.name ?? '').filter((n) => n.startsWith(IMPORT_LOCK_PREFIX)));
}
