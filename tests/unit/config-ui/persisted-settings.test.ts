// Issue 9: the user's settings come back after a reload exactly as set, older versions migrate, and stored
// settings that do not pass the checks fall back to their defaults (named for one notice), never crash.
import { describe, expect, it } from 'vitest';
import { defaultSettings, migrateSettings, readSettings, settingsNotice, SETTINGS_VERSION } from '../../../src/app/store/persisted-settings';
import { DEFAULT_RUN_CONFIG } from '../../../src/core/config';
import { backendForInference, backendToUse, fastestBackend } from '../../../src/app/store/backend-choice';

const roundTrip = (x: unknown) => JSON.parse(JSON.stringify(x)) as unknown;

describe('persisted settings', () => {
  it('a full set of settings comes back as it was (all-unused roles and an unfinished config included)', () => {
    const d = defaultSettings();
    const set = {
      ...d,
      config: { ...d.config, datasets: [], run: { ...d.config.run, seed: 1234 }, budgets: { seg: 'all' as const, cls: 7 } },
      configTouched: true,
      datasetsSeen: ['a', 'b'],
      backendPreference: 'cpu' as const,
      backendMeasurement: { measuredAt: 5, timings: [{ backend: 'webgpu' as const, msPerStep: 900 }, { backend: 'wasm' as const, msPerStep: 40 }, { backend: 'cpu' as const, error: 'not timed' }] },
      viewerOptions: { ...d.viewerOptions, colormap: 'turbo' as const, saliencyOpacity: 0.3, windowLevel: { level: 90, window: 120 } },
      sectionInView: 'viewer',
      themePreference: 'dark' as const,
    };
    const { settings, problems } = readSettings(roundTrip(set));
    expect(problems).toEqual([]);
    expect(settings).toEqual(set);
  });

  it('nothing stored gives the defaults without a notice; a version-0 value migrates to the defaults', () => {
    expect(readSettings(undefined)).toEqual({ settings: defaultSettings(), problems: [] });
    expect(SETTINGS_VERSION).toBe(2);
    expect(readSettings(migrateSettings({ config: 'from an old build' }, 0))).toEqual({ settings: defaultSettings(), problems: [] });
    const current = { configTouched: true };
    expect(migrateSettings(current, 2)).toBe(current);
  });

  it('version 1 → 2: the remembered panel becomes the section that shows it; the theme starts at system', () => {
    const cases: [unknown, string | null][] = [['config', 'train'], ['curves', 'train'], ['train', 'train'], ['viewer', 'viewer'], ['data', 'data'], [null, null], ['gone', null], [7, null]];
    for (const [panelInView, section] of cases) {
      const { settings, problems } = readSettings(migrateSettings({ configTouched: true, panelInView }, 1));
      expect(problems).toEqual([]);
      expect(settings.sectionInView).toBe(section);
      expect(settings.themePreference).toBe('system');
      expect(settings.configTouched).toBe(true);
      expect(settings).not.toHaveProperty('panelInView');
    }
  });

  it('invalid parts fall back to their defaults and are named; the valid parts are kept', () => {
    const d = defaultSettings();
    const { settings, problems } = readSettings({
      config: { ...roundTrip(d.config) as object, run: { ...d.config.run, batchSize: 'eight' }, colour: 'blue' },
      configTouched: 'yes',
      datasetsSeen: ['a'],
      backendPreference: 'quantum',
      backendMeasurement: { measuredAt: 1, timings: [{ backend: 'wasm', msPerStep: -3 }] },
      viewerOptions: { ...d.viewerOptions, colormap: 'rainbow', clipLow: 'low' },
      sectionInView: 7,
      themePreference: 'sepia',
    });
    // The run part is read like a config file: a bad field takes the core default (DEFAULT_RUN_CONFIG).
    expect(settings.config.run.batchSize).toBe(DEFAULT_RUN_CONFIG.batchSize);
    expect(settings.config.run.seed).toBe(d.config.run.seed);
    expect(settings.datasetsSeen).toEqual(['a']);
    expect(settings.configTouched).toBe(false);
    expect(settings.backendPreference).toBe('auto');
    expect(settings.backendMeasurement).toBeNull();
    expect(settings.viewerOptions).toEqual(d.viewerOptions);
    expect(settings.sectionInView).toBeNull();
    expect(settings.themePreference).toBe('system');
    const text = problems.join('\n');
    for (const part of ['batchSize', 'colour', 'configTouched', 'backendPreference', 'backendMeasurement', 'colormap', 'clipLow', 'sectionInView', 'themePreference']) expect(text).toContain(part);
    expect(settingsNotice(problems)).toMatch(/reset to their defaults/);
  });

  it('unreadable settings (not an object) reset with a notice', () => {
    expect(readSettings(null)).toEqual({ settings: defaultSettings(), problems: ['the settings were not an object'] });
    expect(readSettings('x').problems).toHaveLength(1);
  });
});

describe('backend choice', () => {
  const m = { measuredAt: 0, timings: [
    { backend: 'webgpu' as const, msPerStep: 3700 }, { backend: 'webgl' as const, error: 'no context' },
    { backend: 'wasm' as const, msPerStep: 70 }, { backend: 'cpu' as const, msPerStep: 900 },
  ] };
  it('picks the fastest measured backend; none before a measurement', () => {
    expect(fastestBackend(m)).toBe('wasm');
    expect(fastestBackend(null)).toBeNull();
    expect(fastestBackend({ measuredAt: 0, timings: [{ backend: 'webgl', error: 'x' }] })).toBeNull();
  });
  it('a user override wins over the measurement; auto follows it, or the ladder before one exists', () => {
    expect(backendToUse('webgpu', m)).toBe('webgpu');
    expect(backendToUse('auto', m)).toBe('wasm');
    expect(backendToUse('auto', null)).toBe('auto');
  });
  it('inference takes a CPU choice as is and wasm instead of a GPU choice (never a second GPU device beside training)', () => {
    expect(backendForInference('cpu', m)).toBe('cpu');
    expect(backendForInference('auto', m)).toBe('wasm');
    expect(backendForInference('webgpu', m)).toBe('wasm');
    expect(backendForInference('webgl', null)).toBe('wasm');
    expect(backendForInference('auto', { measuredAt: 0, timings: [{ backend: 'webgpu', msPerStep: 5 }, { backend: 'wasm', msPerStep: 70 }] })).toBe('wasm');
    expect(backendForInference('auto', null)).toBe('wasm');
  });
});
