import { describe, expect, it } from 'vitest';
import { hausdorffDistance, maskBoundary, percentileOfSorted, squaredDistanceTransform } from '../../../src/core/metrics';
import { createRng } from '../../../src/core/rng';

/** w×h mask with the rectangle rows y0..y1, cols x0..x1 (inclusive) set. */
function rect(w: number, h: number, y0: number, y1: number, x0: number, x1: number): Uint8Array {
  const m = new Uint8Array(w * h);
  for (let y = y0; y <= y1; y++) for (let x = x0; x <= x1; x++) m[y * w + x] = 1;
  return m;
}

/** O(boundary²) reference: same boundary definition, brute-force nearest distances. */
function bruteForce(pred: Uint8Array, gt: Uint8Array, w: number, h: number, [sy, sx]: [number, number]) {
  const pts = (m: Uint8Array) => {
    const b = maskBoundary(m, w, h);
    const out: Array<[number, number]> = [];
    b.forEach((v, i) => v && out.push([Math.floor(i / w), i % w]));
    return out;
  };
  const directed = (from: Array<[number, number]>, to: Array<[number, number]>) =>
    from.map(([y, x]) => Math.min(...to.map(([ty, tx]) => Math.hypot((y - ty) * sy, (x - tx) * sx)))).sort((a, b) => a - b);
  const p = pts(pred);
  const g = pts(gt);
  const pg = directed(p, g);
  const gp = directed(g, p);
  const sum = [...pg, ...gp].reduce((s, v) => s + v, 0);
  return {
    max: Math.max(pg[pg.length - 1] as number, gp[gp.length - 1] as number),
    p95: Math.max(percentileOfSorted(pg, 95), percentileOfSorted(gp, 95)),
    averageSurface: sum / (pg.length + gp.length),
  };
}

describe('maskBoundary', () => {
  it('keeps pixels with a background or out-of-image 4-neighbour', () => {
    // 4×4 block in a 6×6 image → 12-pixel ring; a block touching the image edge keeps its edge pixels
    const ring = maskBoundary(rect(6, 6, 1, 4, 1, 4), 6, 6);
    expect(ring.reduce((s, v) => s + v, 0)).toBe(12);
    expect(ring[2 * 6 + 2]).toBe(0);
    const full = maskBoundary(new Uint8Array(9).fill(1), 3, 3);
    expect(Array.from(full)).toEqual([1, 1, 1, 1, 0, 1, 1, 1, 1]);
  });
});

describe('squaredDistanceTransform', () => {
  it('gives (dy·sy)² + (dx·sx)² to a single feature pixel, and Infinity without features', () => {
    const f = new Uint8Array(5 * 4);
    f[1 * 5 + 3] = 1; // y = 1, x = 3
    const d = squaredDistanceTransform(f, 5, 4, [2, 0.5]);
    for (let y = 0; y < 4; y++) {
      for (let x = 0; x < 5; x++) expect(d[y * 5 + x]).toBeCloseTo(((y - 1) * 2) ** 2 + ((x - 3) * 0.5) ** 2, 12);
    }
    expect(Array.from(squaredDistanceTransform(new Uint8Array(6), 3, 2)).every((v) => v === Infinity)).toBe(true);
  });
});

