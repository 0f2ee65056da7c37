// Exact per-image pixel rearrangements (flip, integer shift with reflection) as one gather.
//
// Why not tf.image.transform: in tfjs 4.22 the cpu Transform kernel returns after the first image (every
// other image of the batch comes back as the fill value), and wasm's 'reflect' fill mode maps negative
// coordinates wrongly. Why not tf.gather with batchDims: wasm's GatherV2 ignores batchDims past image 0.
// A plain 1-D gather with precomputed flat indices is exact and identical on every backend.
import * as tf from '@tensorflow/tfjs';

/** Source row and column of every output row / column, per image: rows[b][i], cols[b][j]. */
export interface SeparableRemap {
  rows: number[][];
  cols: number[][];
}

/**
 * Mirror index into [0, n) without repeating the edge (numpy/tf.pad 'reflect': ... c b | a b c d | c b ...),
 * the padding FixMatch's weak augmentation uses.
 */
export function reflectIndex(i: number, n: number): number {
  if (n === 1) return 0;
  const period = 2 * (n - 1);
  let k = ((i % period) + period) % period;
  if (k > n - 1) k = period - k;
  return k;
}

/**
 * out[b,i,j] = x[b, rows[b][i], cols[b][j]]. Pure copying (nearest), so masks stay binary and an image and
 * its mask remapped with the same `remap` stay pixel-aligned.
 */
export function applySeparableRemap(x: tf.Tensor4D, remap: SeparableRemap): tf.Tensor4D {
  const [B, H, W, C] = x.shape;
  if (remap.rows.length !== B || remap.cols.length !== B) {
    throw new Error(`augment/remap: remap is for ${remap.rows.length} images, batch has ${B}`);
  }
  const rowIdx = new Int32Array(B * H);
  const colIdx = new Int32Array(B * W);
  for (let b = 0; b < B; b++) {
    const rows = remap.rows[b] as number[];
    const cols = remap.cols[b] as number[];
    if (rows.length !== H || cols.length !== W) {
      throw new Error(`augment/remap: image ${b} has ${rows.length}x${cols.length} indices for a ${H}x${W} image`);
    }
    for (let i = 0; i < H; i++) {
      const r = rows[i] as number;
      if (!(r >= 0 && r < H && Number.isInteger(r))) throw new Error(`augment/remap: row index ${r} outside [0,${H})`);
      // Flat offset of the source row inside the whole batch.
      rowIdx[b * H + i] = (b * H + r) * W;
    }
    for (let j = 0; j < W; j++) {
      const c = cols[j] as number;
      if (!(c >= 0 && c < W && Number.isInteger(c))) throw new Error(`augment/remap: column index ${c} outside [0,${W})`);
      colIdx[b * W + j] = c;
    }
  }
  return tf.tidy(() => {
    // Only 2·B·S indices cross to the backend; the B·S·S flat index is built there by broadcasting.
    const flatIndex = tf.add(
      tf.tensor3d(rowIdx, [B, H, 1], 'int32'),
      tf.tensor3d(colIdx, [B, 1, W], 'int32'),
    );
    const pixels = tf.gather(tf.reshape(x, [B * H * W, C]), tf.reshape(flatIndex, [B * H * W]), 0);
    return tf.reshape(pixels, [B, H, W, C]) as tf.Tensor4D;
  });
}

/** Horizontal flip of the images whose flag is true (the others are copied unchanged). */
export function flipHorizontal(x: tf.Tensor4D, flip: readonly boolean[]): tf.Tensor4D {
  const [B, H, W] = x.shape;
  if (flip.length !== B) throw new Error(`augment/flipHorizontal: got ${flip.length} flags for a batch of ${B}`);
  const identityRows = Array.from({ length: H }, (_, i) => i);
  return applySeparableRemap(x, {
    rows: flip.map(() => identityRows),
    cols: flip.map((f) => Array.from({ length: W }, (_, j) => (f ? W - 1 - j : j))),
  });
}
