// The series behind the grid's plots (issue 10, item 8), from hand-made run records with hand-checked figures.
import { describe, expect, it } from 'vitest';
import { budgetLabel, consistencySeries, diceBoxSeries, groupRuns, lungAreaSeries, rocSeries } from '../../../src/core/research/plot-series';
import type { RunRecord } from '../../../src/core/research/table';
import type { LabelBudget } from '../../../src/core/data/types';

function run(variant: string, seed: number, budget: LabelBudget, o: { dice?: Array<number | null>; areaPred?: number[]; areaTrue?: number[]; labels?: number[]; probs?: number[]; metrics?: Record<string, unknown> } = {}): RunRecord {
  const perImage: RunRecord['perImage'] = {};
  if (o.dice) perImage.seg = { ids: o.dice.map((_, i) => `s${i}`), dice: o.dice, ...(o.areaPred ? { areaPred: o.areaPred, areaTrue: o.areaTrue } : {}) };
  if (o.probs) perImage.cls = { ids: o.probs.map((_, i) => `c${i}`), labels: o.labels!, probs: o.probs, threshold: 0.5 };
  return { variant, seed, budget, metrics: { steps: 10, ...o.metrics }, perImage };
}

const B10 = { seg: 10, cls: 100 };
const B20 = { seg: 20, cls: 100 };

describe('grouping', () => {
  it('groups runs by variant × budget in first-seen budget then variant order, seeds ascending', () => {
    const g = groupRuns([run('multimix', 2, B10), run('unet', 1, B20), run('unet', 1, B10), run('multimix', 1, B10)]);
    expect(g.map((x) => [x.variant, x.budget.seg, x.runs.map((r) => r.seed)])).toEqual([
      ['multimix', 10, [1, 2]], ['unet', 10, [1]], ['unet', 20, [1]],
    ]);
    expect(g[0]!.label).toBe('multimix · 10 masks / 100 labels');
    expect(budgetLabel({ seg: 'all', cls: 5 })).toBe('all masks / 5 labels');
  });
});

describe('per-image Dice boxes', () => {
  it('pools every seed’s images, drops non-finite Dice (null in JSON) and counts them', () => {
    const boxes = diceBoxSeries([
      run('unet', 1, B10, { dice: [0.9, 0.8] }),
      run('unet', 2, B10, { dice: [0.7, null] }),
      run('enc', 1, B10, { probs: [0.2], labels: [0] }), // no segmentation head: no box
    ]);
    expect(boxes).toHaveLength(1);
    expect(boxes[0]!.dice).toEqual([0.9, 0.8, 0.7]);
    expect(boxes[0]!.ids).toEqual(['seed 1 · s0', 'seed 1 · s1', 'seed 2 · s0']);
    expect(boxes[0]!.seeds).toEqual([1, 2]);
    expect(boxes[0]!.skipped).toBe(1);
  });
});

describe('lung-area Bland–Altman', () => {
  it('gives the bias and 95% limits of agreement of predicted − true area, pooled over seeds', () => {
    // Differences 2, 4 (seed 1), 0, 2 (seed 2): mean 2, sample SD sqrt((0+4+4+0)/3) = 1.63299, LoA 2 ∓ 3.20067.
    const [ba] = lungAreaSeries([
      run('multimix', 1, B10, { dice: [1, 1], areaPred: [32, 34], areaTrue: [30, 30] }),
      run('multimix', 2, B10, { dice: [1, 1], areaPred: [28, 30], areaTrue: [28, 28] }),
    ]);
    expect(ba!.diffs).toEqual([2, 4, 0, 2]);
    expect(ba!.means).toEqual([31, 32, 28, 29]);
    expect(ba!.meanDiff).toBe(2);
    expect(ba!.sdDiff).toBeCloseTo(1.632993, 6);
    expect(ba!.lower).toBeCloseTo(2 - 1.96 * 1.632993, 5);
    expect(ba!.upper).toBeCloseTo(2 + 1.96 * 1.632993, 5);
    expect(ba!.ids).toEqual(['seed 1 · s0', 'seed 1 · s1', 'seed 2 · s0', 'seed 2 · s1']);
  });

  it('skips a non-finite pair (its id too) and refuses unpaired areas', () => {
    const [ba] = lungAreaSeries([run('unet', 1, B10, { dice: [1, 1, 1], areaPred: [10, NaN, 12], areaTrue: [11, 5, 12] })]);
    expect(ba!.n).toBe(2);
    expect(ba!.skipped).toBe(1);
    expect(ba!.ids).toEqual(['seed 1 · s0', 'seed 1 · s2']);
    expect(() => lungAreaSeries([run('unet', 1, B10, { dice: [1], areaPred: [10, 11], areaTrue: [11] })])).toThrow(/2 predicted but 1 true lung areas/);
  });
});

