// The storage-wide write switch (issue 12). Chromium answers a write on a full disk with QuotaExceededError or
// an UnknownError — and in tests on a nearly full profile disk it then deleted the whole database after most
// such writes. The quota the browser reports cannot see it coming (1.1 GB of "quota" on a 60 MB disk), so the
// real evidence is the first failed write: after it, every further write in this page, its workers and other
// tabs of the workbench is refused with one clear message instead of being tried again. Reads keep working.
//
// The switch lives in memory per JS context (page, import worker, train worker), is shared through a
// BroadcastChannel, and the page keeps it in localStorage so a reload does not start writing again by itself;
// the user lifts it (`allowWritesAgain`) after freeing space.

export interface WriteStop {
  /** What the user reads: what failed and what to do. */
  message: string;
  /** ms since the epoch. */
  at: number;
}

type Message = { type: 'stop'; stop: WriteStop } | { type: 'allow' } | { type: 'query' };

export const WRITE_STOP_CHANNEL = 'multimix-workbench.storage';
const STORAGE_KEY = 'multimix-workbench.writes-stopped';

let current: WriteStop | null = null;
const listeners = new Set<(stop: WriteStop | null) => void>();
let channel: BroadcastChannel | null | undefined;

function localStore(): Storage | undefined {
  try {
    return typeof localStorage !== 'undefined' ? localStorage : undefined;
  } catch {
    return undefined;
  }
}

function setStop(stop: WriteStop | null): void {
  current = stop;
  const ls = localStore();
  try {
    if (stop) ls?.setItem(STORAGE_KEY, JSON.stringify(stop));
    else ls?.removeItem(STORAGE_KEY);
  } catch {
    // localStorage can be full too; the in-memory switch still holds.
  }
  for (const fn of listeners) fn(stop);
}

function bus(): BroadcastChannel | null {
  if (channel !== undefined) return channel;
  channel = typeof BroadcastChannel !== 'undefined' ? new BroadcastChannel(WRITE_STOP_CHANNEL) : null;
  if (channel) {
    // In Node (tests, CLI) an open channel would keep the process alive.
    (channel as { unref?: () => void }).unref?.();
    channel.onmessage = (e: MessageEvent<Message>) => {
      const m = e.data;
      if (m.type === 'stop' && !current) setStop(m.stop);
      else if (m.type === 'allow' && current) setStop(null);
      else if (m.type === 'query' && current) channel?.postMessage({ type: 'stop', stop: current } satisfies Message);
    };
    // A context that starts late (a new worker, a new tab) asks whether writes were stopped elsewhere.
    channel.postMessage({ type: 'query' } satisfies Message);
  }
  return channel;
}

/** Loads a stop kept by an earlier page load (page only) and joins the channel. Call once at start. */
export function initWriteGuard(): WriteStop | null {
  const saved = localStore()?.getItem(STORAGE_KEY);
  if (saved && !current) {
    try {
      current = JSON.parse(saved) as WriteStop;
    } catch {
      current = null;
    }
  }
  bus();
  return current;
}

/** The active stop, or null while writes are allowed. */
export function writesStopped(): WriteStop | null {
  bus();
  return current;
}

/** Calls `fn` whenever the switch changes; returns the unsubscribe function. */
export function onWriteStopChange(fn: (stop: WriteStop | null) => void): () => void {
  bus();
  listeners.add(fn);
  return () => listeners.delete(fn);
}

function errorName(err: unknown): string {
  return err && typeof err === 'object' && 'name' in err ? String((err as { name: unknown }).name) : '';
}

/**
 * Whether a failed write means the disk or quota is full: QuotaExceededError, or the UnknownError /
 * "no space" family Chromium reports when LevelDB cannot write.
 */
export function isOutOfSpaceError(err: unknown): boolean {
  const name = errorName(err);
  if (name === 'QuotaExceededError') return true;
  const text = err instanceof Error ? err.message : String(err);
  return (name === 'UnknownError' || name === 'DataError' || name === 'AbortError') && /space|disk|quota|full|IO error/i.test(text);
}

/** Stops every further write here and in every other context of the workbench. */
export function stopWrites(action: string, err?: unknown): WriteStop {
  if (current) return current;
  const detail = err ? ` (${errorName(err) || 'error'}${err instanceof Error && err.message ? `: ${err.message}` : ''})` : '';
  const stop: WriteStop = {
    message:
      `Browser storage is full: writing failed while ${action}${detail}. To protect what is stored, the workbench ` +
      'has stopped all further writes (training, imports, deletions, saves) in every tab. What is stored is kept and ' +
      'can still be viewed and exported. Free disk space, export a workspace file, then allow writes again.',
    at: Date.now(),
  };
  setStop(stop);
  bus()?.postMessage({ type: 'stop', stop } satisfies Message);
  return stop;
}

/** Lifts the stop everywhere (the user freed space). */
export function allowWritesAgain(): void {
  setStop(null);
  bus()?.postMessage({ type: 'allow' } satisfies Message);
}
