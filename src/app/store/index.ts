// One Zustand store built from slices (zustand's slices pattern).
import { create } from 'zustand';
import { createDatasetsSlice } from './datasets-slice';
import { createImportSlice } from './import-slice';
import { createModelsSlice } from './models-slice';
import { createNoticesSlice } from './notices-slice';
import { createTrainingSlice } from './training-slice';
import { createViewerSlice } from './viewer-slice';
import type { Full } from './types';
import { startLiveSync } from './live-sync';

export const useStore = create<Full>()((...a) => ({
  ...createNoticesSlice(...a),
  ...createDatasetsSlice(...a),
  ...createImportSlice(...a),
  ...createTrainingSlice(...a),
  ...createViewerSlice(...a),
  ...createModelsSlice(...a),
}));

// Lists follow writes made in other tabs and workers (issue 12).
if (typeof window !== 'undefined') startLiveSync(useStore);

export type { Full } from './types';
