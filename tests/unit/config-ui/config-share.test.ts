import { describe, expect, it } from 'vitest';
import { withDefaults } from '../../../src/core/config';
import { encodeBase64Url } from '../../../src/platform/share/base64url';
import { configFromFileText, configFromHash, configToFileText, configToHash } from '../../../src/platform/share/config-share';
import { defaultWorkbenchConfig, workbenchConfigFromJson } from '../../../src/core/workbench-config';
import type { WorkbenchRunConfig } from '../../../src/core/workbench-config';

const defaults = defaultWorkbenchConfig([{ datasetId: 'phantom', role: 'train' }], 'wasm');
const edited: WorkbenchRunConfig = {
  run: withDefaults({ model: { variant: 'umtl-ssl', inputSize: 64, widthMultiplier: 0.5 }, loss: { lambda: 0.5 }, seed: 9, cutout: false }),
  budgets: { seg: 10, cls: 'all' },
  datasets: [
    { datasetId: 'phantom', role: 'train' },
    { datasetId: 'shenzhen', role: 'cross-domain' },
  ],
  backend: 'wasm',
  checkpointEverySteps: 5,
};

describe('config share: JSON file', () => {
  it('round-trips through the file text', () => {
    const text = configToFileText(edited);
    expect(JSON.parse(text).format).toBe('multimix-workbench-config');
    expect(configFromFileText(text, defaults)).toEqual({ config: edited, problems: [] });
  });

  it('accepts a bare config object written by hand, filling the rest from the defaults', () => {
    const parsed = configFromFileText('{"budgets": {"seg": 50}}', defaults);
    expect(parsed.problems).toEqual([]);
    expect(parsed.config.budgets).toEqual({ seg: 50, cls: defaults.budgets.cls });
    expect(parsed.config.datasets).toEqual(defaults.datasets);
  });

  it('says why a file cannot be read', () => {
    expect(configFromFileText('{"run": ', defaults).problems[0]?.message).toMatch(/^The file is not valid JSON: /);
    expect(configFromFileText('{"format": "something-else"}', defaults).problems[0]?.message).toBe(
      'The file\'s format is "something-else", not "multimix-workbench-config".',
    );
    expect(configFromFileText('{"format": "multimix-workbench-config", "version": 2}', defaults).problems[0]?.message).toBe(
      'The file is version 2 of the config format; this app reads version 1.',
    );
  });

  it('names each bad field and keeps the good ones', () => {
    const { config, problems } = workbenchConfigFromJson(
      {
        run: { model: { inputSize: 40 }, epochs: 'ten' },
        budgets: { seg: -1, cls: 'some' },
        datasets: [{ datasetId: 'phantom', role: 'training' }],
        backend: 'tpu',
        colour: 'blue',
      },
      defaults,
    );
    expect(problems.map((p) => p.message)).toEqual([
      'colour is not a config field (known: run, budgets, datasets, backend, checkpointEverySteps)',
      'epochs must be a number (got "ten")',
      'model.inputSize must be a multiple of 16 and at least 32 (got 40)',
      'budgets.cls must be a number or "all" (got "some")',
      'datasets[0] role "training" is not one of train, unlabeled, validation, test, cross-domain',
      'backend "tpu" is not one of auto, webgpu, webgl, wasm, cpu',
      "budgets.seg must be a whole number >= 0 or 'all' (got -1)",
      'no dataset has the role "train": choose at least one dataset to train on',
    ]);
    expect(problems.find((p) => p.message.startsWith('model.inputSize'))?.path).toBe('model.inputSize');
    expect(config.backend).toBe('auto');
  });
});

describe('config share: URL hash', () => {
  it('round-trips and carries only the changed run fields', () => {
    const hash = configToHash(edited);
    expect(hash).toMatch(/^config=[A-Za-z0-9_-]+$/);
    expect(configFromHash(`#${hash}`, defaults)).toEqual({ config: edited, problems: [] });
    const json = JSON.parse(Buffer.from(hash.slice(7), 'base64url').toString('utf8'));
    expect(json.run).toEqual({ model: { variant: 'umtl-ssl', inputSize: 64, widthMultiplier: 0.5 }, loss: { lambda: 0.5 }, seed: 9, cutout: false });
  });

  it('ignores a hash without a config and finds it among other parameters', () => {
    expect(configFromHash('', defaults)).toBeNull();
    expect(configFromHash('#panel=curves', defaults)).toBeNull();
    expect(configFromHash(`#panel=curves&${configToHash(edited)}`, defaults)?.config).toEqual(edited);
  });

  it('explains a damaged link', () => {
    expect(configFromHash('#config=ab$c', defaults)?.problems[0]?.message).toBe(
      'The config in the link contains "$", which is not a base64url character (A–Z, a–z, 0–9, - and _).',
    );
    const cut = configToHash(edited).slice(0, 40);
    expect(configFromHash(`#${cut}`, defaults)?.problems[0]?.message).toMatch(/^The config in the link (is not valid JSON|has a length|does not decode)/);
    const bad = `#config=${encodeBase64Url(JSON.stringify({ run: { batchSize: 0 } }))}`;
    expect(configFromHash(bad, defaults)?.problems.map((p) => p.message)).toEqual(['batchSize (M) must be an integer in [1, 256] (got 0)']);
  });
});
