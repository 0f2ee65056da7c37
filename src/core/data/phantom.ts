// SYNTHETIC chest phantoms for the built-in demo: not real radiographs and never to be shown as such
// (every record carries `synthetic: true` and a `synthetic://` source path). Drawn in X-ray convention
// (dense = bright): a body ellipse, two lung fields (dark, with soft texture) whose union is the mask,
// spine, heart shadow, ribs and clavicles. "Pneumonia" (label 1) adds patchy opacities of random size,
// count and contrast inside one or both lungs; label 0 has none. Faint opacities and rib crossings
// keep the task learnable but not trivial. Domain-shift knobs: contrast, gamma and noise.
import type { Rng } from '../rng';
import { pixelHash } from './hash';
import type { ClassLabel, PreparedImage } from './types';

export interface PhantomOptions {
  count: number;
  /** Side in pixels (default 256). */
  size?: number;
  /** Share of label-1 images (default 0.5); labels alternate deterministically around it. */
  pneumoniaFraction?: number;
  /** Multiplies deviations from mid-gray (default 1). */
  contrast?: number;
  /** Output = input^gamma on [0,1] (default 1). */
  gamma?: number;
  /** Std of additive Gaussian noise on [0,1] (default 0.02). */
  noise?: number;
  /** Scales opacity amplitude; < 1 makes the classes harder (default 1). */
  lesionStrength?: number;
}

export interface PhantomImage extends PreparedImage {
  synthetic: true;
  mask: Uint8Array;
  label: ClassLabel;
}

interface Lung { cx: number; cy: number; rx: number; ry: number; tilt: number }

/** n standard normals by Box–Muller, both outputs of each pair used. */
function gaussians(rng: Rng, n: number): Float32Array {
  const out = new Float32Array(n);
  for (let i = 0; i < n; i += 2) {
    const r = Math.sqrt(-2 * Math.log(Math.max(rng.next(), 1e-12)));
    const t = 2 * Math.PI * rng.next();
    out[i] = r * Math.cos(t);
    if (i + 1 < n) out[i + 1] = r * Math.sin(t);
  }
  return out;
}

/** Lung field: an ellipse widening towards the base (costophrenic angles), top rounded. */
function insideLung(l: Lung, x: number, y: number): number {
  const t = Math.min(1, Math.max(0, (y - (l.cy - l.ry)) / (2 * l.ry))); // 0 apex .. 1 base
  const width = l.rx * (0.55 + 0.6 * Math.sqrt(t));
  const dx = (x - l.cx - l.tilt * (t - 0.5)) / width;
  const dy = (y - l.cy) / l.ry;
  return 1 - (dx * dx + dy * dy);
}

/** Smooth random field: a coarse grid of values, bilinearly upsampled (cheap texture). */
function smoothField(rng: Rng, size: number, cells: number): Float32Array {
  const g = new Float32Array((cells + 1) * (cells + 1)).map(() => rng.next());
  const out = new Float32Array(size * size);
  for (let y = 0; y < size; y++) {
    const fy = (y / size) * cells;
    const y0 = Math.floor(fy);
    const ty = fy - y0;
    for (let x = 0; x < size; x++) {
      const fx = (x / size) * cells;
      const x0 = Math.floor(fx);
      const tx = fx - x0;
      const i = y0 * (cells + 1) + x0;
      const top = (g[i] as number) * (1 - tx) + (g[i + 1] as number) * tx;
      const bot = (g[i + cells + 1] as number) * (1 - tx) + (g[i + cells + 2] as number) * tx;
      out[y * size + x] = top * (1 - ty) + bot * ty;
    }
  }
  return out;
}

