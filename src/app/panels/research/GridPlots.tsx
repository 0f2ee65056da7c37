// The plots of an experiment grid (issue 10, item 8): per-image Dice box plots per variant, Bland–Altman of
// predicted vs true lung area, ROC curves per variant with AUC in the legend, and consistency curves (a metric
// against the label budget, ± std over seeds). Each exports as PNG or SVG; a plot with nothing to draw says why.
// Takes finished runs as the grid reads them (RunRecord: metrics.json + per-image.json), so the Research panel,
// a merged headless grid or a test can render the same figures.
import { useMemo, useState } from 'react';
import { Plot } from '../../components/plot/Plot';
import { ExportButtons } from '../../components/plot/ExportButtons';
import { metricSpec } from '../../../core/metrics';
import { CLS_COLUMNS, SEG_COLUMNS, type RunRecord } from '../../../core/research/table';
import { blandAltmanFigure, consistencyFigure, diceBoxFigure, rocFigure, type Figure, type TestSet } from './grid-plot-traces';
import './grid-plots.css';

function GridFigure({ name, label, figure }: { name: string; label: string; figure: Figure }) {
  const [element, setElement] = useState<HTMLElement | null>(null);
  return (
    <figure className="grid-plot" data-plot={name}>
      {figure.empty ? (
        <p className="grid-plot-empty" role="note" aria-label={`${label}: nothing to draw`}>{figure.empty}</p>
      ) : (
        <>
          <Plot data={figure.data} layout={figure.layout} label={label} onReady={(h) => setElement(h?.element ?? null)} />
          <figcaption>
            <ExportButtons element={element} filename={`grid-${name}`} />
            {figure.note && <span className="grid-plot-note">{figure.note}</span>}
          </figcaption>
        </>
      )}
    </figure>
  );
}

export function GridPlots({ runs }: { runs: readonly RunRecord[] }) {
  const [set, setSet] = useState<TestSet>('in');
  const hasCross = runs.some((r) => r.perImage.crossSeg || r.perImage.crossCls);
  const testSet: TestSet = hasCross ? set : 'in';
  // Consistency metrics: the table's columns that some run reports on this test set.
  const metrics = useMemo(() => {
    const blocks = testSet === 'in' ? (['seg', 'cls'] as const) : (['crossSeg', 'crossCls'] as const);
    return [...SEG_COLUMNS.map((m) => [blocks[0], m] as const), ...CLS_COLUMNS.map((m) => [blocks[1], m] as const)]
      .filter(([b, m]) => runs.some((r) => typeof (r.metrics[b] as Record<string, unknown> | undefined)?.[m] === 'number'))
      .map(([, m]) => m as string);
  }, [runs, testSet]);
  const [chosen, setMetric] = useState<string>('dice');
  const metric = metrics.includes(chosen) ? chosen : (metrics[0] ?? 'dice');
  const figures = useMemo(() => ({
    dice: diceBoxFigure(runs, testSet),
    area: blandAltmanFigure(runs, testSet),
    roc: rocFigure(runs, testSet),
    consistency: consistencyFigure(runs, testSet, metric),
  }), [runs, testSet, metric]);

  if (runs.length === 0) return <p className="grid-plot-empty">No finished runs yet: the plots appear as the grid's runs finish.</p>;
  return (
    <section className="grid-plots" aria-label="Grid plots">
      <div className="grid-plots-controls">
        <label>
          Test set{' '}
          <select value={testSet} onChange={(e) => setSet(e.target.value as TestSet)} aria-label="Test set of the plots">
            <option value="in">in-domain</option>
            <option value="cross" disabled={!hasCross}>cross-domain{hasCross ? '' : ' (none in these runs)'}</option>
          </select>
        </label>
        <label>
          Consistency metric{' '}
          <select value={metric} onChange={(e) => setMetric(e.target.value)} aria-label="Metric of the consistency curves" disabled={metrics.length === 0}>
            {metrics.map((m) => <option key={m} value={m}>{metricSpec(m)?.label ?? m}</option>)}
          </select>
        </label>
      </div>
      <div className="grid-plots-figures">
        <GridFigure name="dice-box" label="Per-image Dice box plot per variant" figure={figures.dice} />
        <GridFigure name="lung-area" label="Bland–Altman of predicted vs true lung area" figure={figures.area} />
        <GridFigure name="roc" label="ROC curves per variant" figure={figures.roc} />
        <GridFigure name="consistency" label="Consistency curves: metric vs label budget" figure={figures.consistency} />
      </div>
    </section>
  );
}
