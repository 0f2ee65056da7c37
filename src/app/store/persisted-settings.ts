// What the user set survives a reload (issue 9): the run configuration (dataset roles included), which
// datasets already got their default role, the backend preference and measurement, the viewer's options, the
// section in view and the colour theme. Kept in localStorage through zustand's `persist` middleware (store/index.ts)
// under a versioned key. On the way back in everything is checked — the config through the one workbench
// config reader (core/workbench-config.ts) — and what does not pass takes its default, with a notice;
// nothing stored can crash the page.
import * as v from 'valibot';
import { BACKENDS, type BackendName } from '../../core/config';
import { mergeOverTemplate, type ConfigProblem } from '../../core/config-schema';
import { defaultWorkbenchConfig, validateWorkbenchConfig, workbenchConfigFromJson, type WorkbenchRunConfig } from '../../core/workbench-config';
import { COLORMAPS } from '../components/overlay/colormap';
import type { BackendMeasurement } from './backend-choice';
import { THEME_PREFERENCES, type ThemePreference } from './layout-slice';
import { DEFAULT_VIEWER_OPTIONS, type ViewerOptions } from './viewer-slice';

/** localStorage key of the settings. */
export const SETTINGS_KEY = 'multimix-workbench:settings';
/** Bump when the shape changes, and teach `migrateSettings` the step from the previous version. */
export const SETTINGS_VERSION = 2;

export interface PersistedSettings {
  config: WorkbenchRunConfig;
  configTouched: boolean;
  datasetsSeen: string[];
  backendPreference: BackendName | 'auto';
  backendMeasurement: BackendMeasurement | null;
  viewerOptions: ViewerOptions;
  /** Section id (sections.ts); version 1 stored the panel in view instead. */
  sectionInView: string | null;
  themePreference: ThemePreference;
}

export function defaultSettings(): PersistedSettings {
  return {
    config: defaultWorkbenchConfig(),
    configTouched: false,
    datasetsSeen: [],
    backendPreference: 'auto',
    backendMeasurement: null,
    viewerOptions: DEFAULT_VIEWER_OPTIONS,
    sectionInView: null,
    themePreference: 'system',
  };
}

/**
 * The section that showed each panel of the version-1 page (one column of panels): version 1 remembered the
 * panel scrolled into view, version 2 the section shown.
 */
const SECTION_OF_V1_PANEL: Readonly<Record<string, string>> = {
  data: 'data', config: 'train', train: 'train', curves: 'train', runs: 'runs', viewer: 'viewer', evaluation: 'evaluation', models: 'models',
};

/**
 * Stored settings of an older version brought to the current shape (zustand persist's `migrate`). Version 0
 * is anything written without a version (no build stored settings before version 1): it starts from the
 * defaults. Version 1 → 2: `panelInView` (a panel id) becomes `sectionInView` (the section holding that
 * panel); the theme starts at `system`. Whatever comes out is still checked by `readSettings`.
 */
export function migrateSettings(stored: unknown, version: number): unknown {
  if (version < 1) return {};
  if (version < 2 && typeof stored === 'object' && stored !== null) {
    const { panelInView, ...rest } = stored as Record<string, unknown>;
    const sectionInView = typeof panelInView === 'string' ? (SECTION_OF_V1_PANEL[panelInView] ?? null) : null;
    return { ...rest, sectionInView };
  }
  return stored;
}

const BACKEND = v.picklist(['auto', ...BACKENDS] as const);
const MEASUREMENT = v.object({
  measuredAt: v.number(),
  tookMs: v.optional(v.number()),
  timings: v.array(v.object({ backend: v.picklist(BACKENDS), msPerStep: v.optional(v.pipe(v.number(), v.minValue(0))), warmupMs: v.optional(v.number()), startMs: v.optional(v.number()), error: v.optional(v.string()) })),
});
const IDS = v.array(v.string());
const NULLABLE_ID = v.nullable(v.string());
const THEME = v.picklist(THEME_PREFERENCES);

/**
 * The settings read back from storage, checked field by field; a field that fails keeps its default and is
 * named in `problems` (for one notice). Rule problems of the config (e.g. no dataset trains yet) are the
 * user's own state and come back as they were; only unreadable parts of it fall back.
 */
export function readSettings(stored: unknown): { settings: PersistedSettings; problems: string[] } {
  const d = defaultSettings();
  const problems: string[] = [];
  if (typeof stored !== 'object' || stored === null) return { settings: d, problems: stored === undefined ? [] : ['the settings were not an object'] };
  const s = stored as Record<string, unknown>;
  const pick = <T>(key: keyof PersistedSettings, schema: v.GenericSchema<T>, fallback: T): T => {
    if (s[key] === undefined) return fallback;
    const r = v.safeParse(schema, s[key]);
    if (r.success) return r.output;
    problems.push(`${key}: ${r.issues[0]?.message ?? 'invalid'}`);
    return fallback;
  };
  let config = d.config;
  if (s.config !== undefined) {
    const parsed = workbenchConfigFromJson(s.config, d.config);
    const rules = new Set(validateWorkbenchConfig(parsed.config).map((p) => p.message));
    const unreadable = parsed.problems.filter((p) => !rules.has(p.message));
    config = parsed.config;
    problems.push(...unreadable.map((p) => `config: ${p.message}`));
  }
  const viewerProblems: ConfigProblem[] = [];
  let viewerOptions = s.viewerOptions === undefined ? d.viewerOptions : mergeOverTemplate(DEFAULT_VIEWER_OPTIONS, s.viewerOptions, viewerProblems, 'viewerOptions');
  if (!(COLORMAPS as readonly string[]).includes(viewerOptions.colormap)) {
    viewerProblems.push({ path: 'viewerOptions.colormap', message: `viewerOptions.colormap ${String(viewerOptions.colormap)} is not one of ${COLORMAPS.join(', ')}` });
    viewerOptions = { ...viewerOptions, colormap: DEFAULT_VIEWER_OPTIONS.colormap };
  }
  if (viewerOptions.maskStyle !== 'fill' && viewerOptions.maskStyle !== 'outline') {
    viewerProblems.push({ path: 'viewerOptions.maskStyle', message: 'viewerOptions.maskStyle must be fill or outline' });
    viewerOptions = { ...viewerOptions, maskStyle: DEFAULT_VIEWER_OPTIONS.maskStyle };
  }
  problems.push(...viewerProblems.map((p) => p.message));
  const settings: PersistedSettings = {
    config,
    configTouched: pick('configTouched', v.boolean(), d.configTouched),
    datasetsSeen: pick('datasetsSeen', IDS, d.datasetsSeen),
    backendPreference: pick('backendPreference', BACKEND, d.backendPreference),
    backendMeasurement: pick('backendMeasurement', v.nullable(MEASUREMENT), d.backendMeasurement) as BackendMeasurement | null,
    viewerOptions,
    sectionInView: pick('sectionInView', NULLABLE_ID, d.sectionInView),
    themePreference: pick('themePreference', THEME, d.themePreference),
  };
  return { settings, problems };
}

/** The notice shown when stored settings could not all be used. */
export function settingsNotice(problems: readonly string[]): string {
  return `Some saved settings could not be used and were reset to their defaults: ${problems.join('; ')}.`;
}
