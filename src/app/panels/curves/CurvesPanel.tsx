// Live curves of the current run: loss terms per step, validation metrics per epoch, throughput with progress
// and ETA. Points arrive through a transient store subscription and Plotly.extendTraces; only the progress
// line re-renders (the training slice throttles it to a few times a second).
import { useMemo, useState } from 'react';
import type { CurvePoint } from '../../../platform/storage';
import { useStore, type Full } from '../../store';
import { scheduleSpecs, specsFor, THROUGHPUT } from './curve-specs';
import { LiveCurves } from './live-curves';
import { RunProgress } from '../../components/RunProgress';
import { SeriesPlot, type CurveSource, type Curves } from './SeriesPlot';
import { SmoothingControls } from './SmoothingControls';
import './curves.css';

const EMPTY: Curves = {};
let current: LiveCurves | null = null;
let currentStored: Record<string, CurvePoint[]> | null = null;

function liveCurves(s: Full): Curves {
  const runId = s.live?.runId;
  if (!runId) return EMPTY;
  const stored = s.liveStoredCurves?.runId === runId ? s.liveStoredCurves.curves : null;
  // A new run, or the stored curves of a resumed one arrived: start over (the plots redraw).
  if (current?.runId !== runId || (stored !== null && currentStored !== stored)) {
    current = new LiveCurves(runId, stored ?? {});
    currentStored = stored;
  }
  current.update(s.livePoints[runId] ?? [], s.liveEpochs[runId] ?? []);
  return current.curves;
}

/** One source for all three plots: the live run, re-read whenever the slice reports new points. */
const LIVE_SOURCE: CurveSource = {
  get: () => liveCurves(useStore.getState()),
  subscribe: (onChange) =>
    useStore.subscribe((s, prev) => {
      if (s.livePointsVersion !== prev.livePointsVersion || s.live?.runId !== prev.live?.runId) onChange();
    }),
};

export function CurvesPanel() {
  const [smoothing, setSmoothing] = useState(0.6);
  const [logY, setLogY] = useState(false);
  // The variant of the run on screen (its record), else the one being configured.
  const variant = useStore((s) => s.runs.find((r) => r.id === s.live?.runId)?.config.model.variant ?? s.config.run.model.variant);
  const specs = useMemo(() => specsFor(variant), [variant]);
  const schedule = useMemo(() => scheduleSpecs(variant), [variant]);

  return (
    <section className="panel curves-panel" aria-labelledby="curves-panel-title">
      <div className="panel-head">
        <h2 id="curves-panel-title">Live curves</h2>
      </div>
      <RunProgress compact />
      <SmoothingControls smoothing={smoothing} setSmoothing={setSmoothing} logY={logY} setLogY={setLogY} />
      <div className="plot-grid" data-testid="live-curves">
        <SeriesPlot title="Loss terms" specs={specs.losses} smoothing={smoothing} logY={logY} source={LIVE_SOURCE} />
        <SeriesPlot title="Validation (per epoch)" specs={specs.validation} smoothing={0} logY={false} xAxis="epoch" source={LIVE_SOURCE} markers />
        <SeriesPlot title="Throughput" specs={THROUGHPUT} smoothing={smoothing} logY={false} yTitle="images/s" source={LIVE_SOURCE} />
        <SeriesPlot title="Schedule and pseudo-labels" specs={schedule} smoothing={smoothing} logY={false} yTitle="learning rate"
          y2Title="confident share" source={LIVE_SOURCE} />
      </div>
    </section>
  );
}