describe('hausdorffDistance', () => {
  // 4×4 squares in a 12×12 image: A cols 2..5, B cols 5..8 (shifted 3 px right), rows 2..5.
  const a = rect(12, 12, 2, 5, 2, 5);
  const b = rect(12, 12, 2, 5, 5, 8);

  it('is 3 for two squares shifted by 3 px', () => {
    // A's ring → B's ring: left column (4 px) 3 each; col 5 lies on B's left edge, 0 (4 px);
    // top/bottom rows at cols 3, 4: 2 and 1 (×2). Sorted: 0,0,0,0,1,1,2,2,3,3,3,3 → max 3,
    // p95 at rank .95·11 = 10.45 between 3 and 3 → 3. B → A is the mirror image.
    // ASSD = (18 + 18) / 24 = 1.5
    const r = hausdorffDistance(a, b, 12, 12);
    expect(r.max).toBeCloseTo(3, 12);
    expect(r.p95).toBeCloseTo(3, 12);
    expect(r.averageSurface).toBeCloseTo(1.5, 12);
    expect(r.mm).toBeUndefined();
  });

  it('scales each axis by its spacing in the mm result', () => {
    // x shift 3 px with sx = .5 mm → 1.5 mm; ASSD 1.5 px·.5 = .75 mm (only x distances occur)
    const r = hausdorffDistance(a, b, 12, 12, [2, 0.5]);
    expect(r.max).toBeCloseTo(3, 12);
    expect(r.mm?.max).toBeCloseTo(1.5, 12);
    expect(r.mm?.p95).toBeCloseTo(1.5, 12);
    expect(r.mm?.averageSurface).toBeCloseTo(0.75, 12);
    // y shift 3 px with sy = 2 mm → 6 mm
    const down = rect(12, 12, 5, 8, 2, 5);
    expect(hausdorffDistance(a, down, 12, 12, [2, 0.5]).mm?.max).toBeCloseTo(6, 12);
  });

  it('interpolates the 95th percentile linearly', () => {
    // pred = pixel (0,0); gt = row 0, cols 0..4 (all boundary). gt → pred: 0,1,2,3,4; pred → gt: 0.
    // p95 of [0..4]: rank .95·4 = 3.8 → 3.8. max 4. ASSD = (0+1+2+3+4 + 0) / 6 = 10/6
    const pred = rect(8, 3, 0, 0, 0, 0);
    const gt = rect(8, 3, 0, 0, 0, 4);
    const r = hausdorffDistance(pred, gt, 8, 3);
    expect(r).toEqual({ max: 4, p95: expect.closeTo(3.8, 12), averageSurface: expect.closeTo(10 / 6, 12) });
  });

  it('measures contours, not sets: a pixel at the centre of a 5×5 square', () => {
    // pred boundary = centre (2,2); gt boundary = 16-pixel ring.
    // pred → gt: 2. gt → pred: 4 edge midpoints at 2, 8 at √5, 4 corners at √8 → max √8;
    // p95 rank .95·15 = 14.25 between √8 and √8 → √8. ASSD = (2 + 4·2 + 8√5 + 4√8) / 17 = 2.306015
    const pred = rect(5, 5, 2, 2, 2, 2);
    const gt = rect(5, 5, 0, 4, 0, 4);
    const r = hausdorffDistance(pred, gt, 5, 5);
    expect(r.max).toBeCloseTo(Math.sqrt(8), 12);
    expect(r.p95).toBeCloseTo(Math.sqrt(8), 12);
    expect(r.averageSurface).toBeCloseTo((10 + 8 * Math.sqrt(5) + 4 * Math.sqrt(8)) / 17, 12);
    expect(r.averageSurface).toBeCloseTo(2.306015, 6);
  });

  it('is 0 for identical masks and for two empty masks, NaN when exactly one is empty', () => {
    expect(hausdorffDistance(a, a, 12, 12)).toEqual({ max: 0, p95: 0, averageSurface: 0 });
    const empty = new Uint8Array(144);
    expect(hausdorffDistance(empty, empty, 12, 12, [1, 1])).toEqual({
      max: 0, p95: 0, averageSurface: 0, mm: { max: 0, p95: 0, averageSurface: 0 },
    });
    const r = hausdorffDistance(empty, a, 12, 12);
    expect([r.max, r.p95, r.averageSurface].every(Number.isNaN)).toBe(true);
    expect(Number.isNaN(hausdorffDistance(a, empty, 12, 12).max)).toBe(true);
  });

  it('matches an O(boundary²) brute force on random blobs with anisotropic spacing', () => {
    const rng = createRng('hd-brute');
    const w = 23;
    const h = 17;
    for (let trial = 0; trial < 5; trial++) {
      // Random rectangles unioned, plus salt noise, so contours have holes and islands.
      const blob = () => {
        const m = new Uint8Array(w * h);
        for (let k = 0; k < 3; k++) {
          const y0 = rng.int(h), x0 = rng.int(w);
          m.set(rect(w, h, y0, Math.min(h - 1, y0 + rng.int(8)), x0, Math.min(w - 1, x0 + rng.int(10))).map((v, i) => v | (m[i] as number)));
        }
        for (let i = 0; i < m.length; i++) if (rng.next() < 0.03) m[i] = 1;
        return m;
      };
      const pred = blob();
      const gt = blob();
      const spacing: [number, number] = [rng.uniform(0.3, 2), rng.uniform(0.3, 2)];
      const got = hausdorffDistance(pred, gt, w, h, spacing);
      const px = bruteForce(pred, gt, w, h, [1, 1]);
      const mm = bruteForce(pred, gt, w, h, spacing);
      for (const k of ['max', 'p95', 'averageSurface'] as const) {
        expect(got[k]).toBeCloseTo(px[k], 10);
        expect(got.mm?.[k]).toBeCloseTo(mm[k], 10);
      }
    }
  });

  it('rejects non-binary masks, wrong sizes and bad spacing', () => {
    expect(() => hausdorffDistance(new Uint8Array(12), new Uint8Array(12), 4, 4)).toThrow(
      'hausdorffDistance: pred has length 12 but width×height = 4×4 = 16',
    );
    expect(() => hausdorffDistance(Uint8Array.of(0, 2, 0, 0), new Uint8Array(4), 2, 2)).toThrow('pred[1] = 2; expected 0 or 1');
    expect(() => hausdorffDistance(a, b, 12, 12, [0, 1])).toThrow(/spacing must be \[sy, sx\] with two finite numbers > 0, got \[0, 1\]/);
  });
});
