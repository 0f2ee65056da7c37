// The storage switch as the user sees it (issue 12): while writes are stopped after a full-disk failure, a
// banner says so on every tab, with the way out. It stays until the user allows writes again.
import { useSyncExternalStore } from 'react';
import { allowWritesAgain, initWriteGuard, onWriteStopChange, writesStopped } from '../../platform/storage';

initWriteGuard();

export function StorageBanner() {
  const stop = useSyncExternalStore(onWriteStopChange, writesStopped);
  if (!stop) return null;
  return (
    <div className="notices" data-testid="writes-stopped" role="alert">
      <div className="notice notice-error">
        <span>{stop.message}</span>
        <button
          type="button"
          onClick={() => {
            if (confirm('Only allow writes again after freeing disk space: another failed write can make the browser delete the stored data. Allow writes again?')) allowWritesAgain();
          }}
        >
          Allow writes again
        </button>
      </div>
    </div>
  );
}
