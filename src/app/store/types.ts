// The whole store's shape: the intersection of its slices (each slice's file says what it holds; a new
// slice is added here and in store/index.ts).
import type { DatasetsSlice } from './datasets-slice';
import type { ImportSlice } from './import-slice';
import type { LayoutSlice } from './layout-slice';
import type { ModelsSlice } from './models-slice';
import type { NoticesSlice } from './notices-slice';
import type { ResearchSlice } from './research-slice';
import type { TrainingSlice } from './training-slice';
import type { ViewerSlice } from './viewer-slice';

export type Full = DatasetsSlice & ImportSlice & LayoutSlice & ModelsSlice & NoticesSlice & ResearchSlice & TrainingSlice & ViewerSlice;
