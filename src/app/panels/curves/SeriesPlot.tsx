// One plot of named series: either fixed curves (a finished run) or live ones read from the store, where
// new points go straight to Plotly.extendTraces from a transient store subscription — no React render per
// training step. Smoothing, log axis or a shorter series (a new run) rebuild the traces once.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { Data, Layout } from 'plotly.js-dist-min';
import { Plot, type PlotHandle } from '../../components/plot/Plot';
import type { CurvePoint } from '../../../platform/storage';
import { useStore, type Full } from '../../store';
import { SeriesTracker, type SeriesSpec, type TraceData, type XAxis } from './series-tracker';

export type Curves = Readonly<Record<string, readonly CurvePoint[] | undefined>>;

export interface SeriesPlotProps {
  title: string;
  specs: readonly SeriesSpec[];
  /** EMA β; 0 = raw values only. */
  smoothing: number;
  logY: boolean;
  xAxis?: XAxis;
  yTitle?: string;
  /** Live source: called on every store change; must return the same object while nothing changed. */
  select?: (s: Full) => Curves;
  /** Fixed source, used when `select` is absent. */
  curves?: Curves;
  /** Lines with markers (few points, e.g. one per epoch). */
  markers?: boolean;
}

function toPlotly(t: TraceData, markers: boolean): Data {
  return {
    type: 'scatter',
    mode: markers ? 'lines+markers' : 'lines',
    name: t.name,
    x: t.x,
    y: t.y,
    showlegend: !t.raw,
    hoverinfo: t.raw ? 'skip' : 'x+y+name',
    line: { color: t.color, width: t.raw ? 1 : 2 },
    opacity: t.raw ? 0.3 : 1,
    connectgaps: false,
  };
}

export function SeriesPlot({ title, specs, smoothing, logY, xAxis = 'step', yTitle, select, curves, markers = false }: SeriesPlotProps) {
  // Bumped when a live series shrinks (a new run): rebuild from scratch.
  const [generation, setGeneration] = useState(0);
  const current = useCallback((): Curves => (select ? select(useStore.getState()) : (curves ?? {})), [select, curves]);

  // `generation` and `current` are deliberate dependencies: a new source or a reset means a new tracker.
  const tracker = useMemo(() => new SeriesTracker(specs, smoothing, xAxis), [specs, smoothing, xAxis, generation, current]);
  const data = useMemo(() => tracker.traces(current()).map((t) => toPlotly(t, markers)), [tracker, current, markers]);
  const layout = useMemo<Partial<Layout>>(
    () => ({
      title: { text: title, font: { size: 13 } },
      xaxis: { title: { text: xAxis }, rangemode: 'tozero' },
      yaxis: { type: logY ? 'log' : 'linear', title: yTitle ? { text: yTitle } : undefined, exponentformat: 'power' },
    }),
    [title, xAxis, logY, yTitle],
  );

  const handle = useRef<PlotHandle | null>(null);
  const sync = useCallback(() => {
    const h = handle.current;
    if (!h) return; // not drawn yet: onReady catches up
    const ext = tracker.extend(current());
    if (ext === 'reset') setGeneration((g) => g + 1);
    else if (ext) void h.extend(ext);
  }, [tracker, current]);

  const onReady = useCallback(
    (h: PlotHandle | null) => {
      handle.current = h;
      if (h) sync();
    },
    [sync],
  );

  useEffect(() => {
    if (!select) return;
    return useStore.subscribe((s, prev) => {
      if (select(s) !== select(prev)) sync();
    });
  }, [select, sync]);

  return <Plot data={data} layout={layout} label={title} onReady={onReady} />;
}
