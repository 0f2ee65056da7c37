// Progress of a running import: count, rate, current file, and a cancel button that keeps nothing.
import { useStore } from '../../store';

export function ImportProgressView() {
  const progress = useStore((s) => s.importProgress);
  const cancel = useStore((s) => s.cancelImport);
  const pct = progress && progress.total > 0 ? (100 * progress.done) / progress.total : 0;
  return (
    <div className="import-box" role="status" data-testid="import-progress">
      <h3>Importing{progress ? ` “${progress.dataset}”` : '…'}</h3>
      <progress max={100} value={pct} aria-label="Import progress" />
      {progress ? (
        <p>
          {progress.done} / {progress.total} images · {progress.rate.toFixed(1)} images/s
          <br />
          <span className="muted small path">{progress.currentPath}</span>
        </p>
      ) : (
        <p>Checking storage space…</p>
      )}
      <button type="button" onClick={cancel} data-testid="cancel-import">
        Cancel import
      </button>
    </div>
  );
}
