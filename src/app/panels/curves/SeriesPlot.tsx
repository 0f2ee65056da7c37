// One plot of named series: either fixed curves (a stored run) or live ones, where new points go straight
// to Plotly.extendTraces from a transient store subscription — no React render per training step.
// Smoothing, the log axis or another run rebuild the traces once.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { Data, Layout } from 'plotly.js-dist-min';
import { Plot, type PlotHandle } from '../../components/plot/Plot';
import type { CurvePoint } from '../../../platform/storage';
import { SeriesTracker, type SeriesSpec, type TraceData, type XAxis } from './series-tracker';

/** Minimum interval between live plot updates. */
const PLOT_UPDATE_MS = 1000;

export type Curves = Readonly<Record<string, readonly CurvePoint[] | undefined>>;

/**
 * Where a plot's curves come from. `get` returns the same object while the same run is shown (its arrays may
 * grow in place); a different object means a different run, which redraws. `subscribe` (live sources)
 * calls back when points may have been added.
 */
export interface CurveSource {
  get(): Curves;
  subscribe?(onChange: () => void): () => void;
}

export interface SeriesPlotProps {
  title: string;
  specs: readonly SeriesSpec[];
  /** EMA β; 0 = raw values only. */
  smoothing: number;
  logY: boolean;
  xAxis?: XAxis;
  yTitle?: string;
  /** Title of the right-hand y-axis, for specs with `rightAxis`. */
  y2Title?: string;
  source: CurveSource;
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
    ...(t.rightAxis ? { yaxis: 'y2' as const } : {}),
  };
}

export function SeriesPlot({ title, specs, smoothing, logY, xAxis = 'step', yTitle, y2Title, source, markers = false }: SeriesPlotProps) {
  // Bumped when the shown run changes or a series shrinks: rebuild the traces from scratch.
  const [generation, setGeneration] = useState(0);
  const drawnFrom = useRef<Curves | null>(null);

  const layout = useMemo<Partial<Layout>>(
    () => ({
      title: { text: title, font: { size: 13 } },
      xaxis: { title: { text: xAxis, standoff: 4 }, rangemode: 'tozero', ...(xAxis === 'epoch' ? { dtick: 1 } : {}) },
      // From zero: a nearly constant series (a learning rate) must not be zoomed into its rounding noise.
      yaxis: { type: logY ? 'log' : 'linear', title: yTitle ? { text: yTitle } : undefined, exponentformat: 'power', ...(logY ? {} : { rangemode: 'tozero' }) },
      ...(specs.some((sp) => sp.rightAxis)
        ? {
            yaxis2: { overlaying: 'y', side: 'right', title: y2Title ? { text: y2Title } : undefined, range: [0, 1], tickformat: '.0%', tickmode: 'linear', dtick: 0.25, showgrid: false },
            margin: { l: 64, r: 56, t: 32, b: 96 },
          }
        : {}),
    }),
    [title, xAxis, logY, yTitle, y2Title, specs],
  );

  // Any redraw (Plotly.react) replaces what extendTraces added, so every input of a redraw — the layout
  // included — rebuilds the traces from the current curves. `generation` bumps on a reset.
  const tracker = useMemo(() => new SeriesTracker(specs, smoothing, xAxis), [specs, smoothing, xAxis, generation, source, layout]);
  const data = useMemo(() => {
    const curves = source.get();
    drawnFrom.current = curves;
    return tracker.traces(curves).map((t) => toPlotly(t, markers));
  }, [tracker, source, markers]);

  const handle = useRef<PlotHandle | null>(null);
  const sync = useCallback(() => {
    const h = handle.current;
    if (!h) return; // not drawn yet: onReady catches up
    const curves = source.get();
    const ext = curves === drawnFrom.current ? tracker.extend(curves) : 'reset';
    if (ext === 'reset') setGeneration((g) => g + 1);
    else if (ext) void h.extend(ext);
  }, [tracker, source]);

  const onReady = useCallback(
    (h: PlotHandle | null) => {
      handle.current = h;
      if (h) sync();
    },
    [sync],
  );

  // Coalesce live updates to at most one extendTraces per PLOT_UPDATE_MS: each one costs plotly a 50–300 ms
  // relayout on a slow machine, and the worker may send progress several times a second.
  useEffect(() => {
    if (!source.subscribe) return undefined;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let last = -Infinity;
    const unsubscribe = source.subscribe(() => {
      if (timer !== undefined) return;
      timer = setTimeout(() => {
        timer = undefined;
        last = performance.now();
        sync();
      }, Math.max(0, last + PLOT_UPDATE_MS - performance.now()));
    });
    return () => {
      unsubscribe();
      if (timer !== undefined) clearTimeout(timer);
    };
  }, [source, sync]);

  return (
    <Plot data={data} layout={layout} label={title} onReady={onReady} />
  );
}
