// The whole store's shape: the intersection of its slices. Panels added later (training, curves,
// viewer, evaluation) add their slice here and in store/index.ts.
import type { DatasetsSlice } from './datasets-slice';
import type { ImportSlice } from './import-slice';
import type { NoticesSlice } from './notices-slice';
import type { TrainingSlice } from './training-slice';
import type { ViewerSlice } from './viewer-slice';

export type Full = DatasetsSlice & ImportSlice & NoticesSlice & TrainingSlice & ViewerSlice;
