// Past runs: the list (from IndexedDB via the training slice), curves of the selected runs overlaid, a table
// of their best validation metrics (and test metrics on request), and each run's curves as CSV.
import { useEffect, useMemo, useRef, useState } from 'react';
import type { CurvePoint, RunRecord } from '../../../platform/storage';
import { useStore } from '../../store';
import { messageOf } from '../../store/services';
import { decimateCurves } from '../../components/plot/decimate';
import { RunOverlay } from './RunOverlay';
import { RunTable } from './RunTable';
import './runs.css';

export function RunsPanel() {
  const runs = useStore((s) => s.runs);
  const refreshRuns = useStore((s) => s.refreshRuns);
  const initTraining = useStore((s) => s.initTraining);
  const runCurves = useStore((s) => s.runCurves);
  const notify = useStore((s) => s.notify);
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  // Curves of the ticked runs, loaded on demand (the list holds summaries only) and decimated for plotting;
  // loaded again when a run's record changed since.
  const [loaded, setLoaded] = useState<Record<string, { updated: number; curves: Record<string, CurvePoint[]> }>>({});
  const requested = useRef(new Set<string>());

  useEffect(() => {
    void initTraining();
    void refreshRuns();
  }, [initTraining, refreshRuns]);

  // Deleted runs drop out of the selection.
  const chosen = useMemo(() => runs.filter((r) => selected.has(r.id)), [runs, selected]);
  useEffect(() => {
    for (const run of chosen) {
      const key = `${run.id}@${run.updated}`;
      if (loaded[run.id]?.updated === run.updated || requested.current.has(key)) continue;
      requested.current.add(key);
      runCurves(run.id).then(
        (curves) => setLoaded((l) => ({ ...l, [run.id]: { updated: run.updated, curves: decimateCurves(curves) } })),
        (err: unknown) => notify('error', `Could not read the curves of "${run.name}": ${messageOf(err)}`),
      );
    }
  }, [chosen, loaded, runCurves, notify]);
  const overlaid = useMemo<RunRecord[]>(
    () => chosen.flatMap((r) => {
      const l = loaded[r.id];
      if (!l) return [];
      const { validation: _validation, ...rest } = r;
      return [{ ...rest, curves: l.curves }];
    }),
    [chosen, loaded],
  );
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
            <RunOverlay runs={overlaid} />
          ) : (
            <p className="muted small">Tick runs to overlay their curves.</p>
          )}
        </>
      )}
    </section>
  );
}
