import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import type { ModelConfig } from '../../../src/core/config';
import { MultiMixModel, normalisePerSample } from '../../../src/core/model';
import { onBackend, relativeL2Error } from '../support/backends';
import { seededTensor4d, values } from '../support/tensors';

const tiny: ModelConfig = { variant: 'multimix', inputSize: 32, widthMultiplier: 0.125, dropout: 0.25 };

describe('saliency', () => {
  it('is [B,S,S,1], non-negative, at most 1 and exactly 1 at each image’s peak', async () => {
    const r = await onBackend('wasm', () => {
      const m = MultiMixModel.create({ ...tiny, widthMultiplier: 0.25 }, 3);
      const out = tf.tidy(() => {
        const s = m.saliency(seededTensor4d([3, 32, 32, 1], 1));
        return { shape: s.shape, v: values(s) };
      });
      m.dispose();
      return out;
    });
    expect(r.shape).toEqual([3, 32, 32, 1]);
    expect(Math.min(...r.v)).toBeGreaterThanOrEqual(0);
    for (let b = 0; b < 3; b++) expect(Math.max(...r.v.slice(b * 1024, (b + 1) * 1024))).toBeCloseTo(1, 6);
  });

  it('equals |finite difference of the predicted-class logit| relative to the peak pixel (cpu)', async () => {
    const r = await onBackend('cpu', () => {
      const m = MultiMixModel.create(tiny, 11);
      const x = seededTensor4d([1, 32, 32, 1], 12);
      const sal = tf.tidy(() => values(m.saliency(x)));
      const logits = (t: tf.Tensor4D) => tf.tidy(() => values(m.forward(t, { training: false, saliency: tf.zerosLike(t) }).clsLogits as tf.Tensor));
      const base = logits(x);
      const cls = (base[1] as number) > (base[0] as number) ? 1 : 0;
      const fd = (pixel: number, h = 1e-2) => {
        const bump = (sign: number) => {
          const v = Float32Array.from(x.dataSync());
          v[pixel] = (v[pixel] as number) + sign * h;
          const t = tf.tensor4d(v, [1, 32, 32, 1]);
          const l = logits(t)[cls] as number;
          t.dispose();
          return l;
        };
        return (bump(1) - bump(-1)) / (2 * h);
      };
      const peak = sal.indexOf(Math.max(...sal));
      // Three more pixels with clearly non-zero saliency, spread over the ranking.
      const ranked = sal.map((v, i) => [v, i] as const).sort((a, b) => b[0] - a[0]);
      const probes = [ranked[3], ranked[20], ranked[60]].map((p) => (p as readonly [number, number])[1]);
      const fdPeak = Math.abs(fd(peak));
      const out = probes.map((p) => ({ saliency: sal[p] as number, finiteDifference: Math.abs(fd(p)) / fdPeak }));
      x.dispose();
      m.dispose();
      return out;
    });
    for (const p of r) {
      expect(p.saliency).toBeGreaterThan(0.05);
      // Loose: float32 central differences across LeakyReLU kinks and max-pool switches.
      expect(Math.abs(p.finiteDifference - p.saliency)).toBeLessThan(0.1 * p.saliency + 0.01);
    }
  });

  it('of one image does not depend on the rest of the batch, and agrees between cpu and wasm', async () => {
    const run = (backend: 'cpu' | 'wasm') =>
      onBackend(backend, () => {
        const m = MultiMixModel.create(tiny, 4);
        const out = tf.tidy(() => {
          const batch = seededTensor4d([2, 32, 32, 1], 5);
          const alone = tf.slice(batch, [1, 0, 0, 0], [1, 32, 32, 1]);
          return { inBatch: values(tf.slice(m.saliency(batch), [1, 0, 0, 0], [1, 32, 32, 1])), alone: values(m.saliency(alone)) };
        });
        m.dispose();
        return out;
      });
    const cpu = await run('cpu');
    const wasm = await run('wasm');
    expect(relativeL2Error(cpu.inBatch, cpu.alone)).toBeLessThan(1e-5);
    expect(relativeL2Error(wasm.inBatch, cpu.inBatch)).toBeLessThan(1e-4);
  });

  it('normalisePerSample divides each image by its own maximum and leaves an all-zero map at zero', async () => {
    const got = await onBackend('cpu', () => tf.tidy(() => values(normalisePerSample(tf.tensor4d([1, 4, 2, 2, 0, 0, 0, 0], [2, 2, 2, 1])))));
    expect(got).toEqual([0.25, 1, 0.5, 0.5, 0, 0, 0, 0]);
  });
});
