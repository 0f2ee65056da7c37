// A small React wrapper around plotly.js. React owns the element and hands Plotly full redraws only when
// `data`/`layout` change (rare: a run selected, the smoothing changed). Live points go around React: the
// caller gets a PlotHandle through `onReady` and streams points with `extend` (Plotly.extendTraces), so a
// training step never re-renders a component.
import { useEffect, useRef, useState } from 'react';
import type { Config, Data, Layout } from 'plotly.js-dist-min';
import { loadPlotly, type Plotly } from './load-plotly';
import './plot.css';

export interface TraceExtension {
  /** Trace indices (as in `data`) and, for each, the new x and y values. */
  indices: number[];
  x: number[][];
  y: number[][];
}

export interface PlotHandle {
  readonly element: HTMLElement;
  extend(ext: TraceExtension): Promise<void>;
  relayout(layout: Partial<Layout>): Promise<void>;
}

export interface PlotProps {
  data: Data[];
  layout: Partial<Layout>;
  /** Accessible name of the plot region. */
  label: string;
  className?: string;
  /** Called with a handle when the plot has been drawn (again after every full redraw), null on unmount. */
  onReady?: (handle: PlotHandle | null) => void;
}

const CONFIG: Partial<Config> = { responsive: true, displaylogo: false, modeBarButtonsToRemove: ['select2d', 'lasso2d'] };

const BASE_LAYOUT: Partial<Layout> = {
  margin: { l: 56, r: 16, t: 32, b: 96 },
  height: 310,
  // Below the x-axis title, growing downwards, so several rows of entries never cover the axis.
  legend: { orientation: 'h', x: 0, y: -0.22, yanchor: 'top' },
  font: { size: 11 },
  paper_bgcolor: 'rgba(0,0,0,0)',
  plot_bgcolor: 'rgba(0,0,0,0)',
};

/** Plotly keeps (and extendTraces grows) the arrays it is given: give it copies, never React's props. */
function copyTraces(data: Data[]): Data[] {
  return data.map((t) => {
    const c = { ...t } as Record<string, unknown>;
    for (const k of ['x', 'y'] as const) if (Array.isArray(c[k])) c[k] = [...(c[k] as unknown[])];
    return c as Data;
  });
}

export function Plot({ data, layout, label, className, onReady }: PlotProps) {
  const ref = useRef<HTMLDivElement>(null);
  const [plotly, setPlotly] = useState<Plotly | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const onReadyRef = useRef(onReady);
  onReadyRef.current = onReady;

  useEffect(() => {
    let live = true;
    loadPlotly().then(
      (p) => live && setPlotly(() => p),
      (err: unknown) => live && setLoadError(err instanceof Error ? err.message : String(err)),
    );
    return () => {
      live = false;
    };
  }, []);

  useEffect(() => {
    const el = ref.current;
    if (!plotly || !el) return;
    let live = true;
    // Counted on the element so tests can check that live points arrive by extendTraces, not by redraws.
    el.dataset.redraws = String(Number(el.dataset.redraws ?? 0) + 1);
    void plotly.react(el, copyTraces(data), { ...BASE_LAYOUT, ...layout }, CONFIG).then(() => {
      if (!live) return;
      onReadyRef.current?.({
        element: el,
        extend: async ({ indices, x, y }) => {
          if (indices.length > 0 && x.some((xs) => xs.length > 0)) await plotly.extendTraces(el, { x, y } as Data, indices);
        },
        relayout: async (l) => void (await plotly.relayout(el, l)),
      });
    });
    return () => {
      live = false;
      onReadyRef.current?.(null);
    };
  }, [plotly, data, layout]);

  // Free Plotly's listeners and WebGL contexts when the plot goes away.
  useEffect(() => {
    const el = ref.current;
    return () => {
      if (el && plotly) plotly.purge(el);
    };
  }, [plotly]);

  return (
    <div className={`plot ${className ?? ''}`} role="figure" aria-label={label}>
      {!plotly && !loadError && <p className="plot-loading">Loading plot…</p>}
      {loadError && <p className="field-error">The plotting library could not be loaded: {loadError}</p>}
      <div ref={ref} className="plot-area" />
    </div>
  );
}
