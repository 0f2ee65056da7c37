import { describe, expect, it } from 'vitest';
import { COLORMAPS, colormapGradient, colormapLut, parseColor } from '../../../src/app/components/overlay/colormap';
import { applyWindowLevel, clipToBytes, percentile } from '../../../src/app/components/overlay/intensity';
import { resizeMaskNearest } from '../../../src/app/components/overlay/mask';
import { containBox, displayAspect } from '../../../src/app/components/overlay/aspect';
// The viewer thresholds, outlines and scores masks with the core metrics' own functions.
import { binarizeProbabilities, diceCoefficient, maskBoundary } from '../../../src/core/metrics';
import { boundariesToRgba, COMPARE_COLORS, grayToRgba, heatToRgba, maskToRgba, TRUTH_COLOR } from '../../../src/app/components/overlay/rgba';

describe('colormaps', () => {
  it('parses both colour forms d3 produces and rejects others', () => {
    expect(parseColor('#ff0080')).toEqual([255, 0, 128]);
    expect(parseColor('rgb(35, 23, 27)')).toEqual([35, 23, 27]);
    expect(() => parseColor('hsl(1,2%,3%)')).toThrow(/unrecognised colour/);
  });

  it('builds 256-entry LUTs with the known end points', () => {
    for (const name of COLORMAPS) expect(colormapLut(name)).toHaveLength(768);
    // viridis runs from dark purple #440154 to yellow #fde725; inferno from near-black to pale yellow.
    expect(Array.from(colormapLut('viridis').subarray(0, 3))).toEqual([0x44, 0x01, 0x54]);
    expect(Array.from(colormapLut('viridis').subarray(765))).toEqual([0xfd, 0xe7, 0x25]);
    const inf = colormapLut('inferno');
    expect((inf[0] as number) + (inf[1] as number) + (inf[2] as number)).toBeLessThan(20);
    expect(inf[765]).toBeGreaterThan(240);
    expect(colormapGradient('viridis', 2)).toBe('linear-gradient(to right, rgb(68, 1, 84), rgb(253, 231, 37))');
  });
});

describe('window/level', () => {
  it('is the identity for the full window and clips outside a narrow one', () => {
    const px = Uint8Array.of(0, 64, 128, 200, 255);
    expect(Array.from(applyWindowLevel(px, { level: 127.5, window: 255 }))).toEqual([0, 64, 128, 200, 255]);
    // window [100, 150]: 64 → 0, 128 → (28/50)·255 = 142.8 → 143, 200 → 255
    expect(Array.from(applyWindowLevel(px, { level: 125, window: 50 }))).toEqual([0, 0, 143, 255, 255]);
    expect(() => applyWindowLevel(px, { level: 10, window: 0 })).toThrow(/at least 1/);
  });
});

describe('percentile clipping', () => {
  it('uses nearest rank and ignores non-finite values', () => {
    const v = [5, 1, 4, 2, 3, NaN, Infinity];
    expect(percentile(v, 0)).toBe(1);
    expect(percentile(v, 50)).toBe(3);
    expect(percentile(v, 80)).toBe(4);
    expect(percentile(v, 100)).toBe(5);
    expect(percentile([NaN], 50)).toBeNaN();
    expect(() => percentile(v, 101)).toThrow(/\[0, 100\]/);
  });

  it('maps the low..high percentile range onto 0..255 and saturates beyond it', () => {
    const v = new Float32Array(100).map((_, i) => i); // 0..99
    const b = clipToBytes(v, 0, 90); // lo 0, hi 89
    expect(b[0]).toBe(0);
    expect(b[89]).toBe(255);
    expect(b[99]).toBe(255);
    expect(b[44]).toBe(Math.round((44 / 89) * 255));
    expect(() => clipToBytes(v, 50, 50)).toThrow(/below the high/);
    // A constant map has no range: nothing is highlighted.
    expect(Array.from(clipToBytes(new Float32Array(4).fill(0.3), 1, 99))).toEqual([0, 0, 0, 0]);
  });
});

