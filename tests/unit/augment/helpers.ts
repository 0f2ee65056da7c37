// Small fixtures for the augmentation tests: hand-made images and backend setup per describe block.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe } from 'vitest';
import { useNodeBackend, type NodeBackendName } from '../../../src/cli/node-backend';
import { createRng } from '../../../src/core/rng';

export const BACKENDS: readonly NodeBackendName[] = ['cpu', 'wasm'];

/** describe() once per Node backend, switching tfjs to it before the block's tests run. */
export function describeOnBackends(title: string, body: (backend: NodeBackendName) => void): void {
  for (const backend of BACKENDS) {
    describe(`${title} [${backend}]`, () => {
      beforeAll(async () => {
        await useNodeBackend(backend);
      });
      body(backend);
    });
  }
}

/** A [B,H,W,1] batch from nested rows: images[b][row][col]. */
export function batchOf(images: number[][][]): tf.Tensor4D {
  const B = images.length;
  const H = images[0]?.length ?? 0;
  const W = images[0]?.[0]?.length ?? 0;
  return tf.tensor4d(images.flat(2), [B, H, W, 1], 'float32');
}

/** Nested rows of every image of a [B,H,W,1] tensor (disposes nothing). */
export function imagesOf(x: tf.Tensor): number[][][] {
  return (x.arraySync() as number[][][][]).map((img) => img.map((row) => row.map((px) => px[0] as number)));
}

/** An H×W image whose pixel (r, c) is f(r, c). */
export function imageFrom(h: number, w: number, f: (r: number, c: number) => number): number[][] {
  return Array.from({ length: h }, (_, r) => Array.from({ length: w }, (_, c) => f(r, c)));
}

/** A seeded batch of smooth-ish random images in [0,1] (a gradient plus seeded noise), made in JS. */
export function randomBatch(batch: number, side: number, seed = 1): tf.Tensor4D {
  const rng = createRng(seed);
  const values = new Float32Array(batch * side * side);
  for (let b = 0; b < batch; b++) {
    for (let r = 0; r < side; r++) {
      for (let c = 0; c < side; c++) {
        const base = 0.2 + (0.5 * (r + c)) / (2 * side);
        values[(b * side + r) * side + c] = Math.min(1, Math.max(0, base + 0.3 * (rng.next() - 0.5)));
      }
    }
  }
  return tf.tensor4d(values, [batch, side, side, 1], 'float32');
}

export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`maxAbsDiff: lengths differ (${a.length} vs ${b.length})`);
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs((a[i] as number) - (b[i] as number)));
  return worst;
}
