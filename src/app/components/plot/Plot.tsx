// A small React wrapper around plotly.js. React owns the element and hands Plotly full redraws only when
// `data`/`layout` change (rare: a run selected, the smoothing changed). Live points go around React: the
// caller gets a PlotHandle through `onReady` and streams points with `extend` (Plotly.extendTraces), so a
// training step never re-renders a component. Colours follow the page's theme (theme.ts); a plot drawn while
// its section was hidden is resized when it becomes visible.
import { useEffect, useRef, useState } from 'react';
import type { Config, Data, Layout } from 'plotly.js-dist-min';
import { useStore } from '../../store';
import { plotTheme } from '../../theme';
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
};

/** The caller's layout over the base and the theme; axis, legend and font objects are merged, not replaced. */
function themedLayout(layout: Partial<Layout>, theme: 'light' | 'dark'): Partial<Layout> {
  const themed = plotTheme(theme);
  const merged: Record<string, unknown> = { ...BASE_LAYOUT, ...themed, ...layout };
  for (const key of ['xaxis', 'yaxis', 'yaxis2', 'font', 'legend'] as const) {
    const parts = [BASE_LAYOUT[key], themed[key], layout[key]].filter((p) => p !== undefined);
    if (parts.length > 0) merged[key] = Object.assign({}, ...parts);
  }
  // Only the caller's second y-axis gets themed: a themed axis alone would make Plotly draw an empty one.
  if (layout.yaxis2 === undefined) delete merged.yaxis2;
  // A legend box drawn over the plot takes the panel's colour in either theme.
  if (layout.legend?.bgcolor !== undefined) merged.legend = { ...(merged.legend as object), bgcolor: theme === 'dark' ? 'rgba(30,36,48,0.85)' : 'rgba(255,255,255,0.85)' };
  return merged as Partial<Layout>;
}

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
  const theme = useStore((s) => s.resolvedTheme);

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
    void plotly.react(el, copyTraces(data), themedLayout(layout, theme), CONFIG).then(() => {
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
  }, [plotly, data, layout, theme]);

  // Plotly sizes a plot from its box when drawn; one drawn in a hidden section (width 0) is resized when its
  // section is shown, and any plot follows its column's width.
  useEffect(() => {
    const el = ref.current;
    if (!plotly || !el || typeof ResizeObserver === 'undefined') return;
    let width = el.clientWidth;
    const observer = new ResizeObserver(() => {
      if (el.clientWidth === width || el.clientWidth === 0) return;
      width = el.clientWidth;
      if (el.classList.contains('js-plotly-plot')) void plotly.Plots.resize(el);
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, [plotly]);

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