describe('masks', () => {
  // 5×5 with a 3×3 square in the middle.
  const square = new Uint8Array(25);
  for (let y = 1; y <= 3; y++) for (let x = 1; x <= 3; x++) square[y * 5 + x] = 1;

  it('outline keeps the boundary ring and drops the interior', () => {
    const o = maskBoundary(square, 5, 5);
    expect(o.reduce((a, b) => a + b, 0)).toBe(8);
    expect(o[2 * 5 + 2]).toBe(0);
    expect(o[1 * 5 + 1]).toBe(1);
    // Foreground on the image border is boundary too.
    expect(Array.from(maskBoundary(new Uint8Array(4).fill(1), 2, 2))).toEqual([1, 1, 1, 1]);
    expect(() => maskBoundary(square, 4, 4)).toThrow(/length 25 but width×height = 4×4/);
  });

  it('dice counts overlap, both-empty is 1', () => {
    const shifted = new Uint8Array(25);
    for (let y = 1; y <= 3; y++) for (let x = 2; x <= 4; x++) shifted[y * 5 + x] = 1;
    expect(diceCoefficient(square, shifted)).toBeCloseTo((2 * 6) / 18, 12);
    expect(diceCoefficient(new Uint8Array(3), new Uint8Array(3))).toBe(1);
    expect(() => diceCoefficient(square, new Uint8Array(3))).toThrow(/length 25 but gt has length 3/);
  });

  it('thresholds at p >= 0.5 and resizes by nearest neighbour', () => {
    expect(Array.from(binarizeProbabilities([0.2, 0.5, 0.9]))).toEqual([0, 1, 1]);
    const up = resizeMaskNearest(Uint8Array.of(1, 0, 0, 255), 2, 4);
    expect(Array.from(up)).toEqual([1, 1, 0, 0, 1, 1, 0, 0, 0, 0, 1, 1, 0, 0, 1, 1]);
    expect(Array.from(resizeMaskNearest(up, 4, 2))).toEqual([1, 0, 0, 1]);
  });
});

describe('RGBA layers', () => {
  it('gray is opaque, masks colour only the foreground, heat alpha follows the value', () => {
    expect(Array.from(grayToRgba(Uint8Array.of(7)))).toEqual([7, 7, 7, 255]);
    const m = maskToRgba(Uint8Array.of(0, 1, 1, 1), 2, [10, 20, 30], 0.5, 'fill');
    expect(Array.from(m.subarray(0, 8))).toEqual([0, 0, 0, 0, 10, 20, 30, 128]);
    const lut = colormapLut('viridis');
    const h = heatToRgba(Uint8Array.of(0, 255), lut, 1);
    expect(h[3]).toBe(0);
    expect(Array.from(h.subarray(4))).toEqual([0xfd, 0xe7, 0x25, 255]);
    expect(() => heatToRgba(Uint8Array.of(0), new Uint8Array(3), 1)).toThrow(/768/);
  });
});

describe('boundaries of several models', () => {
  it('draws each mask’s 4-connected boundary in its colour, later masks on top, background transparent', () => {
    const size = 6;
    const square = (x0: number, y0: number, w: number) => {
      const m = new Uint8Array(size * size);
      for (let y = y0; y < y0 + w; y++) for (let x = x0; x < x0 + w; x++) m[y * size + x] = 255;
      return m;
    };
    const truth = square(1, 1, 4); // boundary: the 12-pixel ring of a 4×4 square
    const model = square(2, 2, 3); // its 3×3 boundary: 8 pixels, (3,3) is interior
    const rgba = boundariesToRgba([{ mask: truth, color: TRUTH_COLOR }, { mask: model, color: COMPARE_COLORS[0]! }], size);
    const at = (x: number, y: number) => Array.from(rgba.subarray((y * size + x) * 4, (y * size + x) * 4 + 4));
    expect(at(1, 1)).toEqual([...TRUTH_COLOR, 255]);
    expect(at(4, 4)).toEqual([...COMPARE_COLORS[0]!, 255]); // shared corner: the later mask wins
    expect(at(2, 2)).toEqual([...COMPARE_COLORS[0]!, 255]);
    expect(at(3, 3)).toEqual([0, 0, 0, 0]); // interior of both
    expect(at(0, 0)).toEqual([0, 0, 0, 0]);
    let painted = 0;
    for (let i = 3; i < rgba.length; i += 4) if (rgba[i]) painted++;
    expect(painted).toBe(12 + 8 - 5); // (4,2), (4,3), (4,4), (2,4), (3,4) lie on both rings: drawn once
  });
});

describe('true aspect ratio (issue 9, item 4)', () => {
  it('draws at the original width : height, square for records without a usable size', () => {
    expect(displayAspect({ originalWidth: 512, originalHeight: 381 })).toBeCloseTo(512 / 381, 12);
    expect(displayAspect({ originalWidth: 300, originalHeight: 600 })).toBe(0.5);
    expect(displayAspect({})).toBe(1);
    expect(displayAspect({ originalWidth: 0, originalHeight: 10 })).toBe(1);
    expect(displayAspect(null)).toBe(1);
  });
  it('fits the longer side to the frame (object-fit: contain)', () => {
    expect(containBox(2, 104)).toEqual({ width: 104, height: 52 });
    expect(containBox(0.5, 104)).toEqual({ width: 52, height: 104 });
    expect(containBox(1, 104)).toEqual({ width: 104, height: 104 });
  });
});
