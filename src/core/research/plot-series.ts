// The data behind a grid's plots (issue 10, item 8), as plain numbers from finished runs (`RunRecord`, read from
// metrics.json + per-image.json): per-image Dice box plots per variant and budget; Bland–Altman of predicted vs
// true lung area (% of the image) with the bias and 95% limits of agreement (core/stats/bland-altman.ts); ROC
// curves per variant and budget with their AUC (core/metrics/roc.ts); consistency curves (a metric against the
// label budget, one line per variant, mean ± sample std over seeds). Pure: the UI turns these into plotly traces.
import { aucFromRocCurve, rocCurve, type RocCurve } from '../metrics/roc';
import { blandAltman, summarizeSeeds, type BlandAltman, type SeedSummary } from '../stats';
import type { LabelBudget, LabelCount } from '../data/types';
import { budgetKey } from './grid';
import type { BlockKey, PerImageCls, PerImageSeg, RunRecord } from './table';

/** One variant × label budget of a grid, with the runs (one per seed) that belong to it, seeds ascending. */
export interface RunGroup {
  variant: string;
  budget: LabelBudget;
  /** "multimix · 10 masks / 100 labels": legend and axis text. */
  label: string;
  runs: RunRecord[];
}

const num = (v: unknown): number => (typeof v === 'number' ? v : NaN);
const nums = (v: unknown): number[] => (Array.isArray(v) ? v.map(num) : []);

export function budgetLabel(b: LabelBudget): string {
  const part = (n: LabelCount, what: string) => (n === 'all' ? `all ${what}` : `${n} ${what}`);
  return `${part(b.seg, 'masks')} / ${part(b.cls, 'labels')}`;
}

/** Runs grouped by variant × budget, in the order first seen (budgets outermost, as the grid enumerates them). */
export function groupRuns(runs: readonly RunRecord[]): RunGroup[] {
  const groups = new Map<string, RunGroup>();
  for (const r of runs) {
    const key = `${r.variant}|${budgetKey(r.budget)}`;
    let g = groups.get(key);
    if (!g) {
      g = { variant: r.variant, budget: r.budget, label: `${r.variant} · ${budgetLabel(r.budget)}`, runs: [] };
      groups.set(key, g);
    }
    g.runs.push(r);
  }
  const budgets = [...new Set(runs.map((r) => budgetKey(r.budget)))];
  const variants = [...new Set(runs.map((r) => r.variant))];
  return [...groups.values()]
    .map((g) => ({ ...g, runs: g.runs.slice().sort((a, b) => a.seed - b.seed) }))
    .sort((a, b) => budgets.indexOf(budgetKey(a.budget)) - budgets.indexOf(budgetKey(b.budget)) || variants.indexOf(a.variant) - variants.indexOf(b.variant));
}

export interface DiceBox {
  group: Omit<RunGroup, 'runs'>;
  /** Per-image Dice of every seed's test images (finite values only), pooled: one point per image and seed. */
  dice: number[];
  /** "seed 2 · <image id>" for each value. */
  ids: string[];
  seeds: number[];
  /** Images whose Dice was not finite (left out). */
  skipped: number;
}

/**
 * Per-image Dice per variant × budget (issue 10, item 8: box plots), pooled over seeds. `block` is `seg`
 * (in-domain test) or `crossSeg`. Groups without per-image Dice (classification-only variants) are left out.
 */
