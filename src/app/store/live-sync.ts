// Keeps this tab's lists in step with writes made elsewhere (other tabs, this tab's workers), and drops a
// viewer selection whose dataset was deleted (issue 12: it used to hang on "Loading…").
import { EXAMPLE_DATASET_ID } from '../../platform/example/example-assets';
import { onStoredChange } from '../../platform/storage';
import type { Full } from './types';

type Store = { getState(): Full; subscribe(fn: (s: Full, prev: Full) => void): () => void };

let started = false;

export function startLiveSync(store: Store): void {
  if (started) return;
  started = true;
  onStoredChange((stores) => {
    const s = store.getState();
    if (stores.has('datasets')) void s.refreshDatasets();
    if (stores.has('runs') || stores.has('checkpoints')) void s.refreshRuns();
    if (stores.has('models')) void s.refreshModels();
    if (stores.has('grids') && s.gridsLoaded) void s.refreshGrids();
  });
  store.subscribe((s, prev) => {
    // The example X-rays are never a stored dataset (issue 9): not "deleted" for not being in the list.
    if (s.datasets === prev.datasets || !s.datasetsLoaded || !s.viewerDatasetId || s.viewerDatasetId === EXAMPLE_DATASET_ID) return;
    if (!s.datasets.some((d) => d.id === s.viewerDatasetId)) {
      void s.selectViewerDataset(null);
      s.notify('info', 'The dataset shown in the viewer was deleted.');
    }
  });
}
