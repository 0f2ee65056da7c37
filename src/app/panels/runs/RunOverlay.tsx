// The same curve of several runs in one plot: pick the series (loss/total, val/seg/dice, …), one line per run.
import { useMemo, useState } from 'react';
import type { RunRecord } from '../../../platform/storage';
import { SmoothingControls } from '../curves/SmoothingControls';
import { SeriesPlot, type CurveSource } from '../curves/SeriesPlot';
import { curveNames } from './run-metrics';
import { provenanceTag } from '../../components/ProvenanceBadge';

const PALETTE = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b', '#e377c2', '#17becf', '#bcbd22', '#7f7f7f'];

export function RunOverlay({ runs }: { runs: readonly RunRecord[] }) {
  const names = useMemo(() => curveNames(runs), [runs]);
  const [wanted, setWanted] = useState('loss/total');
  const [smoothing, setSmoothing] = useState(0.6);
  const [logY, setLogY] = useState(false);
  const curve = names.includes(wanted) ? wanted : (names[0] ?? wanted);
  const perEpoch = curve.startsWith('val/');

  // One series per run, keyed by run id; a new object whenever the runs or the curve change (a redraw).
  const specs = useMemo(() => runs.map((r, i) => ({ name: r.id, label: `${r.name}${provenanceTag(r.provenance)}`, color: PALETTE[i % PALETTE.length]! })), [runs]);
  const source = useMemo<CurveSource>(() => {
    const curves = Object.fromEntries(runs.map((r) => [r.id, r.curves[curve] ?? []]));
    return { get: () => curves };
  }, [runs, curve]);

  return (
    <div className="run-overlay" data-testid="run-overlay">
      <div className="curve-controls">
        <label>
          Curve{' '}
          <select value={curve} onChange={(e) => setWanted(e.currentTarget.value)} aria-label="Curve to compare">
            {names.map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        </label>
      </div>
      <SmoothingControls smoothing={smoothing} setSmoothing={setSmoothing} logY={logY} setLogY={setLogY} />
      <SeriesPlot title={curve} specs={specs} smoothing={perEpoch ? 0 : smoothing} logY={logY} xAxis={perEpoch ? 'epoch' : 'step'}
        source={source} markers={perEpoch} />
    </div>
  );
}
