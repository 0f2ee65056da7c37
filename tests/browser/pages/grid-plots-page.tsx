// Renders the grid's plots (src/app/panels/research/GridPlots.tsx) on their own, for the browser test that
// feeds them the runs of a real `npm run grid`: `window.mmwGridPlots.render(runs)` mounts <GridPlots runs />.
import { createRoot } from 'react-dom/client';
import { GridPlots } from '../../../src/app/panels/research/GridPlots';
import type { RunRecord } from '../../../src/core/research/table';
import '../../../src/app/app.css';

const el = document.getElementById('root');
if (!el) throw new Error('grid-plots.html has no #root element');
const root = createRoot(el);

declare global {
  interface Window {
    mmwGridPlots: { render(runs: RunRecord[]): void };
  }
}
window.mmwGridPlots = { render: (runs) => root.render(<GridPlots runs={runs} />) };
document.body.dataset.ready = 'true';
