// One grid's queue: its state, progress and measured ETA; pause / continue / cancel / delete for the whole
// grid; per cell what it trained for, its state, and hold / release / move / cancel / retry.
import { cellLabel, cellSteps, type QueuedCell } from '../../../core/research/grid-plan';
import type { GridRecord } from '../../../platform/storage';
import { useStore } from '../../store';
import type { CellAction } from '../../store/research-slice';
import { formatDuration } from '../../components/format';
import { measuredGridEta } from './grid-eta';

const STATUS_TEXT: Record<QueuedCell['status'], string> = {
  queued: 'queued', held: 'held (skipped until released)', running: 'training', finished: 'finished', failed: 'failed', cancelled: 'cancelled',
};

function CellActions({ g, c }: { g: GridRecord; c: QueuedCell }) {
  const act = (a: CellAction) => void useStore.getState().cellAction(g.id, c.id, a);
  const waiting = c.status === 'queued' || c.status === 'held';
  return (
    <span className="grid-cell-actions">
      {waiting && (
        <>
          <button type="button" title="Move up" aria-label={`Move ${c.id} up`} onClick={() => act('up')}>
            ↑
          </button>
          <button type="button" title="Move down" aria-label={`Move ${c.id} down`} onClick={() => act('down')}>
            ↓
          </button>
        </>
      )}
      {c.status === 'queued' && (
        <button type="button" data-testid="cell-hold" onClick={() => act('hold')}>
          Hold
        </button>
      )}
      {c.status === 'held' && (
        <button type="button" data-testid="cell-release" onClick={() => act('release')}>
          Release
        </button>
      )}
      {(waiting || c.status === 'running') && (
        <button type="button" className="danger" data-testid="cell-cancel" onClick={() => act('cancel')}>
          Cancel
        </button>
      )}
      {(c.status === 'failed' || c.status === 'cancelled') && (
        <button type="button" data-testid="cell-retry" onClick={() => act('retry')}>
          Retry
        </button>
      )}
    </span>
  );
}

export function GridQueue({ g }: { g: GridRecord }) {
  const live = useStore((s) => s.live);
  const { pauseGrid, continueGrid, cancelGrid, deleteGrid } = useStore.getState();
  const { steps, epochs, stepsPerEpoch } = cellSteps(g.spec);
  const done = g.cells.filter((c) => c.status === 'finished').length;
  const counted = g.cells.filter((c) => c.status !== 'cancelled').length;
  const running = g.cells.find((c) => c.status === 'running');
  const runningLive = running && live?.runId === running.runId ? live : null;
  const stepsDone = done * steps + (runningLive?.step ?? 0);
  const eta = measuredGridEta(g, live);
  const open = g.status === 'active' || g.status === 'paused';

  return (
    <div className="grid-queue" data-testid="grid-queue" data-grid={g.id} data-status={g.status} data-done={done} data-total={counted}>
      <div className="grid-queue-head">
        <strong>{g.name}</strong>
        <span className="small">
          {' '}
          · {g.status} · {done} of {counted} runs finished · {stepsDone} / {counted * steps} steps
          {g.status === 'active' && ` · ETA ${eta === null ? '…' : formatDuration(eta / 1000)} (measured on the running cell)`}
        </span>
        <progress max={Math.max(counted * steps, 1)} value={stepsDone} aria-label="Grid progress" />
      </div>
      <div className="train-controls">
        {g.status === 'active' && (
          <button type="button" data-testid="grid-pause" onClick={() => void pauseGrid(g.id)}>
            Pause grid
          </button>
        )}
        {g.status === 'paused' && (
          <button type="button" className="primary" data-testid="grid-continue" onClick={() => void continueGrid(g.id)}>
            Continue grid
          </button>
        )}
        {open && (
          <button type="button" className="danger" data-testid="grid-cancel" onClick={() => void cancelGrid(g.id)}>
            Cancel grid
          </button>
        )}
        {!(g.status === 'active' && running) && (
          <button type="button" data-testid="grid-delete" onClick={() => void deleteGrid(g.id)} title="Deletes the grid and its results; its runs stay under Runs">
            Delete grid
          </button>
        )}
      </div>
      <table className="grid-cells">
        <thead>
          <tr>
            <th>#</th>
            <th>cell</th>
            <th>state</th>
            <th>trained for</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {g.cells.map((c, i) => {
            const trained = c.result ? Number(c.result.metrics.steps) : c.status === 'running' && runningLive ? runningLive.step : 0;
            return (
              <tr key={c.id} data-testid="grid-cell" data-cell={c.id} data-status={c.status}>
                <td>{i + 1}</td>
                <td>{cellLabel(c)}</td>
                <td>
                  {STATUS_TEXT[c.status]}
                  {c.status === 'running' && runningLive && ` (${runningLive.status}, step ${runningLive.step}/${runningLive.totalSteps || steps})`}
                  {c.error && <span className="field-error small"> — {c.error}</span>}
                </td>
                <td className="small">
                  {c.status === 'finished' ? `${trained} steps` : `${trained} of ${steps} steps`} ({epochs} × {stepsPerEpoch})
                </td>
                <td>{open && <CellActions g={g} c={c} />}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
