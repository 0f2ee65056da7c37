// Past runs: the list (from IndexedDB via the training slice), curves of the selected runs overlaid, a table
// of their best validation metrics (and test metrics on request), and each run's curves as CSV.
import { useEffect, useMemo, useState } from 'react';
import { useStore } from '../../store';
import { RunOverlay } from './RunOverlay';
import { RunTable } from './RunTable';
import './runs.css';

export function RunsPanel() {
  const runs = useStore((s) => s.runs);
  const refreshRuns = useStore((s) => s.refreshRuns);
  const initTraining = useStore((s) => s.initTraining);
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());

  useEffect(() => {
    void initTraining();
    void refreshRuns();
  }, [initTraining, refreshRuns]);

  // Deleted runs drop out of the selection.
  const chosen = useMemo(() => runs.filter((r) => selected.has(r.id)), [runs, selected]);
  const toggle = (id: string) =>
    setSelected((s) => {
      const next = new Set(s);
      if (!next.delete(id)) next.add(id);
      return next;
    });

  return (
    <section className="panel runs-panel" aria-labelledby="runs-panel-title">
      <div className="panel-head">
        <h2 id="runs-panel-title">Runs</h2>
        <button type="button" className="link" onClick={() => void refreshRuns()}>
          Refresh
        </button>
      </div>
      {runs.length === 0 ? (
        <p className="muted small">No runs stored yet. Every run you start is kept here with its curves.</p>
      ) : (
        <>
          <RunTable runs={runs} selected={selected} onToggle={toggle} />
          {chosen.length > 0 ? (
            <RunOverlay runs={chosen} />
          ) : (
            <p className="muted small">Tick runs to overlay their curves.</p>
          )}
        </>
      )}
    </section>
  );
}
