// Issue 8: a step split into chunks (tiny ones here, to cross every boundary — labeled/unlabeled inside one
// chunk, chunks of one image) must give the whole-batch step's loss terms and gradients.
import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { useNodeBackend } from '../../../src/cli/node-backend';
import { withDefaults } from '../../../src/core/config';
import { createRng } from '../../../src/core/rng';
import { MultiMixModel } from '../../../src/core/model';
import { buildStepBatch, disposeStepBatch } from '../../../src/core/train/sampler';
import { phantomTrainingSet } from '../../../src/core/train/phantom-set';
import { computeStepGradients, readLossTerms, type StepOptions } from '../../../src/core/train/step';
import { cachedConstantCount } from '../../../src/core/cached-constants';
import { compareGradients, type BackendGradients } from '../../../src/core/train/gradient-check';

async function stepOn(model: MultiMixModel, opts: StepOptions, m: number): Promise<BackendGradients> {
  // t = 0.5: every pseudo-label is confident, so FixMatch contributes gradients at initialisation.
  const config = withDefaults({ model: { variant: 'multimix', inputSize: 32, widthMultiplier: 0.25 }, batchSize: m, seed: 3, loss: { threshold: 0.5 } });
  const data = phantomTrainingSet(32, 4 * m, createRng('chunked-step-test'));
  const batch = buildStepBatch(data, model.features, config, 0);
  const { grads, terms } = computeStepGradients(model, batch, config.loss, createRng('chunked/dropout'), opts);
  disposeStepBatch(batch);
  const values = await readLossTerms(terms);
  // Same keys in the same order as trainableVariables(): tfjs' Adam keys its moments by position.
  expect(Object.keys(grads)).toEqual(model.trainableVariables().map((v) => v.name));
  const out: BackendGradients['grads'] = [];
  for (const v of model.trainableVariables()) out.push({ name: v.name, values: (await grads[v.name]!.data()) as Float32Array });
  tf.dispose(Object.values(grads));
  return { backend: tf.getBackend(), terms: values, grads: out, tensorsAfterFirstStep: 0, tensorsAfterLastStep: 0, ms: 0 };
}

describe('chunked training step (exact gradient accumulation)', () => {
  it('gives the whole-batch gradients and loss terms to 1e-5 relative, and leaks nothing', async () => {
    await useNodeBackend('wasm');
    const m = 3;
    const model = MultiMixModel.create(withDefaults({ model: { variant: 'multimix', inputSize: 32, widthMultiplier: 0.25 } }).model, 5);
    try {
      const whole = await stepOn(model, {}, m);
      for (const chunks of [{ seg: 1, cls: 1 }, { seg: 2, cls: 4 }]) {
        const before = tf.memory().numTensors;
        const constantsBefore = cachedConstantCount();
        const chunked = await stepOn(model, { chunks }, m);
        // Constants a chunked step uses for the first time (chunk-sum divisors) are kept once: nothing else stays.
        const newConstants = cachedConstantCount() - constantsBefore;
        expect(newConstants).toBeLessThanOrEqual(4);
        expect(tf.memory().numTensors, `tensors after a chunked step ${JSON.stringify(chunks)}`).toBe(before + newConstants);
        const cmp = compareGradients(whole, chunked);
        console.log(`chunks ${JSON.stringify(chunks)}: max relative gradient error ${cmp.maxRelativeError.toExponential(2)} (${cmp.worstVariable}), max term difference ${cmp.maxTermDifference.toExponential(2)}`);
        expect(cmp.maxRelativeError, `${JSON.stringify(chunks)}: worst ${cmp.worstVariable}`).toBeLessThanOrEqual(1e-5);
        for (const k of ['total', 'cls', 'dice', 'fixmatch', 'kl', 'maskRate'] as const) {
          const w = whole.terms[k] as number;
          expect(Number.isFinite(w), k).toBe(true);
          expect(Math.abs((chunked.terms[k] as number) - w), `${k}: ${chunked.terms[k]} vs ${w}`).toBeLessThanOrEqual(1e-5 * Math.max(1, Math.abs(w)));
        }
        expect(whole.terms.kl!).toBeGreaterThan(0);
        expect(chunked.terms.pseudoCorrect, 'pseudoCorrect (a count: summed, not averaged)').toEqual(whole.terms.pseudoCorrect);
      }
    } finally {
      model.dispose();
    }
  });
});
