// plotly.js is ~4 MB of JavaScript: it is imported on first use (its own chunk), never in the first paint.
// One shared promise, so every plot on the page waits for the same download. On a first visit the download
// waits until the example prediction is on screen: the Train section's curves are mounted (hidden) from the
// start, and parsing plotly then took a core from the inference worker's start (issue 9: prediction < 5 s).
import type PlotlyDefault from 'plotly.js-dist-min';
import { exampleShown } from '../../store/viewer-slice';

export type Plotly = typeof PlotlyDefault;

let loading: Promise<Plotly> | null = null;

export function loadPlotly(): Promise<Plotly> {
  loading ??= exampleShown().then(() => import('plotly.js-dist-min')).then((m) => m.default);
  // A failed download (e.g. the dev server went away) may be retried by the next plot.
  loading.catch(() => (loading = null));
  return loading;
}
