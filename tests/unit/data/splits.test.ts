// Patient-grouped, seeded splits and label budgets.
import { describe, expect, it } from 'vitest';
import { type SplittableItem, applyLabelBudget, assignSplits, budgetSummary } from '../../../src/core/data/index';
import { createRng } from '../../../src/core/rng';

/** 200 patients with 1–3 images each, alternating classes by patient. */
function cohort(): SplittableItem[] {
  const items: SplittableItem[] = [];
  for (let p = 0; p < 200; p++) {
    for (let k = 0; k <= p % 3; k++) items.push({ key: `p${p}/img${k}`, patientId: `p${p}`, label: (p % 2) as 0 | 1 });
  }
  return items;
}

describe('assignSplits', () => {
  it('never puts one patient in two splits and hits the fractions closely', () => {
    const items = cohort();
    const out = assignSplits(items, { val: 0.1, test: 0.2 }, createRng(7));
    const byPatient = new Map<string, Set<string>>();
    for (const it of out) {
      const s = byPatient.get(it.patientId!) ?? new Set();
      s.add(it.split);
      byPatient.set(it.patientId!, s);
    }
    for (const s of byPatient.values()) expect(s.size).toBe(1);
    const n = (split: string) => out.filter((i) => i.split === split).length;
    expect(Math.abs(n('test') - 0.2 * items.length)).toBeLessThanOrEqual(6); // whole patients of <= 3 images, 2 strata
    expect(Math.abs(n('val') - 0.1 * items.length)).toBeLessThanOrEqual(6);
    // stratified: each class is split in about the same proportion
    for (const c of [0, 1]) {
      const cls = out.filter((i) => i.label === c);
      expect(Math.abs(cls.filter((i) => i.split === 'test').length / cls.length - 0.2)).toBeLessThan(0.03);
    }
  });
  it('is deterministic for a seed and independent of input order, and differs across seeds', () => {
    const items = cohort();
    const a = assignSplits(items, { val: 0.1, test: 0.2 }, createRng(1));
    const b = assignSplits(items.slice().reverse(), { val: 0.1, test: 0.2 }, createRng(1));
    const map = (xs: typeof a) => Object.fromEntries(xs.map((i) => [i.key, i.split]));
    expect(map(b)).toEqual(map(a));
    expect(map(assignSplits(items, { val: 0.1, test: 0.2 }, createRng(2)))).not.toEqual(map(a));
  });
  it('keeps layout splits and pulls the rest of that patient along; falls back to the key', () => {
    const out = assignSplits(
      [
        { key: 'a1', patientId: 'A', split: 'test' },
        { key: 'a2', patientId: 'A' },
        { key: 'b1', split: 'val' },
        { key: 'solo' },
      ],
      { val: 0, test: 0 },
      createRng(3),
    );
    expect(out.map((i) => i.split)).toEqual(['test', 'test', 'val', 'train']);
  });
  it('rejects impossible fractions with a message', () => {
    expect(() => assignSplits([], { val: 0.5, test: 0.5 }, createRng(0))).toThrow(/val \+ test < 1/);
  });
});

describe('applyLabelBudget', () => {
  const items: SplittableItem[] = [];
  for (let i = 0; i < 40; i++) items.push({ key: `t${i}`, split: 'train', label: i < 30 ? 0 : 1, ...(i % 2 === 0 ? { maskPaths: [`m${i}`] } : {}) });
  items.push({ key: 'v0', split: 'val', label: 1, maskPaths: ['mv'] }, { key: 'x0', split: 'test' });

  it('keeps exactly the budget, class-balanced for cls', () => {
    const out = applyLabelBudget(items, { seg: 5, cls: 12 }, createRng(9));
    const train = out.filter((i) => i.split === 'train');
    expect(train.filter((i) => i.labeled.seg)).toHaveLength(5);
    expect(train.filter((i) => i.labeled.seg).every((i) => i.maskPaths)).toBe(true);
    const cls = train.filter((i) => i.labeled.cls);
    expect(cls).toHaveLength(12);
    expect(cls.filter((i) => i.label === 1)).toHaveLength(6);
  });
  it('fills from the larger class when the smaller runs out', () => {
    const out = applyLabelBudget(items, { seg: 0, cls: 30 }, createRng(9));
    const cls = out.filter((i) => i.split === 'train' && i.labeled.cls);
    expect([cls.filter((i) => i.label === 1).length, cls.filter((i) => i.label === 0).length]).toEqual([10, 20]);
  });
  it("'all' and over-large budgets keep everything; val/test keep what they have", () => {
    const out = applyLabelBudget(items, { seg: 'all', cls: 1000 }, createRng(9));
    expect(out.filter((i) => i.split === 'train' && i.labeled.seg)).toHaveLength(20);
    expect(out.filter((i) => i.split === 'train' && i.labeled.cls)).toHaveLength(40);
    expect(out.find((i) => i.key === 'v0')!.labeled).toEqual({ seg: true, cls: true });
    expect(out.find((i) => i.key === 'x0')!.labeled).toEqual({ seg: false, cls: false });
    expect(budgetSummary(out).train).toEqual({ total: 40, seg: 20, cls: 40, unlabeled: 0 });
  });
  it('is deterministic for a seed and order-independent', () => {
    const pick = (xs: ReturnType<typeof applyLabelBudget>) => xs.filter((i) => i.labeled.cls).map((i) => i.key).sort();
    const a = applyLabelBudget(items, { seg: 3, cls: 7 }, createRng(4));
    const b = applyLabelBudget(items.slice().reverse(), { seg: 3, cls: 7 }, createRng(4));
    expect(pick(b)).toEqual(pick(a));
    expect(pick(applyLabelBudget(items, { seg: 3, cls: 7 }, createRng(5)))).not.toEqual(pick(a));
  });
  it('rejects negative or fractional budgets', () => {
    expect(() => applyLabelBudget(items, { seg: -1, cls: 'all' }, createRng(0))).toThrow(/budget\.seg must be a whole number >= 0 or 'all' \(got -1\)/);
  });
});