describe('ROC per variant', () => {
  it('pools the seeds’ predictions into one curve and reports the per-seed AUC mean ± std', () => {
    // Seed 1: positives 0.9, 0.4; negatives 0.6, 0.1 → pairs won 3 of 4 → AUC 0.75.
    // Seed 2: perfectly separated → AUC 1. Pooled: positives .9 .4 .8 .7, negatives .6 .1 .3 .2 →
    // 0.9, 0.8, 0.7 beat all four negatives (12), 0.4 beats 0.1, 0.3, 0.2 (3) → 15/16.
    const [roc] = rocSeries([
      run('umtl', 1, B10, { labels: [1, 0, 1, 0], probs: [0.9, 0.6, 0.4, 0.1] }),
      run('umtl', 2, B10, { labels: [1, 1, 0, 0], probs: [0.8, 0.7, 0.3, 0.2] }),
      run('unet', 1, B10, { dice: [0.9] }), // no classification head: no curve
    ]);
    expect(roc!.group.variant).toBe('umtl');
    expect(roc!.pooledAuc).toBeCloseTo(15 / 16, 12);
    expect(roc!.seedAuc.mean).toBeCloseTo(0.875, 12);
    expect(roc!.seedAuc.std).toBeCloseTo(Math.SQRT1_2 * 0.25, 12);
    expect(roc!.n).toBe(8);
    expect(roc!.pooled.fpr[0]).toBe(0);
    expect(roc!.pooled.tpr.at(-1)).toBe(1);
  });

  it('skips images without a finite probability or a binary label; one class gives NaN, not a throw', () => {
    const [roc] = rocSeries([run('enc', 1, B10, { labels: [1, 1, 0, 2], probs: [0.9, NaN, 0.2, 0.5] })]);
    expect(roc!.n).toBe(2);
    expect(roc!.skipped).toBe(2);
    expect(roc!.pooledAuc).toBe(1);
    const [one] = rocSeries([run('enc', 1, B10, { labels: [1, 1], probs: [0.9, 0.3] })]);
    expect(one!.pooledAuc).toBeNaN();
  });
});

describe('consistency curves', () => {
  const seg = (dice: number) => ({ seg: { dice, n: 40 } });
  it('plots the mean ± std over seeds against the head’s own budget, one line per variant, "all" last', () => {
    const runs = [
      run('unet', 1, B10, { metrics: seg(0.8) }), run('unet', 2, B10, { metrics: seg(0.9) }),
      run('unet', 1, B20, { metrics: seg(0.85) }), run('unet', 1, { seg: 'all', cls: 100 }, { metrics: seg(0.95) }),
      run('multimix', 1, B20, { metrics: seg(0.9) }), run('multimix', 1, B10, { metrics: { seg: { dice: NaN } } }),
      run('enc', 1, B10, { metrics: { cls: { auc: 0.7 } } }), // no seg block: no line
    ];
    const c = consistencySeries(runs, 'seg', 'dice');
    expect(c.axis).toBe('seg');
    expect(c.budgets).toEqual([10, 20, 'all']);
    expect(c.lines.map((l) => l.name)).toEqual(['unet', 'multimix']);
    const unet = c.lines[0]!;
    expect(unet.budgets).toEqual([10, 20, 'all']);
    expect(unet.stats[0]!.mean).toBeCloseTo(0.85, 12);
    expect(unet.stats[0]!.std).toBeCloseTo(Math.SQRT1_2 * 0.1, 12);
    expect(unet.stats[1]!.std).toBeNaN(); // one seed
    const mm = c.lines[1]!;
    expect(mm.budgets).toEqual([10, 20]);
    expect(mm.stats[0]!.skipped).toBe(1);
    expect(mm.stats[0]!.mean).toBeNaN();
  });

  it('uses the classification budget for classification metrics and splits lines when the other budget varies', () => {
    const cls = (auc: number) => ({ cls: { auc } });
    const c = consistencySeries([
      run('umtl', 1, { seg: 10, cls: 50 }, { metrics: cls(0.7) }), run('umtl', 1, { seg: 10, cls: 100 }, { metrics: cls(0.8) }),
      run('umtl', 1, { seg: 20, cls: 100 }, { metrics: cls(0.85) }),
    ], 'cls', 'auc');
    expect(c.axis).toBe('cls');
    expect(c.budgets).toEqual([50, 100]);
    expect(c.lines.map((l) => [l.name, l.budgets, l.stats.map((s) => s.mean)])).toEqual([
      ['umtl (10 masks)', [50, 100], [0.7, 0.8]],
      ['umtl (20 masks)', [100], [0.85]],
    ]);
  });

  it('keeps one line per variant when both budgets grow together', () => {
    const c = consistencySeries([
      run('umtl', 1, { seg: 3, cls: 6 }, { metrics: seg(0.5) }), run('umtl', 1, { seg: 6, cls: 10 }, { metrics: seg(0.6) }),
    ], 'seg', 'dice');
    expect(c.lines.map((l) => [l.name, l.budgets])).toEqual([['umtl', [3, 6]]]);
  });

  it('reports fewer than 2 budgets so the plot can say why it is empty', () => {
    expect(consistencySeries([run('unet', 1, B10, { metrics: seg(0.8) })], 'seg', 'dice').budgets).toEqual([10]);
    expect(consistencySeries([], 'seg', 'dice').lines).toEqual([]);
  });
});
