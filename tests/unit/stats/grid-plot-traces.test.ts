// The grid plots' traces and honest empty states (src/app/panels/research/grid-plot-traces.ts) from run records.
import { describe, expect, it } from 'vitest';
import { blandAltmanFigure, consistencyFigure, diceBoxFigure, rocFigure } from '../../../src/app/panels/research/grid-plot-traces';
import type { RunRecord } from '../../../src/core/research/table';

const run = (variant: string, seed: number, seg: number, o: { dice?: number; cls?: boolean } = {}): RunRecord => ({
  variant, seed, budget: { seg, cls: 100 },
  metrics: { steps: 10, ...(o.dice !== undefined ? { seg: { dice: o.dice } } : {}), ...(o.cls ? { cls: { auc: 0.75 } } : {}) },
  perImage: {
    ...(o.dice !== undefined ? { seg: { ids: ['a', 'b'], dice: [o.dice, o.dice], areaPred: [30, 34], areaTrue: [30, 30] } } : {}),
    ...(o.cls ? { cls: { ids: ['x', 'y', 'z', 'w'], labels: [1, 0, 1, 0], probs: [0.9, 0.6, 0.4, 0.1], threshold: 0.5 } } : {}),
  },
});

describe('grid plot figures', () => {
  const runs = [run('unet', 1, 10, { dice: 0.8 }), run('unet', 2, 10, { dice: 0.9 }), run('umtl', 1, 10, { dice: 0.7, cls: true })];

  it('one Dice box per variant × budget; Bland–Altman legends carry bias and limits; ROC legends the AUC', () => {
    const box = diceBoxFigure(runs, 'in');
    expect(box.empty).toBeUndefined();
    expect(box.data.map((t) => (t as { name: string }).name)).toEqual(['unet<br>10 masks / 100 labels', 'umtl<br>10 masks / 100 labels']);
    expect((box.data[0] as { y: number[] }).y).toEqual([0.8, 0.8, 0.9, 0.9]);
    const ba = blandAltmanFigure(runs, 'in');
    // unet: differences 0, 4, 0, 4 → bias 2, SD 2.3094, limits 2 ∓ 4.5264.
    expect((ba.data[0] as { name: string }).name).toBe('unet · 10 masks / 100 labels: bias +2.00 pp, 95% LoA −2.53 to +6.53 (n 4)');
    expect(ba.data).toHaveLength(2 * 4); // points + bias + two limits per group
    const roc = rocFigure(runs, 'in');
    expect(roc.data.map((t) => (t as { name: string }).name)).toEqual(['umtl · 10 masks / 100 labels (AUC 0.750 pooled)', 'chance']);
  });

  it('says why a plot is empty', () => {
    expect(consistencyFigure(runs, 'in', 'dice').empty).toBe('Consistency curves need ≥ 2 segmentation label budgets; these runs have 1 (10).');
    expect(rocFigure([runs[0]!], 'in').empty).toMatch(/^No classification outputs on the in-domain test set/);
    expect(diceBoxFigure(runs, 'cross').empty).toMatch(/^No per-image Dice on the cross-domain test set/);
    expect(blandAltmanFigure(runs, 'cross').empty).toMatch(/^No per-image lung areas/);
    const two = [...runs, run('unet', 1, 20, { dice: 0.95 })];
    const c = consistencyFigure(two, 'in', 'dice');
    expect(c.empty).toBeUndefined();
    const unet = c.data.find((t) => (t as { name: string }).name === 'unet') as { x: string[]; y: number[] };
    expect(unet.x).toEqual(['10', '20']);
    expect(unet.y[0]).toBeCloseTo(0.85, 12);
  });
});
