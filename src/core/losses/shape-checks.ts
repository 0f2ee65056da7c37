// Shape checks shared by the losses. They run on tensor metadata only (no data download), so they are
// free inside a training step and turn tfjs' generic broadcasting errors into messages naming the argument.
import type * as tf from '@tensorflow/tfjs';

export function expectRank(fn: string, name: string, t: tf.Tensor, rank: number): void {
  if (t.rank !== rank) {
    throw new Error(`${fn}: ${name} must have rank ${rank}, got shape [${t.shape.join(', ')}]`);
  }
}

export function expectSameShape(fn: string, aName: string, a: tf.Tensor, bName: string, b: tf.Tensor): void {
  const same = a.rank === b.rank && a.shape.every((d, i) => d === b.shape[i]);
  if (!same) {
    throw new Error(
      `${fn}: ${aName} shape [${a.shape.join(', ')}] does not match ${bName} shape [${b.shape.join(', ')}]`,
    );
  }
}

export function expectBatchMatch(fn: string, aName: string, a: tf.Tensor, bName: string, b: tf.Tensor): void {
  if (a.shape[0] !== b.shape[0]) {
    throw new Error(`${fn}: batch size mismatch, ${aName} has ${a.shape[0]} rows but ${bName} has ${b.shape[0]}`);
  }
}

export function expectNonEmptyBatch(fn: string, name: string, t: tf.Tensor): void {
  if (t.shape[0] === 0) throw new Error(`${fn}: ${name} has an empty batch (shape [${t.shape.join(', ')}])`);
}

/** `batchSize` of a chunked loss must be an integer ≥ the chunk's own row count. */
export function expectChunkOf(fn: string, t: tf.Tensor, batchSize: number): void {
  if (!Number.isInteger(batchSize) || batchSize < (t.shape[0] ?? 0)) {
    throw new Error(`${fn}: batchSize must be an integer >= the ${t.shape[0]} rows given, got ${batchSize}`);
  }
}
