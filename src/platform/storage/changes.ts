// Tells every other context of the workbench (tabs, their workers) which stores a committed write touched, so
// lists stay live across tabs (issue 12: a dataset deleted in one tab left another tab's viewer on
// "Loading…"). BroadcastChannel never delivers to the sending object, so a context does not hear itself.
export const CHANGES_CHANNEL = 'multimix-workbench.changes';

let sender: BroadcastChannel | null | undefined;

/** Called by `tx()` after a read-write transaction committed. */
export function announceWrite(stores: readonly string[]): void {
  if (sender === undefined) {
    sender = typeof BroadcastChannel !== 'undefined' ? new BroadcastChannel(CHANGES_CHANNEL) : null;
    // In Node (tests, CLI) an open channel would keep the process alive.
    (sender as { unref?: () => void } | null)?.unref?.();
  }
  sender?.postMessage({ stores: [...stores] });
}

/**
 * Calls `fn` with the stores written elsewhere, at most once per `settleMs` (trailing), merging what arrived
 * meanwhile. Returns the unsubscribe function.
 */
export function onStoredChange(fn: (stores: Set<string>) => void, settleMs = 500): () => void {
  if (typeof BroadcastChannel === 'undefined') return () => undefined;
  const ch = new BroadcastChannel(CHANGES_CHANNEL);
  let pending = new Set<string>();
  let timer: ReturnType<typeof setTimeout> | null = null;
  ch.onmessage = (e: MessageEvent<{ stores?: string[] }>) => {
    for (const s of e.data.stores ?? []) pending.add(s);
    timer ??= setTimeout(() => {
      timer = null;
      const stores = pending;
      pending = new Set();
      fn(stores);
    }, settleMs);
  };
  return () => {
    if (timer) clearTimeout(timer);
    ch.close();
  };
}
