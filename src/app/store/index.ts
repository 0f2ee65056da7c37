// One Zustand store built from slices (zustand's slices pattern). The user's settings (config, roles,
// backend choice, viewer options, section in view, theme) persist in localStorage: persisted-settings.ts says what and
// how they are checked on the way back in.
import { create } from 'zustand';
import { persist, type PersistStorage, type StorageValue } from 'zustand/middleware';
import { createDatasetsSlice } from './datasets-slice';
import { createImportSlice } from './import-slice';
import { createLayoutSlice } from './layout-slice';
import { createModelsSlice } from './models-slice';
import { createNoticesSlice } from './notices-slice';
import { createResearchSlice, startGridDriver } from './research-slice';
import { createTrainingSlice } from './training-slice';
import { createViewerSlice } from './viewer-slice';
import type { Full } from './types';
import { startLiveSync } from './live-sync';
import { SETTINGS_KEY, SETTINGS_VERSION, migrateSettings, readSettings, settingsNotice, type PersistedSettings } from './persisted-settings';

/** localStorage as zustand's persist storage; unreadable JSON comes back as `null` state (reset with a notice). */
const settingsStorage: PersistStorage<unknown> = {
  getItem(name) {
    const raw = localStorage.getItem(name);
    if (raw === null) return null;
    try {
      return JSON.parse(raw) as StorageValue<unknown>;
    } catch {
      return { state: null, version: SETTINGS_VERSION };
    }
  },
  setItem(name, value) {
    try {
      localStorage.setItem(name, JSON.stringify(value));
    } catch {
      // A full or blocked localStorage loses only the remembered settings, never stored data.
    }
  },
  removeItem: (name) => localStorage.removeItem(name),
};

export const useStore = create<Full>()(
  persist(
    (...a) => ({
      ...createNoticesSlice(...a),
      ...createDatasetsSlice(...a),
      ...createImportSlice(...a),
      ...createTrainingSlice(...a),
      ...createViewerSlice(...a),
      ...createModelsSlice(...a),
      ...createLayoutSlice(...a),
      ...createResearchSlice(...a),
    }),
    {
      name: SETTINGS_KEY,
      version: SETTINGS_VERSION,
      storage: settingsStorage,
      partialize: (s): PersistedSettings => ({
        config: s.config,
        configTouched: s.configTouched,
        datasetsSeen: s.datasetsSeen,
        backendPreference: s.backend.preference,
        backendMeasurement: s.backendMeasurement,
        viewerOptions: s.viewerOptions,
        sectionInView: s.sectionInView,
        themePreference: s.themePreference,
      }),
      migrate: migrateSettings,
      merge(stored, current) {
        const { settings, problems } = readSettings(stored);
        if (problems.length > 0) queueMicrotask(() => useStore.getState().notify('warning', settingsNotice(problems)));
        const { backendPreference, ...rest } = settings;
        return { ...current, ...rest, backend: { ...current.backend, preference: backendPreference } };
      },
    },
  ),
);

// Lists follow writes made in other tabs and workers (issue 12).
if (typeof window !== 'undefined') startLiveSync(useStore);
// The experiment grid's queue moves on as runs finish (issue 10).
if (typeof window !== 'undefined') startGridDriver(useStore);

export type { Full } from './types';
