// Past runs stored in this browser: name, variant, status, progress, best score; resume or delete.
import { useStore } from '../../store';
import { formatScore } from './format';
import { RepointRun } from './RepointRun';

export function RunsTable() {
  const runs = useStore((s) => s.runs);
  const resumable = useStore((s) => s.resumableRunIds);
  const elsewhere = useStore((s) => s.elsewhereRunIds);
  const live = useStore((s) => s.live);
  const resumeRun = useStore((s) => s.resumeRun);
  const deleteRun = useStore((s) => s.deleteRun);
  const busy = live !== null && (live.status === 'running' || live.status === 'paused' || live.status === 'loading');
  if (runs.length === 0) return <p className="muted small">No runs stored yet.</p>;
  return (
    <table className="train-runs" data-testid="runs-table">
      <thead>
        <tr>
          <th>Run</th>
          <th>Variant</th>
          <th>Status</th>
          <th>Steps</th>
          <th>Best score</th>
          <th />
        </tr>
      </thead>
      <tbody>
        {runs.map((r) => (
          <tr key={r.id} data-run-id={r.id}>
            <td>{r.name}</td>
            <td>{r.config.model.variant}</td>
            <td data-testid="run-status">
              {elsewhere.includes(r.id) ? 'training in another tab' : r.status}
              {r.error && <span className="muted small" title={r.error}> ⚠</span>}
              <RepointRun run={r} />
            </td>
            <td>
              {r.step ?? 0} / {r.totalSteps ?? '?'}
            </td>
            <td>{formatScore(r.bestScore)}</td>
            <td className="train-run-actions">
              {resumable.includes(r.id) && (
                <button type="button" data-testid="run-resume" disabled={busy} onClick={() => resumeRun(r.id)}>
                  Resume
                </button>
              )}
              <button
                type="button"
                className="danger"
                disabled={(live?.runId === r.id && busy) || elsewhere.includes(r.id)}
                onClick={() => {
                  if (confirm(`Delete run "${r.name}" and its checkpoint?`)) void deleteRun(r.id);
                }}
              >
                Delete
              </button>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
