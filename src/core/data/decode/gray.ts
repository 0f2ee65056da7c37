// Channel conversions shared by the decoders. Colour becomes Rec. 601 luma (Y = 0.299 R + 0.587 G +
// 0.114 B), the weights every browser and PIL's "L" mode use, so the JS decoder and the browser's canvas
// path agree. Alpha is composited over black (Y * A / 255): X-ray backgrounds are dark, and a
// transparent pixel carries no signal. Fully opaque images, the normal case, are unaffected.

/** Interleaved samples (any bit depth, 1–4 channels) to 8-bit gray. `maxValue` is the sample range. */
export function interleavedToGray(
  data: ArrayLike<number>,
  width: number,
  height: number,
  channels: number,
  maxValue: number,
): Uint8Array {
  const n = width * height;
  const out = new Uint8Array(n);
  const scale = 255 / maxValue;
  if (channels === 1) {
    for (let i = 0; i < n; i++) out[i] = Math.round((data[i] as number) * scale);
  } else if (channels === 2) {
    // gray + alpha
    for (let i = 0, j = 0; i < n; i++, j += 2) {
      const a = (data[j + 1] as number) / maxValue;
      out[i] = Math.round((data[j] as number) * scale * a);
    }
  } else if (channels === 3 || channels === 4) {
    for (let i = 0, j = 0; i < n; i++, j += channels) {
      const y = 0.299 * (data[j] as number) + 0.587 * (data[j + 1] as number) + 0.114 * (data[j + 2] as number);
      const a = channels === 4 ? (data[j + 3] as number) / maxValue : 1;
      out[i] = Math.round(y * scale * a);
    }
  } else {
    throw new Error(`unsupported channel count ${channels}`);
  }
  return out;
}

/**
 * High-bit-depth samples to 8-bit by a linear min–max stretch. Used for 16-bit PNGs and DICOM
 * without a window, whose stored range rarely fills 16 bits (10–12 bits are typical for X-rays).
 */
export function minMaxTo8bit(values: ArrayLike<number>, n: number): Uint8Array {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < n; i++) {
    const v = values[i] as number;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  const out = new Uint8Array(n);
  if (!(hi > lo)) return out; // constant image: all zero, reported later as blank
  const scale = 255 / (hi - lo);
  for (let i = 0; i < n; i++) out[i] = Math.round(((values[i] as number) - lo) * scale);
  return out;
}

/** Interleaved high-depth samples to a Float32 luma plane (alpha composited over black). */
export function interleavedToLuma(data: ArrayLike<number>, n: number, channels: number, maxValue: number): Float32Array {
  const out = new Float32Array(n);
  for (let i = 0, j = 0; i < n; i++, j += channels) {
    let y: number;
    let a = 1;
    if (channels <= 2) {
      y = data[j] as number;
      if (channels === 2) a = (data[j + 1] as number) / maxValue;
    } else {
      y = 0.299 * (data[j] as number) + 0.587 * (data[j + 1] as number) + 0.114 * (data[j + 2] as number);
      if (channels === 4) a = (data[j + 3] as number) / maxValue;
    }
    out[i] = y * a;
  }
  return out;
}
