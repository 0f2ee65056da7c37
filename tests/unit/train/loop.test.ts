import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { useNodeBackend } from '../../../src/cli/node-backend';
import { withDefaults, type RunConfig } from '../../../src/core/config';
import { createRng } from '../../../src/core/rng';
import { generatePhantoms } from '../../../src/core/data';
import { learningRateAt, stepsPerEpoch, Trainer, type StepProgress } from '../../../src/core/train/loop';
import { selectionScore } from '../../../src/core/train/evaluate';
import type { Checkpoint } from '../../../src/core/train/checkpoint';
import type { TrainingSet } from '../../../src/core/train/data';

const S = 32;

function phantomTrainingSet(seed = 3): TrainingSet {
  const imgs = generatePhantoms({ count: 16, size: S }, createRng(seed)).map((p) => ({ pixels: p.pixels, mask: p.mask, label: p.label, id: p.key }));
  return {
    size: S,
    labeledSeg: imgs.slice(0, 4),
    unlabeledSeg: imgs.slice(4, 8).map((s) => ({ pixels: s.pixels })),
    labeledCls: imgs.slice(0, 6),
    unlabeledCls: imgs.slice(6, 12).map((s) => ({ pixels: s.pixels })),
    valSeg: imgs.slice(12, 16),
    valCls: imgs.slice(12, 16),
  };
}

function smallConfig(over: Partial<RunConfig> = {}): RunConfig {
  return withDefaults({ model: { variant: 'multimix', inputSize: S, widthMultiplier: 0.25 }, batchSize: 2, epochs: 2, stepsPerEpoch: 2, seed: 11, optim: { learningRate: 1e-3 }, ...over } as Partial<RunConfig>);
}

describe('learning-rate schedule and epoch length', () => {
  it('decays ×0.1 every 8 epochs (paper)', () => {
    const c = withDefaults({});
    expect(learningRateAt(c, 0)).toBe(1e-4);
    expect(learningRateAt(c, 7)).toBe(1e-4);
    expect(learningRateAt(c, 8)).toBeCloseTo(1e-5, 12);
    expect(learningRateAt(c, 16)).toBeCloseTo(1e-6, 12);
  });

  it('one epoch is one pass over the largest labeled pool unless set', () => {
    const set = phantomTrainingSet();
    expect(stepsPerEpoch(withDefaults({ batchSize: 4, stepsPerEpoch: 0 }), set)).toBe(2); // 6 labeled cls / 4
    expect(stepsPerEpoch(withDefaults({ batchSize: 4, stepsPerEpoch: 5 }), set)).toBe(5);
  });

  it('selection score averages AUC (or accuracy when undefined) and Dice', () => {
    const cls = { acc: 0.5, auc: 0.9 } as never;
    expect(selectionScore({ ms: 0, cls, seg: { dice: 0.7 } as never })).toBeCloseTo(0.8);
    expect(selectionScore({ ms: 0, cls: { acc: 0.6, auc: NaN } as never })).toBeCloseTo(0.6);
    expect(selectionScore({ ms: 0 })).toBe(-Infinity);
  });
});

describe('Trainer', () => {
  beforeAll(() => useNodeBackend('wasm'));

  it('rejects unusable configurations with specific messages', () => {
    const set = phantomTrainingSet();
    expect(() => new Trainer(smallConfig({ batchSize: 0 }), set)).toThrow(/batchSize \(M\) must be an integer/);
    expect(() => new Trainer(smallConfig(), { ...set, labeledSeg: [] })).toThrow(/no labeled segmentation images/);
    expect(() => new Trainer(smallConfig(), { ...set, size: 64 })).toThrow(/64 px but the model input is 32 px/);
  });

  it('a run resumed from a mid-run checkpoint continues exactly like the uninterrupted run', async () => {
    const set = phantomTrainingSet();
    const config = smallConfig({ epochs: 2, stepsPerEpoch: 2 });
    const full: number[] = [];
    const a = new Trainer(config, set, { onStep: (p) => full.push(p.terms.total) });
    await a.run();
    a.dispose();
    a.model.dispose();

    let saved: Checkpoint | undefined;
    const first: number[] = [];
    const b = new Trainer(config, set, {
      onStep: (p) => {
        first.push(p.terms.total);
        if (p.step === 2) b.stop();
      },
      onCheckpoint: (c) => {
        saved = c;
      },
    });
    const stopped = await b.run();
    expect(stopped.status).toBe('stopped');
    expect(stopped.state.step).toBe(3);
    b.dispose();
    b.model.dispose();

    const rest: number[] = [];
    const c = await Trainer.fromCheckpoint(saved!, set, { onStep: (p) => rest.push(p.terms.total) });
    expect(c.progress.step).toBe(3);
    const done = await c.run();
    expect(done.status).toBe('finished');
    expect([...first, ...rest]).toHaveLength(full.length);
    // Bit for bit: Adam's bias-correction powers travel with the checkpoint (issue 12).
    expect([...first, ...rest]).toEqual(full);
    c.dispose();
    c.model.dispose();
  });

  it('pauses between steps and resumes; reports per-step terms and per-epoch validation; keeps the best epoch', async () => {
    const set = phantomTrainingSet();
    const steps: StepProgress[] = [];
    const epochs: number[] = [];
    // The trainer emits a checkpoint when it reaches the pause gate: wait for that, not for a fixed time.
    let reachedPause!: () => void;
    const paused = new Promise<void>((r) => (reachedPause = r));
    const t = new Trainer(smallConfig({ epochs: 3, stepsPerEpoch: 1 }), set, {
      onStep: (p) => {
        steps.push(p);
        if (p.step === 0) t.pause();
      },
      onEpoch: (e) => {
        expect(e.validation?.cls?.n).toBe(4);
        expect(e.validation?.seg?.n).toBe(4);
        epochs.push(e.score!);
      },
      onCheckpoint: () => {
        if (t.status === 'paused') reachedPause();
      },
    });
    const running = t.run();
    await paused;
    expect(t.status).toBe('paused');
    expect(steps).toHaveLength(1);
    t.resume();
    const result = await running;
    expect(result.status).toBe('finished');
    expect(steps.map((s) => s.step)).toEqual([0, 1, 2]);
    expect(Object.keys(steps[0]!.terms).sort()).toEqual(['cls', 'dice', 'fixmatch', 'kl', 'maskRate', 'total']);
    expect(epochs).toHaveLength(3);
    const bestEpoch = epochs.indexOf(Math.max(...epochs));
    expect(result.state.bestStep).toBe(bestEpoch + 1);
    expect(result.state.bestScore).toBe(Math.max(...epochs));
    t.dispose();
    t.model.dispose();
  });

  it('does not leak tensors across a run', async () => {
    const set = phantomTrainingSet();
    const before = tf.memory().numTensors;
    const t = new Trainer(smallConfig({ epochs: 2, stepsPerEpoch: 2 }), set);
    await t.run();
    t.dispose();
    t.model.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
