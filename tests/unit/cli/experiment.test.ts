// The headless runner end to end on the real chest X-rays in ../shared/data/cxr (tiny model, few steps):
// it must load every layout, train, evaluate in-domain and cross-domain, and write metrics.json plus a
// TF.js model folder that loads back and predicts the same.
import { describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import { ExperimentConfigError, parseExperimentConfig } from '../../../src/cli/experiment-config';
import { readModelFolder } from '../../../src/cli/model-files';
import { useNodeBackend } from '../../../src/cli/node-backend';
import { provenanceFromJson } from '../../../src/core/provenance';

const run = promisify(execFile);
const CXR = path.resolve('../shared/data/cxr');

describe('experiment config', () => {
  it('accepts the flat form and names every problem', () => {
    const ok = parseExperimentConfig({ variant: 'unet', imageSize: 64, m: 3, steps: 5, data: { segTrain: 'x' } }, '/base');
    expect(ok.run.model.variant).toBe('unet');
    expect(ok.run.batchSize).toBe(3);
    expect(ok.run.epochs * ok.run.stepsPerEpoch).toBe(5);
    expect(ok.backend).toBe('wasm');
    expect(() => parseExperimentConfig({ variant: 'nope' as never, imageSize: 50, backend: 'webgl' as never, budgets: { seg: -1 } }, '/')).toThrow(
      /model.variant "nope"[\s\S]*multiple of 16[\s\S]*backend must be one of "cpu", "wasm", "webgpu" in Node \(got "webgl"\)[\s\S]*data.clsTrain[\s\S]*budgets.seg/,
    );
  });
});

describe('experiment config problems', () => {
  it('are typed {path, message}, from the same schema as the app, and name unknown fields and wrong types', () => {
    let error: unknown;
    try {
      parseExperimentConfig({ imageSize: 40, epoch: 5, seed: 'x', budgets: { cls: 2.5 }, data: { segTrain: 'x', crossSegTset: 'y' } } as never, '/');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ExperimentConfigError);
    expect((error as ExperimentConfigError).problems).toEqual([
      {
        path: 'epoch',
        message: 'epoch is not a config field (known: variant, imageSize, widthMultiplier, m, backend, steps, budgets, valFraction, testFraction, data, decisionThreshold, model, loss, optim, batchSize, epochs, stepsPerEpoch, seed, cutout)',
      },
      { path: 'seed', message: 'seed must be a number (got "x")' },
      { path: 'model.inputSize', message: 'model.inputSize must be a multiple of 16 and at least 32 (got 40)' },
      { path: 'data.crossSegTset', message: 'data.crossSegTset is not a data field (known: clsTrain, clsTest, segTrain, segTest, crossSegTest, crossClsTest)' },
      { path: 'budgets.cls', message: "budgets.cls must be a whole number >= 0 or 'all' (got 2.5)" },
    ]);
  });
});

describe('npm run experiment on ../shared/data/cxr', () => {
  it('trains MultiMix for a few steps and writes metrics.json and a loadable model', async () => {
    expect(existsSync(CXR), `${CXR} is missing`).toBe(true);
    const dir = mkdtempSync(path.join(tmpdir(), 'mmw-exp-'));
    const configPath = path.join(dir, 'config.json');
    writeFileSync(configPath, JSON.stringify({
      variant: 'multimix', imageSize: 32, widthMultiplier: 0.25, m: 2, steps: 3, seed: 3, backend: 'wasm',
      budgets: { seg: 5, cls: 20 },
      data: { clsTrain: path.join(CXR, 'pneumonia'), segTrain: path.join(CXR, 'lungs'), crossSegTest: path.join(CXR, 'shenzhen') },
    }));
    const out = path.join(dir, 'out');
    const { stdout } = await run('npx', ['tsx', 'src/cli/experiment.ts', '--config', configPath, '--out', out], { maxBuffer: 32 << 20 });
    expect(stdout).toMatch(/step 3\/3/);
    const metrics = JSON.parse(readFileSync(path.join(out, 'metrics.json'), 'utf8'));
    // A real number: not NaN (JSON writes it as null), not a string, not missing.
    const isNumber = (v: unknown) => typeof v === 'number' && Number.isFinite(v);
    for (const k of ['acc', 'f1Normal', 'f1Abnormal', 'auc']) expect(isNumber(metrics.cls[k]), `cls.${k} = ${metrics.cls[k]}`).toBe(true);
    for (const block of ['seg', 'crossSeg']) {
      for (const k of ['dice', 'jaccard', 'ssim', 'hd', 'precision', 'recall']) {
        expect(isNumber(metrics[block][k]), `${block}.${k} = ${metrics[block][k]}`).toBe(true);
      }
    }
    expect(metrics.steps).toBe(3);
    expect(metrics.msPerStep).toBeGreaterThan(0);
    expect(metrics.data.labeledSeg).toBe(5);
    expect(metrics.data.labeledCls).toBe(20);
    expect(metrics.data.crossSeg).toBe(10);
    expect(metrics.data.testCls).toBeGreaterThan(40);
    // The model file states what it was trained with and its held-out metrics (issue 9, item 8).
    const meta = JSON.parse(readFileSync(path.join(out, 'model', 'model.json'), 'utf8')).userDefinedMetadata;
    expect(meta.runConfig.model).toMatchObject({ variant: 'multimix', inputSize: 32, widthMultiplier: 0.25 });
    expect(meta.testMetrics.cls).toEqual(metrics.cls);
    expect(meta.testMetrics.seg).toEqual(metrics.seg);
    expect(meta.testMetrics.crossSeg).toEqual(metrics.crossSeg);
    expect(meta.decisionThreshold).toEqual(metrics.threshold);
    expect(meta.experiment).toMatchObject({ steps: 3, budgets: { seg: 5, cls: 20 } });

    // The model file names the folders it was trained and tested on, with their content (issue 9).
    const modelJson = JSON.parse(readFileSync(path.join(out, 'model', 'model.json'), 'utf8'));
    const provenance = provenanceFromJson(modelJson.userDefinedMetadata.provenance);
    expect(provenance?.synthetic).toBe(false);
    expect(provenance?.datasets.map((d) => [d.id, d.name, d.role, d.domain])).toEqual([
      ['segTrain', path.join(CXR, 'lungs'), 'train', undefined],
      ['clsTrain', path.join(CXR, 'pneumonia'), 'train', undefined],
      ['crossSegTest', path.join(CXR, 'shenzhen'), 'cross-domain', 'cross-domain'],
    ]);
    expect(provenance?.datasets[2]?.images).toBe(10);
    for (const d of provenance?.datasets ?? []) expect(d.contentHash).toMatch(/^[0-9a-f]{16}$/);

    await useNodeBackend('wasm');
    const model = await readModelFolder(path.join(out, 'model'));
    expect(model.config.variant).toBe('multimix');
    const x = tf.randomNormal([1, 32, 32, 1], 0, 1, 'float32', 1) as tf.Tensor4D;
    const p = model.predict(x);
    expect(p.clsProb!.shape).toEqual([1, 2]);
    expect(p.maskProb!.shape).toEqual([1, 32, 32, 1]);
    tf.dispose([x, p.clsProb!, p.maskProb!, p.saliency!].filter(Boolean));
    model.dispose();
  }, 300_000);

  it('unet and enc variants omit the head they do not have', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'mmw-exp-'));
    for (const variant of ['unet', 'enc'] as const) {
      const configPath = path.join(dir, `${variant}.json`);
      writeFileSync(configPath, JSON.stringify({
        variant, imageSize: 32, widthMultiplier: 0.25, m: 2, steps: 1, backend: 'wasm',
        data: variant === 'unet' ? { segTrain: path.join(CXR, 'shenzhen') } : { clsTrain: path.join(CXR, 'pneumonia') },
      }));
      const out = path.join(dir, variant);
      await run('npx', ['tsx', 'src/cli/experiment.ts', '--config', configPath, '--out', out], { maxBuffer: 32 << 20 });
      const metrics = JSON.parse(readFileSync(path.join(out, 'metrics.json'), 'utf8'));
      expect(metrics.cls === undefined, `${variant} cls block`).toBe(variant === 'unet');
      expect(metrics.seg === undefined, `${variant} seg block`).toBe(variant === 'enc');
      expect(existsSync(path.join(out, 'model', 'model.json'))).toBe(true);
    }
  }, 300_000);
});
