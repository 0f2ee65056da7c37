// evaluateModel's decision threshold (issue 10, item 7) and per-image lung areas (Bland–Altman input).
import { beforeAll, describe, expect, it } from 'vitest';
import { useNodeBackend } from '../../../src/cli/node-backend';
import { MultiMixModel } from '../../../src/core/model';
import { withDefaults } from '../../../src/core/config';
import { evaluateModel } from '../../../src/core/train/evaluate';

const S = 32;
const img = (k: number) => Uint8Array.from({ length: S * S }, (_, i) => (i * 5 + k * 17) % 256);

describe('evaluateModel', () => {
  beforeAll(async () => {
    await useNodeBackend('wasm');
  });

  it('classifies with p > threshold and reports the threshold; keeps per-image lung areas in % of the image', async () => {
    const model = MultiMixModel.create(withDefaults({ model: { variant: 'umtl', inputSize: S, widthMultiplier: 0.25 } }).model, 2);
    const labels = [0, 1, 1, 0, 1] as const;
    const cls = labels.map((label, k) => ({ pixels: img(k), label, id: `c${k}` }));
    const mask = Uint8Array.from({ length: S * S }, (_, i) => (i < (S * S) / 4 ? 255 : 0));
    const seg = [{ pixels: img(9), mask, id: 's0' }];
    const low = await evaluateModel(model, { size: S, cls, seg }, { threshold: 0 });
    const high = await evaluateModel(model, { size: S, cls, seg: [] }, { threshold: 1 });
    expect(low.cls!.threshold).toBe(0);
    expect(low.cls!.confusion).toEqual({ tn: 0, fp: 2, fn: 0, tp: 3 }); // every p > 0: all pneumonia
    expect(high.cls!.confusion).toEqual({ tn: 2, fp: 0, fn: 3, tp: 0 }); // no p > 1: all normal
    expect(low.cls!.auc).toBe(high.cls!.auc); // the ROC does not depend on the threshold
    expect((await evaluateModel(model, { size: S, cls, seg: [] })).cls!.threshold).toBe(0.5);
    expect(low.seg!.areaTrue).toEqual([25]);
    expect(low.seg!.areaPred[0]).toBeGreaterThanOrEqual(0);
    expect(low.seg!.areaPred[0]).toBeLessThanOrEqual(100);
    model.dispose();
  });
});
