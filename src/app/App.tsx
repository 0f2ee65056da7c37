// The workbench shell: a header and a column of panels (data, configuration, train, live curves, runs, viewer,
// evaluation, models), each behind its own error boundary. A new panel is one entry in PANELS below.
import { useEffect, type ComponentType } from 'react';
import { useStore } from './store';
import { PanelBoundary } from './components/PanelBoundary';
import { Notices } from './components/Notices';
import { StorageBanner } from './components/StorageBanner';
import { RunControlBar } from './components/RunControlBar';
import { DataPanel } from './panels/data/DataPanel';
import { TrainPanel } from './panels/train/TrainPanel';
import { ConfigPanel } from './panels/config/ConfigPanel';
import { CurvesPanel } from './panels/curves/CurvesPanel';
import { RunsPanel } from './panels/runs/RunsPanel';
import { ViewerPanel } from './panels/viewer/ViewerPanel';
import { EvaluationPanel } from './panels/evaluation/EvaluationPanel';
import { ModelsPanel } from './panels/models/ModelsPanel';
import { ResearchPanel } from './panels/research/ResearchPanel';

const PANELS: ReadonlyArray<{ id: string; title: string; Panel: ComponentType }> = [
  { id: 'data', title: 'Data', Panel: DataPanel },
  { id: 'config', title: 'Configuration', Panel: ConfigPanel },
  { id: 'train', title: 'Train', Panel: TrainPanel },
  { id: 'curves', title: 'Live curves', Panel: CurvesPanel },
  { id: 'runs', title: 'Runs', Panel: RunsPanel },
  { id: 'viewer', title: 'Viewer', Panel: ViewerPanel },
  { id: 'evaluation', title: 'Evaluation', Panel: EvaluationPanel },
  { id: 'models', title: 'Models', Panel: ModelsPanel },
  { id: 'research', title: 'Research (experiment grid)', Panel: ResearchPanel },
];

/** Remembers the panel nearest the top of the window and scrolls back to it after a reload (issue 9). */
function usePanelInView(): void {
  useEffect(() => {
    const remembered = useStore.getState().panelInView;
    // Panels grow as their data loads: scroll once the stored lists are in.
    let restored = remembered === null;
    const restore = () => {
      if (restored || !useStore.getState().datasetsLoaded) return;
      restored = true;
      document.querySelector(`[data-panel="${remembered}"]`)?.scrollIntoView({ block: 'start' });
    };
    const unsubscribe = useStore.subscribe(restore);
    restore();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const onScroll = () => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        if (!restored) return;
        const slots = [...document.querySelectorAll<HTMLElement>('[data-panel]')];
        const top = slots.filter((el) => el.getBoundingClientRect().top <= 80).at(-1) ?? slots[0];
        useStore.getState().setPanelInView(window.scrollY < 20 ? null : (top?.dataset.panel ?? null));
      }, 200);
    };
    window.addEventListener('scroll', onScroll, { passive: true });
    return () => {
      unsubscribe();
      clearTimeout(timer);
      window.removeEventListener('scroll', onScroll);
    };
  }, []);
}

export function App() {
  usePanelInView();
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
        <RunControlBar />
        {PANELS.map(({ id, title, Panel }) => (
          <div key={id} className="panel-slot" data-panel={id}>
            <PanelBoundary title={title}>
              <Panel />
            </PanelBoundary>
          </div>
        ))}
      </main>
    </div>
  );
}
