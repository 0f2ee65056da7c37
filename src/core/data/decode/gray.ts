// Channel conversions shared by the decoders. Colour becomes Rec. 601 luma (Y = 0.299 R + 0.587 G +
// 0.114 B), the weights every browser and PIL's "L" mode use, so the JS decoder and the browser's canvas
// path agree. Alpha is composited over black (Y * A / 255): X-ray backgrounds are dark, and a
// transparent pixel carries no signal. Fully opaque images, the normal case, are unaffected.
// Every decoder (the JS ones here and the browser's canvas path) hands its samples over as RawPixels,
// and rawToGray / rawToMaskLevel are the only places that turn samples into gray or mask values.

/** Interleaved samples as a decoder produced them, before any gray conversion. */
export interface RawPixels {
  width: number;
  height: number;
  /** 1 gray, 2 gray+alpha, 3 RGB, 4 RGBA. */
  channels: number;
  data: ArrayLike<number>;
  /** Largest representable sample (255 for 8-bit, 65535 for 16-bit, 2^P − 1 for a P-bit lossless JPEG). */
  maxValue: number;
  /**
   * How samples of more than 8 bits become 8-bit: 'min-max' stretches the used range (16-bit PNG, whose
   * 10–12 significant bits are unknown); 'significant-bits' keeps the top 8 of the smallest of 8/10/12/14/16
   * bits that holds the largest sample (lossless JPEG often stores 12-bit values with precision 16: v / 16).
   * Default: scale by maxValue.
   */
  highDepth?: 'min-max' | 'significant-bits';
}

/** Samples to 8-bit gray: Rec. 601 luma, alpha over black, high depths as RawPixels.highDepth says. */
export function rawToGray(raw: RawPixels): Uint8Array {
  const n = raw.width * raw.height;
  if (raw.highDepth === 'min-max') return minMaxTo8bit(interleavedToLuma(raw.data, n, raw.channels, raw.maxValue), n);
  if (raw.highDepth !== 'significant-bits') return interleavedToGray(raw.data, raw.width, raw.height, raw.channels, raw.maxValue);
  let hi = 0;
  for (let i = 0; i < raw.data.length; i++) if ((raw.data[i] as number) > hi) hi = raw.data[i] as number;
  let bits = 8;
  while (bits < 16 && hi > 2 ** bits - 1) bits += 2;
  // The top 8 of the significant bits (a 12-bit value v becomes v / 16), clamped at 255.
  const luma = interleavedToLuma(raw.data, n, raw.channels, raw.maxValue);
  const div = 2 ** (bits - 8);
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = Math.min(255, Math.round((luma[i] as number) / div));
  return out;
}

/**
 * The value the mask rule reads, per pixel (0 = background): with transparency in the file (any alpha
 * below full), the alpha itself — drawn areas are lung, whatever their colour; otherwise the largest
 * colour channel, so a red, green or blue lung counts as much as a white one, and a 0/1 mask keeps its 1s.
 * Scaled to 0..255 only when the samples have more than 8 bits (a 1 of an 8-bit 0/1 mask stays 1).
 */
export function rawToMaskLevel(raw: RawPixels): Uint8Array {
  const { channels, data, maxValue } = raw;
  const n = raw.width * raw.height;
  const out = new Uint8Array(n);
  const hasAlpha = channels === 2 || channels === 4;
  let transparent = false;
  if (hasAlpha) for (let i = channels - 1; i < n * channels; i += channels) if ((data[i] as number) < maxValue) { transparent = true; break; }
  const scale = maxValue > 255 ? 255 / maxValue : 1;
  const colours = channels >= 3 ? 3 : 1;
  for (let i = 0, j = 0; i < n; i++, j += channels) {
    let v: number;
    if (transparent) v = data[j + channels - 1] as number;
    else {
      v = data[j] as number;
      for (let c = 1; c < colours; c++) v = Math.max(v, data[j + c] as number);
    }
    out[i] = v === 0 ? 0 : Math.max(1, Math.round(v * scale));
  }
  return out;
}

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
