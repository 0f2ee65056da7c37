// A run being trained holds a Web Lock named after it. Locks die with the tab (or worker) that holds them, so
// a run stored as running/paused whose lock is free lost its tab and can be resumed from its checkpoint —
// while one that is still training in another tab is left alone.
export const RUN_LOCK_PREFIX = 'multimix-run:';

function locks(): LockManager | undefined {
  return typeof navigator !== 'undefined' ? navigator.locks : undefined;
}

/** Holds the run's lock until `released` settles. Resolves once the lock is held (false when it is taken). */
export function holdRunLock(runId: string, released: Promise<unknown>): Promise<boolean> {
  const lm = locks();
  if (!lm) return Promise.resolve(true);
  return new Promise<boolean>((resolve) => {
    void lm
      .request(RUN_LOCK_PREFIX + runId, { ifAvailable: true }, async (lock) => {
        resolve(lock !== null);
        if (lock) await released.catch(() => undefined);
      })
      .catch(() => resolve(true));
  });
}

/**
 * Resolves when no tab holds the run's lock any more (at once when none does): asks for the lock, and lets it
 * go as soon as it is granted. A reloaded page sees its own run still locked by the page it replaced for a
 * moment; this tells it when that lock is gone, so the run is then offered for resuming.
 */
export function whenRunReleased(runId: string): Promise<void> {
  const lm = locks();
  if (!lm) return Promise.resolve();
  return lm.request(RUN_LOCK_PREFIX + runId, () => undefined).then(() => undefined, () => undefined);
}

/** Ids of the runs some tab is training right now. */
export async function runsInProgress(): Promise<Set<string>> {
  const lm = locks();
  if (!lm) return new Set();
  const { held = [] } = await lm.query();
  return new Set(held.map((l) => l.name ?? '').filter((n) => n.startsWith(RUN_LOCK_PREFIX)).map((n) => n.slice(RUN_LOCK_PREFIX.length)));
}

/** The lock of the tab that drives the experiment grids' queue (issue 10). */
const GRID_DRIVER_LOCK = 'multimix-grid-driver';

/**
 * One tab at a time moves the experiment grids' queue on (two would start two cells). Calls `onHeld` once this
 * tab holds the lock — at once, or when the tab that held it closes — and keeps it until the tab closes.
 */
export function holdGridDriverLock(onHeld: () => void): void {
  const lm = locks();
  if (!lm) return onHeld();
  void lm
    .request(GRID_DRIVER_LOCK, () => {
      onHeld();
      return new Promise<never>(() => undefined);
    })
    .catch(() => onHeld());
}
