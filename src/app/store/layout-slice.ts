// Where the user is in the page: the panel in view, remembered across reloads (issue 9; persisted-settings.ts).
import type { StateCreator } from 'zustand';
import type { Full } from './types';

export interface LayoutSlice {
  /** Id of the panel the user last had in view (App.tsx's PANELS ids); null before any scroll. */
  panelInView: string | null;
  setPanelInView(id: string | null): void;
}

export const createLayoutSlice: StateCreator<Full, [], [], LayoutSlice> = (set, get) => ({
  panelInView: null,
  setPanelInView(id) {
    if (get().panelInView !== id) set({ panelInView: id });
  },
});
