// The workbench shell: a header and a column of panels (data, configuration, train, live curves, runs, viewer,
// evaluation, models), each behind its own error boundary. A new panel is one entry in PANELS below.
import type { ComponentType } from 'react';
import { PanelBoundary } from './components/PanelBoundary';
import { Notices } from './components/Notices';
import { StorageBanner } from './components/StorageBanner';
import { DataPanel } from './panels/data/DataPanel';
import { TrainPanel } from './panels/train/TrainPanel';
import { ConfigPanel } from './panels/config/ConfigPanel';
import { CurvesPanel } from './panels/curves/CurvesPanel';
import { RunsPanel } from './panels/runs/RunsPanel';
import { ViewerPanel } from './panels/viewer/ViewerPanel';
import { EvaluationPanel } from './panels/evaluation/EvaluationPanel';
import { ModelsPanel } from './panels/models/ModelsPanel';

const PANELS: ReadonlyArray<{ id: string; title: string; Panel: ComponentType }> = [
  { id: 'data', title: 'Data', Panel: DataPanel },
  { id: 'config', title: 'Configuration', Panel: ConfigPanel },
  { id: 'train', title: 'Train', Panel: TrainPanel },
  { id: 'curves', title: 'Live curves', Panel: CurvesPanel },
  { id: 'runs', title: 'Runs', Panel: RunsPanel },
  { id: 'viewer', title: 'Viewer', Panel: ViewerPanel },
  { id: 'evaluation', title: 'Evaluation', Panel: EvaluationPanel },
  { id: 'models', title: 'Models', Panel: ModelsPanel },
];

export function App() {
  return (
    <div className="app">
      <header className="app-header">
        <h1>MultiMix Workbench</h1>
        <p className="tagline">
          Joint pneumonia classification and lung segmentation, trained in your browser. Nothing leaves this tab.
        </p>
      </header>
      <StorageBanner />
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
