// The Research panel (issue 10, items 4 and 5): queue an experiment grid (variants × label budgets × seeds ×
// test sets, equal effort), watch it train one cell at a time through the ordinary training path, and read its
// results as a paper-style table with confidence intervals and paired comparisons. The queue and the results
// are kept in IndexedDB: a reload continues the grid where it was.
import { useEffect, useMemo } from 'react';
import { finishedRunRecords } from '../../../core/research/grid-plan';
import type { GridRecord } from '../../../platform/storage';
import { useStore } from '../../store';
import { GridForm } from './GridForm';
import { GridQueue } from './GridQueue';
import { GridResults } from './GridResults';
import { GridPlots } from './GridPlots';
import './research.css';

/** The finished cells of a grid as RunRecords (what the results table and the plots read). */
function useGridRuns(g: GridRecord | undefined) {
  const cells = g?.cells;
  return useMemo(() => (cells ? finishedRunRecords(cells) : []), [cells]);
}

export function ResearchPanel() {
  const initResearch = useStore((s) => s.initResearch);
  const initTraining = useStore((s) => s.initTraining);
  const grids = useStore((s) => s.grids);
  const shownId = useStore((s) => s.shownGridId);
  const loaded = useStore((s) => s.gridsLoaded);
  useEffect(() => {
    void initTraining();
    void initResearch();
  }, [initTraining, initResearch]);
  const shown = grids.find((g) => g.id === shownId) ?? grids[0];
  const runs = useGridRuns(shown);

  return (
    <section className="panel research-panel" aria-labelledby="research-panel-title" data-testid="research-panel">
      <div className="panel-head">
        <h2 id="research-panel-title">Research (experiment grid)</h2>
      </div>
      <p className="small muted">
        Compare variants the way the paper's Table 2 does: every cell is an ordinary run (listed under Runs) trained for the same steps, then tested on the
        in-domain and cross-domain test sets. Cells train one at a time; the queue and the results survive a reload.
      </p>
      <GridForm />
      {loaded && grids.length > 0 && (
        <>
          {grids.length > 1 && (
            <label className="small">
              Grid{' '}
              <select data-testid="grid-select" value={shown?.id} onChange={(e) => useStore.getState().showGrid(e.target.value)}>
                {grids.map((g) => (
                  <option key={g.id} value={g.id}>
                    {g.name} ({g.status})
                  </option>
                ))}
              </select>
            </label>
          )}
          {shown && (
            <>
              <GridQueue g={shown} />
              <GridResults key={shown.id} runs={runs} defaultBaseline={shown.spec.baseline} name={shown.name} />
              {runs.length > 0 && <GridPlots runs={runs} />}
            </>
          )}
        </>
      )}
    </section>
  );
}
