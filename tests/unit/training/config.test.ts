// Workbench run config: defaults per backend class, and validation messages that name the field and value.
import { describe, expect, it } from 'vitest';
import { validateRunConfig } from '../../../src/core/config';
import { defaultWorkbenchConfig, isCpuClass, upgradeWorkbenchConfig, validateWorkbenchConfig as validateTyped } from '../../../src/core/workbench-config';
import type { WorkbenchRunConfig } from '../../../src/core/workbench-config';

/** The messages of the typed problems (each problem's path is checked in tests/unit/config-ui). */
const validateWorkbenchConfig = (...args: Parameters<typeof validateTyped>) => validateTyped(...args).map((p) => p.message);

const ok = (): WorkbenchRunConfig => defaultWorkbenchConfig([{ datasetId: 'a', role: 'train' }, { datasetId: 'b', role: 'cross-domain' }], 'webgpu');

describe('defaults', () => {
  it('are small on CPU-class backends (wasm, cpu, software WebGPU) and larger on a real GPU', () => {
    for (const [backend, soft] of [['wasm', false], ['cpu', false], ['webgpu', true]] as const) {
      const c = defaultWorkbenchConfig([], backend, soft).run;
      expect([c.model.inputSize, c.model.widthMultiplier, c.batchSize]).toEqual([32, 0.25, 2]);
    }
    const gpu = defaultWorkbenchConfig([], 'webgpu', false).run;
    expect(gpu.model.inputSize).toBe(128);
    expect(isCpuClass('webgl')).toBe(false);
    expect(isCpuClass(undefined)).toBe(true);
  });

  it('are valid for every backend class and leave unlabeled images for the semi-supervised variants', () => {
    for (const b of ['webgpu', 'webgl', 'wasm', 'cpu'] as const) {
      const c = defaultWorkbenchConfig([{ datasetId: 'x', role: 'train' }], b);
      expect(validateRunConfig(c.run)).toEqual([]);
      expect(validateWorkbenchConfig(c)).toEqual([]);
      expect(c.budgets.seg).not.toBe('all');
      expect(c.budgets.cls).not.toBe('all');
    }
  });
});

describe('validateWorkbenchConfig', () => {
  it('accepts a complete config', () => {
    expect(validateWorkbenchConfig(ok(), new Set(['a', 'b']))).toEqual([]);
  });

  it('names each bad field with its value', () => {
    const c = ok();
    const bad = {
      ...c,
      run: { ...c.run, batchSize: 0 },
      budgets: { seg: -1, cls: 2.5 },
      backend: 'tpu',
      checkpointEverySteps: -3,
      datasets: [{ datasetId: 'a', role: 'train' }, { datasetId: 'a', role: 'sideways' }, { datasetId: '', role: 'test' }],
    } as unknown as WorkbenchRunConfig;
    const problems = validateWorkbenchConfig(bad);
    expect(problems).toEqual(expect.arrayContaining([
      'batchSize (M) must be an integer in [1, 256] (got 0)',
      "budgets.seg must be a whole number >= 0 or 'all' (got -1)",
      "budgets.cls must be a whole number >= 0 or 'all' (got 2.5)",
      'backend "tpu" is not one of auto, webgpu, webgl, wasm, cpu',
      'checkpointEverySteps must be a whole number >= 0 (got -3)',
      'datasets[1] role "sideways" is not one of train, unlabeled, validation, test, cross-domain',
      'dataset a is used twice; give each dataset one role',
      'datasets[2] has no datasetId',
    ]));
  });

  it('needs a train dataset, datasets that exist, and labels for the heads the variant has', () => {
    const c = ok();
    expect(validateWorkbenchConfig({ ...c, datasets: [{ datasetId: 'b', role: 'test' }] })).toContain(
      'no dataset has the role "train": choose at least one dataset to train on',
    );
    expect(validateWorkbenchConfig(c, new Set(['a']))).toContain('dataset b (datasets[1]) no longer exists; pick it again or remove it');
    expect(validateWorkbenchConfig({ ...c, budgets: { seg: 0, cls: 10 } })).toContain('variant multimix segments, but budgets.seg is 0 (no labeled masks)');
    const enc = { ...c, run: { ...c.run, model: { ...c.run.model, variant: 'enc' as const } }, budgets: { seg: 0, cls: 10 } };
    expect(validateWorkbenchConfig(enc)).toEqual([]);
  });

  it('rejects a missing config or run section with a message instead of throwing', () => {
    expect(validateWorkbenchConfig(null as unknown as WorkbenchRunConfig)).toEqual(['the run config is missing']);
    expect(validateWorkbenchConfig({ ...ok(), run: undefined } as unknown as WorkbenchRunConfig)).toContain('run (the model/training settings) is missing');
  });
});

describe('upgradeWorkbenchConfig', () => {
  it('gives a config stored by an older build the defaults of the fields added since, and keeps the rest', () => {
    const c = ok();
    const { cutout: _cutout, ...runWithoutCutout } = c.run;
    const { checkpointEverySteps: _every, ...older } = { ...c, run: { ...runWithoutCutout, seed: 5 } };
    const upgraded = upgradeWorkbenchConfig(older as unknown as WorkbenchRunConfig);
    expect(upgraded.run.cutout).toBe(true);
    expect(upgraded.checkpointEverySteps).toBe(10);
    expect(upgraded.run.seed).toBe(5);
    expect(upgraded.datasets).toEqual(c.datasets);
    expect(validateWorkbenchConfig(upgraded)).toEqual([]);
    expect(validateWorkbenchConfig(older as unknown as WorkbenchRunConfig)).toEqual([
      'cutout is missing',
      'checkpointEverySteps is missing',
    ]);
  });
});
