// plotly.js is ~4 MB of JavaScript: it is imported on first use (its own chunk), never in the first paint.
// One shared promise, so every plot on the page waits for the same download.
import type PlotlyDefault from 'plotly.js-dist-min';

export type Plotly = typeof PlotlyDefault;

let loading: Promise<Plotly> | null = null;

export function loadPlotly(): Promise<Plotly> {
  loading ??= import('plotly.js-dist-min').then((m) => m.default);
  // A failed download (e.g. the dev server went away) may be retried by the next plot.
  loading.catch(() => (loading = null));
  return loading;
}