export function generatePhantom(index: number, label: ClassLabel, opts: PhantomOptions, rng: Rng): PhantomImage {
  const size = opts.size ?? 256;
  const contrast = opts.contrast ?? 1;
  const gamma = opts.gamma ?? 1;
  const noise = opts.noise ?? 0.02;
  const strength = opts.lesionStrength ?? 1;
  const j = (s: number) => rng.uniform(-s, s);
  const body = { cx: 0.5 + j(0.02), cy: 0.56 + j(0.02), rx: 0.43 + j(0.03), ry: 0.5 + j(0.03) };
  const lungs: Lung[] = [-1, 1].map((side) => ({
    cx: 0.5 + side * (0.17 + j(0.02)),
    cy: 0.5 + j(0.03),
    rx: 0.13 + j(0.015),
    ry: 0.29 + j(0.03),
    tilt: side * (0.04 + j(0.02)),
  }));
  const heart = { cx: 0.55 + j(0.02), cy: 0.64 + j(0.02), rx: 0.13 + j(0.02), ry: 0.11 + j(0.015) };
  const ribPhase = j(0.01);
  const ribs = 9 + rng.int(2);
  const texture = smoothField(rng, size, 12);
  const blobs: Array<{ x: number; y: number; r: number; a: number }> = [];
  if (label === 1) {
    const patches = 1 + rng.int(3);
    for (let p = 0; p < patches; p++) {
      const l = lungs[rng.int(2)]!;
      const r = rng.uniform(0.03, 0.09);
      const a = rng.uniform(0.08, 0.3) * strength;
      const cx = l.cx + j(l.rx * 0.5);
      const cy = l.cy + rng.uniform(-0.2, 0.9) * l.ry * 0.6;
      // A patch is a cluster of smaller Gaussians: irregular, "patchy" rather than a clean disc.
      const parts = 3 + rng.int(4);
      for (let k = 0; k < parts; k++) blobs.push({ x: cx + j(r), y: cy + j(r), r: r * rng.uniform(0.4, 0.9), a: a * rng.uniform(0.5, 1) });
    }
  }
  const patchiness = label === 1 ? smoothField(rng, size, 24) : undefined;
  const pixels = new Uint8Array(size * size);
  const mask = new Uint8Array(size * size);
  const grain = noise > 0 ? gaussians(rng, size * size) : undefined;
  // Everything that depends on the column only, computed once per column.
  const spine = new Float32Array(size);
  const ribBase = new Float32Array(size);
  const clavicleY = new Float32Array(size).fill(NaN);
  for (let px = 0; px < size; px++) {
    const x = (px + 0.5) / size;
    const sx = (x - 0.5) / 0.028;
    spine[px] = 0.22 * Math.exp(-sx * sx);
    ribBase[px] = 0.27 + ribPhase + 0.1 * ((x - 0.5) / 0.4) ** 2;
    const ax = Math.abs(x - 0.5); // clavicles: rising from the sternum towards the shoulders
    if (ax > 0.04 && ax < 0.32) clavicleY[px] = 0.2 + ribPhase - 0.1 * (ax - 0.04);
  }
  for (let py = 0; py < size; py++) {
    const y = (py + 0.5) / size;
    for (let px = 0; px < size; px++) {
      const x = (px + 0.5) / size;
      const i = py * size + px;
      const bx = (x - body.cx) / body.rx;
      const by = (y - body.cy) / body.ry;
      const bodyIn = 1 - (bx * bx + by * by);
      let v = 0.06;
      if (bodyIn > 0) {
        v += 0.5 * Math.min(1, bodyIn * 6); // soft tissue with a soft edge
        let lungDepth = -1;
        for (const l of lungs) lungDepth = Math.max(lungDepth, insideLung(l, x, y));
        if (lungDepth > 0) {
          mask[i] = 255;
          v -= 0.32 * Math.min(1, lungDepth * 5) * (0.85 + 0.3 * (texture[i] as number));
        }
        v += spine[px] as number;
        const hx = (x - heart.cx) / heart.rx;
        const hy = (y - heart.cy) / heart.ry;
        const h = 1 - (hx * hx + hy * hy);
        if (h > 0) v += 0.17 * Math.min(1, h * 3);
        // Ribs are 0.052 apart and fade within 3 widths (0.027): only the nearest one matters.
        const rib = Math.round((y - (ribBase[px] as number)) / 0.052);
        if (rib >= 0 && rib < ribs) {
          const d = (y - (ribBase[px] as number) - rib * 0.052) / 0.009;
          if (d > -3 && d < 3) v += 0.09 * Math.exp(-d * d);
        }
        const cy = clavicleY[px] as number;
        if (cy === cy) {
          const d = (y - cy) / 0.013;
          if (d > -3 && d < 3) v += 0.13 * Math.exp(-d * d);
        }
        if (lungDepth > 0 && patchiness) {
          let o = 0;
          for (const b of blobs) {
            const dx = (x - b.x) / b.r;
            const dy = (y - b.y) / b.r;
            const d2 = dx * dx + dy * dy;
            if (d2 < 9) o += b.a * Math.exp(-d2);
          }
          v += o * (0.6 + 0.8 * (patchiness[i] as number)) * Math.min(1, lungDepth * 4);
        }
      }
      v = (v - 0.5) * contrast + 0.5 + (grain ? noise * (grain[i] as number) : 0);
      v = Math.min(1, Math.max(0, v));
      if (gamma !== 1) v = v ** gamma;
      pixels[i] = Math.round(v * 255);
    }
  }
  const key = `phantom-${String(index).padStart(5, '0')}`;
  return {
    key,
    pixels,
    size,
    originalWidth: size,
    originalHeight: size,
    mask,
    label,
    patientId: key,
    sourcePath: `synthetic://phantom/${key}`,
    contentHash: pixelHash(pixels, size, size),
    synthetic: true,
  };
}

/** `count` phantoms; labels follow `pneumoniaFraction` exactly (rounded), in a seeded order. */
export function generatePhantoms(opts: PhantomOptions, rng: Rng): PhantomImage[] {
  const frac = opts.pneumoniaFraction ?? 0.5;
  if (!Number.isInteger(opts.count) || opts.count < 0) throw new Error(`phantom count must be a whole number >= 0 (got ${opts.count})`);
  if (!(frac >= 0 && frac <= 1)) throw new Error(`pneumoniaFraction must be in [0, 1] (got ${frac})`);
  const positives = Math.round(opts.count * frac);
  const labels = rng.fork('phantom/labels').shuffle(Array.from({ length: opts.count }, (_, i) => (i < positives ? 1 : 0) as ClassLabel));
  return labels.map((label, i) => generatePhantom(i, label, opts, rng.fork(`phantom/${i}`)));
}
