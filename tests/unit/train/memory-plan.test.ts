// Issue 8: the step's peak-memory estimate against measured peaks on wasm, and the plan that chunks a step or
// refuses a configuration that cannot fit (naming the largest M that does).
import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { useNodeBackend } from '../../../src/cli/node-backend';
import { withDefaults } from '../../../src/core/config';
import { createRng } from '../../../src/core/rng';
import { MultiMixModel } from '../../../src/core/model';
import { buildStepBatch, disposeStepBatch } from '../../../src/core/train/sampler';
import { phantomTrainingSet } from '../../../src/core/train/phantom-set';
import { computeStepGradients, readLossTerms } from '../../../src/core/train/step';
import type { ChunkSizes } from '../../../src/core/train/chunked-step';
import {
  estimateStepPeakBytes, largestFittingBatchSize, planStep, StepMemoryError, WASM_STEP_BUDGET_BYTES,
} from '../../../src/core/train/memory-plan';

const config = (size: number, m: number) =>
  withDefaults({ model: { variant: 'multimix', inputSize: size, widthMultiplier: 1 }, batchSize: m, seed: 2, loss: { threshold: 0.5 } });

/** Bytes held at the step's peak (tf.profile's peakBytes over what existed before, plus that). */
async function measuredPeak(size: number, m: number, chunks?: ChunkSizes): Promise<number> {
  const c = config(size, m);
  const model = MultiMixModel.create(c.model, 1);
  const batch = buildStepBatch(phantomTrainingSet(size, 4 * m, createRng('mem')), model.features, c, 0);
  const before = tf.memory().numBytes;
  const p = await tf.profile(async () => {
    const { grads, terms } = computeStepGradients(model, batch, c.loss, createRng('mem/dropout'), chunks ? { chunks } : {});
    await readLossTerms(terms);
    tf.dispose(Object.values(grads));
  });
  disposeStepBatch(batch);
  model.dispose();
  return before + p.peakBytes;
}

describe('step memory plan', () => {
  it.each([
    [64, 2, undefined],
    [64, 2, { seg: 1, cls: 1 }],
    [64, 4, { seg: 3, cls: 5 }],
  ] as const)('estimate covers the measured wasm peak within 1.6x (%i px, M=%i, chunks %j)', async (size, m, chunks) => {
    await useNodeBackend('wasm');
    const measured = await measuredPeak(size, m, chunks);
    const estimate = estimateStepPeakBytes(config(size, m), chunks);
    console.log(`${size} px M=${m} chunks ${JSON.stringify(chunks)}: measured ${(measured / 2 ** 20).toFixed(0)} MiB, estimate ${(estimate / 2 ** 20).toFixed(0)} MiB`);
    expect(estimate).toBeGreaterThanOrEqual(measured);
    expect(estimate).toBeLessThanOrEqual(1.6 * measured);
  });

  it("keeps the paper's setting whole where it fits and chunks it under wasm's budget", () => {
    expect(planStep(config(128, 2), WASM_STEP_BUDGET_BYTES).chunks).toBeUndefined();
    const paper = planStep(config(256, 10), WASM_STEP_BUDGET_BYTES);
    expect(paper.chunks).toBeDefined();
    expect(paper.chunks!.seg).toBeGreaterThanOrEqual(1);
    expect(paper.chunks!.seg).toBeLessThan(20);
    expect(paper.estimatedPeakBytes).toBeLessThanOrEqual(WASM_STEP_BUDGET_BYTES);
    // No budget (cpu, GPUs): never chunked.
    expect(planStep(config(256, 10), undefined).chunks).toBeUndefined();
  });

  it('refuses a step that cannot fit even one image at a time, naming the largest M that fits', () => {
    const big = config(512, 200);
    const largest = largestFittingBatchSize(big, WASM_STEP_BUDGET_BYTES);
    expect(largest).toBeGreaterThan(0);
    expect(largest).toBeLessThan(200);
    expect(() => planStep(big, WASM_STEP_BUDGET_BYTES)).toThrow(StepMemoryError);
    expect(() => planStep(big, WASM_STEP_BUDGET_BYTES)).toThrow(new RegExp(`the largest M that fits is ${largest}$`));
    expect(() => planStep(config(256, largest), WASM_STEP_BUDGET_BYTES)).not.toThrow();
    expect(() => planStep(config(512, largest), WASM_STEP_BUDGET_BYTES)).not.toThrow();
    expect(() => planStep(config(512, largest + 1), WASM_STEP_BUDGET_BYTES)).toThrow(StepMemoryError);
    expect(() => planStep(config(4096, 1), WASM_STEP_BUDGET_BYTES)).toThrow(/no M fits at 4096 px/);
  });
});
