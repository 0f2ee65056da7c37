// Where the user is and how the page looks: the section in view (sections.ts ids) and the colour theme, both
// remembered across reloads (issue 9; persisted-settings.ts), and the theme the page resolved to.
import type { StateCreator } from 'zustand';
import type { Full } from './types';

/** The theme the user picked; `system` follows `prefers-color-scheme`. */
export type ThemePreference = 'light' | 'dark' | 'system';
export const THEME_PREFERENCES: readonly ThemePreference[] = ['system', 'light', 'dark'];

export interface LayoutSlice {
  /** Id of the section last shown (sections.ts); null before the first visit. The URL wins over it. */
  sectionInView: string | null;
  setSectionInView(id: string): void;
  themePreference: ThemePreference;
  setThemePreference(theme: ThemePreference): void;
  /** What the page shows now: the preference, with `system` resolved by `prefers-color-scheme` (theme.ts). */
  resolvedTheme: 'light' | 'dark';
  setResolvedTheme(theme: 'light' | 'dark'): void;
}

export const createLayoutSlice: StateCreator<Full, [], [], LayoutSlice> = (set, get) => ({
  sectionInView: null,
  setSectionInView(id) {
    if (get().sectionInView !== id) set({ sectionInView: id });
  },
  themePreference: 'system',
  setThemePreference(themePreference) {
    if (get().themePreference !== themePreference) set({ themePreference });
  },
  resolvedTheme: 'light',
  setResolvedTheme(resolvedTheme) {
    if (get().resolvedTheme !== resolvedTheme) set({ resolvedTheme });
  },
});
