import { describe, expect, it } from 'vitest';
import { resampleBilinear } from '../../../src/app/components/overlay/resample';
import { HOME, zoomAbout } from '../../../src/app/panels/viewer/ZoomPan';
import { fileNamePrefix, modelNameFromFiles, sortModelFiles } from '../../../src/platform/models/model-files';

describe('resampleBilinear', () => {
  it('keeps constants, interpolates between pixel centres and clamps at the border', () => {
    expect(Array.from(resampleBilinear(new Float32Array(4).fill(0.25), 2, 5))).toEqual(new Array(25).fill(0.25));
    // 1×2 row [0, 1] as a 2×2 map upsampled to 4: centres at x = 0.25, 0.75, 1.25, 1.75 in source pixels → sx = -0.25, 0.25, 0.75, 1.25 → clamp
    const up = resampleBilinear(Float32Array.of(0, 1, 0, 1), 2, 4);
    expect(Array.from(up.subarray(0, 4))).toEqual([0, 0.25, 0.75, 1]);
    expect(Array.from(resampleBilinear(Float32Array.of(1, 2, 3, 4), 2, 2))).toEqual([1, 2, 3, 4]);
    expect(() => resampleBilinear(new Float32Array(3), 2, 4)).toThrow(/expected 2×2/);
  });
});

describe('zoomAbout', () => {
  it('keeps the point under the cursor fixed and never zooms out past the fit', () => {
    const v = zoomAbout(HOME, 2, 100, 50);
    expect(v.zoom).toBe(2);
    // Content point under (100, 50) before: (100, 50); after: (100 - x) / zoom must still be 100.
    expect((100 - v.x) / v.zoom).toBeCloseTo(100, 12);
    expect((50 - v.y) / v.zoom).toBeCloseTo(50, 12);
    expect(zoomAbout(v, 0.1, 0, 0)).toEqual(HOME);
    expect(zoomAbout(HOME, 100, 0, 0).zoom).toBe(16);
  });
});

describe('model files', () => {
  const file = (name: string) => new File([new Uint8Array(1)], name);

  it('names files safely', () => {
    expect(fileNamePrefix('  my run / best ')).toBe('my-run-best');
    expect(fileNamePrefix('///')).toBe('multimix-model');
    expect(modelNameFromFiles([file('lungs-v2.json'), file('lungs-v2.weights.bin')])).toBe('lungs-v2');
    expect(modelNameFromFiles([file('model.json'), file('weights.bin')])).toBe('imported model');
  });

  it('finds the json and the weights, with messages for wrong picks', () => {
    const picked = sortModelFiles([file('weights.bin'), file('model.json')]);
    expect(picked.json.name).toBe('model.json');
    expect(picked.weights.map((f) => f.name)).toEqual(['weights.bin']);
    expect(() => sortModelFiles([file('weights.bin')])).toThrow(/model\.json file together/);
    expect(() => sortModelFiles([file('a.json'), file('b.json'), file('w.bin')])).toThrow(/exactly one \.json.*a\.json, b\.json/);
    expect(() => sortModelFiles([file('model.json')])).toThrow(/weights file/);
    expect(() => sortModelFiles([file('model.json'), file('w.bin'), file('notes.txt')])).toThrow(/notes\.txt/);
  });
});