export function diceBoxSeries(runs: readonly RunRecord[], block: 'seg' | 'crossSeg' = 'seg'): DiceBox[] {
  return groupRuns(runs).flatMap(({ runs: rs, ...group }) => {
    const dice: number[] = [];
    const ids: string[] = [];
    let skipped = 0;
    const seeds: number[] = [];
    for (const r of rs) {
      const p = r.perImage[block] as PerImageSeg | undefined;
      if (!p || !Array.isArray(p.dice)) continue;
      seeds.push(r.seed);
      nums(p.dice).forEach((d, i) => {
        if (!Number.isFinite(d)) {
          skipped++;
          return;
        }
        dice.push(d);
        ids.push(`seed ${r.seed} · ${p.ids[i] ?? `#${i}`}`);
      });
    }
    return seeds.length === 0 ? [] : [{ group, dice, ids, seeds, skipped }];
  });
}

export interface LungAreaAgreement extends BlandAltman {
  group: Omit<RunGroup, 'runs'>;
  /** Point labels ("seed 1 · <image id>"), aligned with `means` / `diffs`. */
  ids: string[];
}

/**
 * Bland–Altman of predicted vs true lung area in % of the image (per-image.json `areaPred` / `areaTrue`), per
 * variant × budget with every seed's test images pooled — the same figures as the results table's lung-area
 * block. x = (predicted + true) / 2, y = predicted − true, both in percentage points of the image.
 */
export function lungAreaSeries(runs: readonly RunRecord[], block: 'seg' | 'crossSeg' = 'seg'): LungAreaAgreement[] {
  return groupRuns(runs).flatMap(({ runs: rs, ...group }) => {
    const pred: number[] = [];
    const truth: number[] = [];
    const allIds: string[] = [];
    for (const r of rs) {
      const p = r.perImage[block] as PerImageSeg | undefined;
      if (!p?.areaPred || !p.areaTrue) continue;
      const ap = nums(p.areaPred);
      const at = nums(p.areaTrue);
      if (ap.length !== at.length) throw new Error(`run ${r.variant} seed ${r.seed}: ${ap.length} predicted but ${at.length} true lung areas in per-image.json (${block})`);
      pred.push(...ap);
      truth.push(...at);
      ap.forEach((_, i) => allIds.push(`seed ${r.seed} · ${p.ids[i] ?? `#${i}`}`));
    }
    if (pred.length === 0) return [];
    const ba = blandAltman(pred, truth);
    const ids = allIds.filter((_, i) => Number.isFinite(pred[i]) && Number.isFinite(truth[i]));
    return [{ ...ba, group, ids }];
  });
}

export interface RocSeries {
  group: Omit<RunGroup, 'runs'>;
  /**
   * The ROC curve of the seeds' test predictions pooled (each image once per seed, each seed's own model):
   * one curve per variant × budget. Pooling puts every seed's scores on one threshold axis; seeds' models may be
   * calibrated differently, so the per-seed AUCs (`seedAuc`) go next to it in the legend.
   */
  pooled: RocCurve;
  /** AUC of the pooled curve (trapezoid = Mann–Whitney); NaN when a class is absent. */
  pooledAuc: number;
  /** Mean ± sample std over seeds of each seed's own AUC (metrics.json is not read: computed here, the same way). */
  seedAuc: SeedSummary;
  /** Images (× seeds) in the pooled curve; images with a non-finite probability or a label outside {0, 1} are skipped. */
  n: number;
  skipped: number;
}

/**
 * ROC curves per variant × budget (issue 10, item 8) for `block` `cls` (in-domain) or `crossCls`, pooled over
 * seeds, with the pooled AUC and the per-seed AUC mean ± std for the legend. Groups without classification
 * outputs are left out.
 */
export function rocSeries(runs: readonly RunRecord[], block: 'cls' | 'crossCls' = 'cls'): RocSeries[] {
  return groupRuns(runs).flatMap(({ runs: rs, ...group }) => {
    const labels: number[] = [];
    const probs: number[] = [];
    const perSeed: number[] = [];
    let skipped = 0;
    let any = false;
    for (const r of rs) {
      const p = r.perImage[block] as PerImageCls | undefined;
      if (!p || !Array.isArray(p.probs)) continue;
      any = true;
      const y: number[] = [];
      const s: number[] = [];
      nums(p.probs).forEach((prob, i) => {
        const label = num(p.labels[i]);
        if (!Number.isFinite(prob) || (label !== 0 && label !== 1)) {
          skipped++;
          return;
        }
        y.push(label);
        s.push(prob);
      });
      perSeed.push(s.length === 0 ? NaN : aucFromRocCurve(rocCurve(y, s)));
      labels.push(...y);
      probs.push(...s);
    }
    if (!any) return [];
    const pooled = rocCurve(labels, probs);
    return [{ group, pooled, pooledAuc: aucFromRocCurve(pooled), seedAuc: summarizeSeeds(perSeed), n: labels.length, skipped }];
  });
}

export interface ConsistencyLine {
  variant: string;
  /** The other head's budget when runs at one x differ in it (one line per variant and other budget); else undefined. */
  other?: LabelCount;
  /** Line name: "multimix", or "multimix (100 labels)" when the other budget varies. */
  name: string;
  /** Label budget of the metric's head (seg budget for segmentation metrics, cls budget for classification), ascending, 'all' last. */
  budgets: LabelCount[];
  /** Mean ± sample std over seeds of the run-level metric (metrics.json) at each budget. */
  stats: SeedSummary[];
}

export interface ConsistencySeries {
  block: BlockKey;
  metric: string;
  /** Which budget is on the x-axis. */
  axis: 'seg' | 'cls';
  lines: ConsistencyLine[];
  /** Distinct budgets on the x-axis; the plot needs at least 2. */
  budgets: LabelCount[];
}

const budgetOrder = (a: LabelCount, b: LabelCount) => (a === 'all' ? (b === 'all' ? 0 : 1) : b === 'all' ? -1 : a - b);

/**
 * Consistency curves (issue 10, item 8): `metric` of `block` (e.g. `seg`/`dice`, `cls`/`auc`) against the
 * label budget of that block's head, one line per variant, mean ± sample std over seeds. Runs that lack the
 * block (a variant without that head) are left out; a run with a non-finite value is skipped and counted in
 * `stats[i].skipped`. `budgets.length < 2` means there is no curve to draw.
 */
export function consistencySeries(runs: readonly RunRecord[], block: BlockKey, metric: string): ConsistencySeries {
  const axis: 'seg' | 'cls' = block === 'seg' || block === 'crossSeg' ? 'seg' : 'cls';
  const otherAxis = axis === 'seg' ? 'cls' : 'seg';
  const present = runs.filter((r) => r.metrics[block] !== undefined);
  const budgets = [...new Set(present.map((r) => r.budget[axis]))].sort(budgetOrder);
  // Split lines by the other head's budget only where one x has runs at several of those (budgets that grow
  // together, 10 masks / 100 labels → 20 / 200, stay one line).
  const othersAt = new Map<LabelCount, Set<LabelCount>>();
  for (const r of present) {
    if (!othersAt.has(r.budget[axis])) othersAt.set(r.budget[axis], new Set());
    othersAt.get(r.budget[axis])!.add(r.budget[otherAxis]);
  }
  const otherVaries = [...othersAt.values()].some((s) => s.size > 1);
  const lines = new Map<string, { variant: string; other?: LabelCount; values: Map<LabelCount, number[]> }>();
  for (const r of present) {
    const other = otherVaries ? r.budget[otherAxis] : undefined;
    const key = `${r.variant}|${String(other)}`;
    let line = lines.get(key);
    if (!line) {
      line = { variant: r.variant, ...(other !== undefined ? { other } : {}), values: new Map() };
      lines.set(key, line);
    }
    const at = r.budget[axis];
    if (!line.values.has(at)) line.values.set(at, []);
    line.values.get(at)!.push(num((r.metrics[block] as Record<string, unknown>)[metric]));
  }
  const what = otherAxis === 'seg' ? 'masks' : 'labels';
  return {
    block, metric, axis, budgets,
    lines: [...lines.values()].map((l) => {
      const xs = [...l.values.keys()].sort(budgetOrder);
      return {
        variant: l.variant,
        ...(l.other !== undefined ? { other: l.other } : {}),
        name: l.other !== undefined ? `${l.variant} (${l.other} ${what})` : l.variant,
        budgets: xs,
        stats: xs.map((x) => summarizeSeeds(l.values.get(x)!)),
      };
    }),
  };
}
