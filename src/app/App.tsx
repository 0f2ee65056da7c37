// The workbench shell: a header and a column of panels, each behind its own error boundary.
// Panels to come (train, curves, viewer, evaluation) are added to PANELS below.
import type { ComponentType } from 'react';
import { PanelBoundary } from './components/PanelBoundary';
import { Notices } from './components/Notices';
import { DataPanel } from './panels/data/DataPanel';

const PANELS: ReadonlyArray<{ id: string; title: string; Panel: ComponentType }> = [{ id: 'data', title: 'Data', Panel: DataPanel }];

export function App() {
  return (
    <div className="app">
      <header className="app-header">
        <h1>MultiMix Workbench</h1>
        <p className="tagline">
          Joint pneumonia classification and lung segmentation, trained in your browser. Nothing leaves this tab.
        </p>
      </header>
      <Notices />
      <main className="panels">
        {PANELS.map(({ id, title, Panel }) => (
          <PanelBoundary key={id} title={title}>
            <Panel />
          </PanelBoundary>
        ))}
      </main>
    </div>
  );
}
