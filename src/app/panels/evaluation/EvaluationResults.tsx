// The results of one evaluation: metrics side by side, ROC curves, confusion matrices, per-image Dice box plot.
import { useMemo } from 'react';
import type { Layout } from 'plotly.js-dist-min';
import { formatMetric } from '../../../core/metrics';
import type { RoleEvaluation } from '../../../platform/workers/train.protocol';
import { Plot } from '../../components/plot/Plot';
import { useStore } from '../../store';
import { confusionCells, diceBoxTraces, metricRows, rocTraces, ROLE_TITLES } from './figures';

const ROC_LAYOUT: Partial<Layout> = {
  title: { text: 'ROC (pneumonia vs normal)' },
  xaxis: { title: { text: 'false-positive rate' }, range: [0, 1] },
  yaxis: { title: { text: 'true-positive rate' }, range: [0, 1.02] },
  // Inside the plot, bottom right (where a useful ROC curve never is), clear of the axis title.
  legend: { x: 0.98, y: 0.04, xanchor: 'right', yanchor: 'bottom', orientation: 'v', bgcolor: 'rgba(255,255,255,0.8)' },
  height: 320,
};
const DICE_LAYOUT: Partial<Layout> = {
  title: { text: 'Per-image Dice' },
  yaxis: { title: { text: 'Dice' }, range: [0, 1.02] },
  showlegend: false,
  height: 320,
};

export function EvaluationResults({ evaluations }: { evaluations: RoleEvaluation[] }) {
  const rows = useMemo(() => metricRows(evaluations), [evaluations]);
  const roc = useMemo(() => rocTraces(evaluations), [evaluations]);
  const dice = useMemo(() => diceBoxTraces(evaluations), [evaluations]);
  const datasets = useStore((s) => s.datasets);
  const nameOf = (id: string) => datasets.find((d) => d.id === id)?.name ?? id;
  return (
    <div className="eval-results">
      <table className="eval-metrics" data-testid="eval-metrics">
        <thead>
          <tr>
            <th>Metric</th>
            {evaluations.map((e) => <th key={e.role}>{ROLE_TITLES[e.role]}</th>)}
          </tr>
          <tr className="eval-sources">
            <th scope="row">Datasets</th>
            {evaluations.map((e) => <td key={e.role}>{e.datasetIds.map(nameOf).join(', ')}</td>)}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={`${r.head}-${r.key}`} className={r.key === 'n' ? 'count-row' : ''}>
              <th scope="row" title={r.description}>{r.label}{r.unit ? ` (${r.unit})` : ''}{r.key !== 'n' && <span className="direction">{r.higherIsBetter ? ' ↑' : ' ↓'}</span>}</th>
              {r.values.map((v, i) => <td key={i}>{formatMetric(v, r.key)}</td>)}
            </tr>
          ))}
        </tbody>
      </table>
      <div className="eval-plots">
        {roc.length > 0 && <Plot data={roc} layout={ROC_LAYOUT} label="ROC curves" className="eval-roc" />}
        {dice.length > 0 && <Plot data={dice} layout={DICE_LAYOUT} label="Per-image Dice box plot" className="eval-dice" />}
      </div>
      <div className="eval-confusions">
        {evaluations.map((e) => e.result.cls && (
          <table key={e.role} className="confusion" aria-label={`Confusion matrix, ${ROLE_TITLES[e.role]}`}>
            <caption>{ROLE_TITLES[e.role]}: confusion matrix</caption>
            <thead>
              <tr><th>true ↓ / predicted →</th><th>normal</th><th>pneumonia</th></tr>
            </thead>
            <tbody>
              {confusionCells(e.result.cls.confusion).map((row) => (
                <tr key={row.truth}>
                  <th scope="row">{row.truth}</th>
                  {row.cells.map((c, i) => (
                    <td key={i} style={{ background: `rgba(31, 119, 180, ${Number.isFinite(c.share) ? 0.1 + 0.6 * c.share : 0})` }}>
                      <strong>{c.count}</strong>
                      <span className="share">{Number.isFinite(c.share) ? ` ${Math.round(c.share * 100)} %` : ''}</span>
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        ))}
      </div>
    </div>
  );
}
