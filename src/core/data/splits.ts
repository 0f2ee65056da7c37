// Train/val/test splits and label budgets: exactly the inputs the MultiMix step needs (which train
// images are seg-labeled, cls-labeled, or unlabeled). Both are deterministic for a seed and do not
// depend on the order items come in (candidates are sorted by key before any shuffle).
import type { Rng } from '../rng';
import type { ClassLabel, LabelBudget, LabelCount, LabeledFlags, Split, SplitFractions } from './types';

export interface SplittableItem {
  key: string;
  patientId?: string;
  split?: Split;
  label?: ClassLabel;
  mask?: unknown;
  maskPaths?: readonly string[];
}

const byKey = (a: { key: string }, b: { key: string }) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);

function hasMask(it: SplittableItem): boolean {
  return it.mask != null || (it.maskPaths !== undefined && it.maskPaths.length > 0);
}

export function validateFractions(f: SplitFractions): void {
  const ok = (v: number) => Number.isFinite(v) && v >= 0 && v < 1;
  if (!ok(f.val) || !ok(f.test) || f.val + f.test >= 1) {
    throw new Error(`split fractions must be in [0, 1) with val + test < 1 (got val ${f.val}, test ${f.test})`);
  }
}

/**
 * Give every item a split. Splits already set (e.g. Kermany's train/val/test folders) are kept, and a
 * patient with a split-carrying item pulls all its other items into that split. The rest is grouped by
 * patient (falling back to the item key), the groups are stratified by class and dealt out in a seeded
 * order to whichever split is furthest below its target, so about `val` and `test` of the unsplit items
 * land there and no patient straddles two splits.
 */
export function assignSplits<T extends SplittableItem>(items: readonly T[], fractions: SplitFractions, rng: Rng): Array<T & { split: Split }> {
  validateFractions(fractions);
  const groupOf = (it: T) => it.patientId ?? `key:${it.key}`;
  const groups = new Map<string, T[]>();
  for (const it of items) {
    const g = groups.get(groupOf(it));
    if (g) g.push(it);
    else groups.set(groupOf(it), [it]);
  }
  const chosen = new Map<string, Split>();
  const strata = new Map<string, Array<{ id: string; size: number }>>();
  for (const [id, members] of groups) {
    const given = members.slice().sort(byKey).find((m) => m.split !== undefined)?.split;
    if (given) {
      chosen.set(id, given);
      continue;
    }
    const labels = members.map((m) => m.label ?? -1);
    const stratum = String(labels.sort()[Math.floor(labels.length / 2)]); // the group's median label
    let list = strata.get(stratum);
    if (!list) strata.set(stratum, (list = []));
    list.push({ id, size: members.length });
  }
  for (const stratum of [...strata.keys()].sort()) {
    const list = strata.get(stratum)!.sort((a, b) => (a.id < b.id ? -1 : 1));
    const total = list.reduce((s, g) => s + g.size, 0);
    const target: Record<Split, number> = { test: total * fractions.test, val: total * fractions.val, train: 0 };
    target.train = total - target.test - target.val;
    const have: Record<Split, number> = { train: 0, val: 0, test: 0 };
    for (const g of rng.fork(`splits/${stratum}`).shuffle(list)) {
      // Furthest below target, relative to the target, wins; ties go train, then val, then test.
      let best: Split = 'train';
      let bestGap = -Infinity;
      for (const s of ['train', 'val', 'test'] as const) {
        if (target[s] <= 0) continue;
        const gap = (target[s] - have[s]) / target[s];
        if (gap > bestGap) [best, bestGap] = [s, gap];
      }
      chosen.set(g.id, best);
      have[best] += g.size;
    }
  }
  return items.map((it) => ({ ...it, split: it.split ?? chosen.get(groupOf(it))! }));
}

function countOrAll(n: LabelCount, available: number, what: string): number {
  if (n === 'all') return available;
  if (!Number.isInteger(n) || n < 0) throw new Error(`${what} must be a whole number >= 0 or 'all' (got ${n})`);
  return Math.min(n, available);
}

/**
 * A label budget as stored by older builds (`{segLabeled, clsLabeled}`, before the workbench config and the
 * dataset assignments shared one shape) in the current shape; a current one is returned as it is.
 */
export function upgradeLabelBudget(stored: LabelBudget | { segLabeled: LabelCount; clsLabeled: LabelCount }): LabelBudget {
  return 'segLabeled' in stored ? { seg: stored.segLabeled, cls: stored.clsLabeled } : stored;
}

/**
 * Mark which train items keep their supervision. `budget.seg` train items with a mask keep it (seeded
 * pick); `budget.cls` train items with a label keep it, alternating classes so the labeled set is
 * balanced where both classes have enough. Everything else in train becomes unlabeled for that task
 * (still used by the unsupervised terms). Items outside train (and items without a split, which are
 * treated as train — call assignSplits first) keep what they have for evaluation.
 * Labels and masks are not removed: the flags are the contract, so consumers must read `labeled`.
 */
export function applyLabelBudget<T extends SplittableItem>(items: readonly T[], budget: LabelBudget, rng: Rng): Array<T & { labeled: LabeledFlags }> {
  const inTrain = (it: T) => (it.split ?? 'train') === 'train';
  const segPool = items.filter((it) => inTrain(it) && hasMask(it)).sort(byKey);
  const segCount = countOrAll(budget.seg, segPool.length, 'budget.seg');
  const segKeep = new Set(rng.fork('budget/seg').shuffle(segPool).slice(0, segCount));

  const clsPool = items.filter((it) => inTrain(it) && it.label !== undefined).sort(byKey);
  const clsCount = countOrAll(budget.cls, clsPool.length, 'budget.cls');
  const clsRng = rng.fork('budget/cls');
  const perClass = [0, 1].map((c) => clsRng.shuffle(clsPool.filter((it) => it.label === c)));
  const clsKeep = new Set<T>();
  for (let i = 0; clsKeep.size < clsCount; i++) {
    for (const list of perClass) if (i < list.length && clsKeep.size < clsCount) clsKeep.add(list[i]!);
  }
  return items.map((it) => ({
    ...it,
    labeled: inTrain(it)
      ? { seg: segKeep.has(it), cls: clsKeep.has(it) }
      : { seg: hasMask(it), cls: it.label !== undefined },
  }));
}

/** Counts for the dataset browser: per split, how many are seg-/cls-labeled. */
export function budgetSummary(items: ReadonlyArray<{ split?: Split; labeled: LabeledFlags }>): Record<Split, { total: number; seg: number; cls: number; unlabeled: number }> {
  const out = {
    train: { total: 0, seg: 0, cls: 0, unlabeled: 0 },
    val: { total: 0, seg: 0, cls: 0, unlabeled: 0 },
    test: { total: 0, seg: 0, cls: 0, unlabeled: 0 },
  };
  for (const it of items) {
    const s = out[it.split ?? 'train'];
    s.total++;
    if (it.labeled.seg) s.seg++;
    if (it.labeled.cls) s.cls++;
    if (!it.labeled.seg && !it.labeled.cls) s.unlabeled++;
  }
  return out;
}
