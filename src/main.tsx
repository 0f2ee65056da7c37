// Entry point: mount the workbench.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { useStore } from './app/store';
import './app/app.css';

// A first visit opens the viewer on the example X-rays (issue 9, item 8). Started before the first render, so
// the inference worker starts at once, and what waits for the example's prediction (plotly, the training
// worker, the phantoms) sees it pending from the start.
if (useStore.getState().firstVisit) void useStore.getState().openExample();

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
