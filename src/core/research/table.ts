// The results table of a grid (issue 10, item 5), laid out like the paper's Table 2: one row per
// variant × label budget; per test-set block the paper's columns as mean ± sample std over seeds with a 95%
// CI (seeded percentile bootstrap over test images, stratified by seed; Wilson for accuracy); the best row
// per column marked by the metric's direction; paired comparisons against a baseline variant on the same
// test images (paired bootstrap CI of the Dice and AUC differences, McNemar's test for accuracy); a warning
// where a metric rests on fewer than 30 images; what the SSL terms did; how many steps each row trained for.
import { confusionMatrix, accuracyFromConfusion, f1FromConfusion } from '../metrics/classification';
import { createRng } from '../rng';
import {
  aucAt, bestRows, blandAltman, mcnemarFromCounts, meanAt, meanOverGroupsCI, SMALL_SAMPLE_IMAGES,
  summarizeSeeds, wilsonInterval, type ConfidenceInterval, type McNemarResult, type SeedSummary,
} from '../stats';
import { finiteMean } from '../metrics/finite-mean';
import { budgetKey } from './grid';
import type { LabelBudget } from '../data/types';

export const CLS_COLUMNS = ['acc', 'f1Normal', 'f1Abnormal', 'auc'] as const;
export const SEG_COLUMNS = ['dice', 'jaccard', 'ssim', 'hd', 'precision', 'recall'] as const;
export const BLOCKS = [
  { key: 'cls', kind: 'cls', title: 'Classification, in-domain' },
  { key: 'seg', kind: 'seg', title: 'Segmentation, in-domain' },
  { key: 'crossCls', kind: 'cls', title: 'Classification, cross-domain' },
  { key: 'crossSeg', kind: 'seg', title: 'Segmentation, cross-domain' },
] as const;
export type BlockKey = (typeof BLOCKS)[number]['key'];

/** Per-image values of one block (per-image.json). NaN is written as null by JSON. */
export interface PerImageCls {
  ids: string[];
  labels: number[];
  probs: number[];
  threshold: number;
}
export type PerImageSeg = { ids: string[]; areaPred?: Array<number | null>; areaTrue?: Array<number | null> } & Record<string, unknown>;

/** One finished run as the grid reads it back from disk (metrics.json + per-image.json). */
export interface RunRecord {
  variant: string;
  seed: number;
  budget: LabelBudget;
  metrics: Record<string, unknown>;
  perImage: Partial<Record<BlockKey, PerImageCls | PerImageSeg>>;
}

export interface CellStat extends SeedSummary {
  ci?: ConfidenceInterval;
  best?: boolean;
}

export interface PairedComparison {
  /** Dice (seg blocks) or AUC (cls blocks): mean over seeds of this row minus the baseline, on matched images. */
  metric: 'dice' | 'auc';
  diff: ConfidenceInterval;
  /** Accuracy, cls blocks: discordant counts pooled over seeds. */
  mcnemar?: McNemarResult;
  /** Images matched per seed (same id in both runs). */
  matched: number[];
}

export interface TableRow {
  variant: string;
  budget: LabelBudget;
  seeds: number[];
  /** Optimisation steps per run (equal across a grid) and epochs × steps-per-epoch schedule. */
  steps: number[];
  blocks: Partial<Record<BlockKey, { n: number[]; small: boolean; metrics: Record<string, CellStat> }>>;
  /** Mean decision threshold over seeds (classifying variants). */
  threshold?: SeedSummary;
  ssl?: { activeStepShare: SeedSummary; meanConfidentShare: SeedSummary; pseudoLabelAccuracy: SeedSummary; klLossShare: SeedSummary; lowActivity: boolean };
  /** Bland–Altman of predicted vs true lung area (% of image), in-domain, all seeds' images pooled. */
  lungArea?: { meanDiff: number; lower: number; upper: number; n: number };
  paired?: Partial<Record<BlockKey, PairedComparison>>;
  warnings: string[];
}

export interface ResultsTable {
  baseline: string;
  level: number;
  resamples: number;
  rows: TableRow[];
}

export interface TableOptions {
  baseline: string;
  /** Bootstrap resamples per CI; default 1000. */
  resamples?: number;
  level?: number;
  /** Seed of the bootstrap streams (each cell derives its own fork); default 'results-table'. */
  seed?: string;
}

const num = (v: unknown): number => (typeof v === 'number' ? v : NaN);
const arr = (v: unknown): number[] => (Array.isArray(v) ? v.map(num) : []);

function clsMetricAt(p: PerImageCls, metric: string, idx: ArrayLike<number>): number {
  if (metric === 'auc') return aucAt(p.labels, p.probs, idx);
  const y: number[] = [];
  const yhat: number[] = [];
  for (let k = 0; k < idx.length; k++) {
    const i = idx[k] as number;
    y.push(p.labels[i] as number);
    yhat.push((p.probs[i] as number) > p.threshold ? 1 : 0);
  }
  const cm = confusionMatrix(y, yhat);
  if (metric === 'acc') return accuracyFromConfusion(cm);
  return f1FromConfusion(cm, metric === 'f1Normal' ? 0 : 1);
}

function groupKey(r: { variant: string; budget: LabelBudget }): string {
  return `${r.variant}|${budgetKey(r.budget)}`;
}

/** Indices of ids present in both lists, as [indexInA[], indexInB[]] (order of A). */
function matchIds(a: readonly string[], b: readonly string[]): [number[], number[]] {
  const where = new Map(b.map((id, i) => [id, i]));
  const ia: number[] = [];
  const ib: number[] = [];
  a.forEach((id, i) => {
    const j = where.get(id);
    if (j !== undefined) {
      ia.push(i);
      ib.push(j);
    }
  });
  return [ia, ib];
}

function pairedFor(block: BlockKey, kind: 'cls' | 'seg', runs: RunRecord[], base: RunRecord[], opts: Required<TableOptions>, rowKey: string): PairedComparison | undefined {
  const pairs: Array<{ a: RunRecord; b: RunRecord; ia: number[]; ib: number[] }> = [];
  for (const a of runs) {
    const b = base.find((x) => x.seed === a.seed);
    const pa = a.perImage[block];
    const pb = b?.perImage[block];
    if (!b || !pa || !pb) continue;
    const [ia, ib] = matchIds(pa.ids, pb.ids);
    if (ia.length > 0) pairs.push({ a, b, ia, ib });
  }
  if (pairs.length === 0) return undefined;
  const rng = createRng(`${opts.seed}/paired/${rowKey}/${block}`);
  const sizes = pairs.map((p) => p.ia.length);
  const remap = (at: number[], idx: ArrayLike<number>) => Array.from(idx, (k) => at[k] as number);
  if (kind === 'seg') {
    const diff = meanOverGroupsCI(sizes, (g, idx) => {
      const p = pairs[g]!;
      const da = arr((p.a.perImage[block] as PerImageSeg).dice);
      const db = arr((p.b.perImage[block] as PerImageSeg).dice);
      return meanAt(da, remap(p.ia, idx)) - meanAt(db, remap(p.ib, idx));
    }, { rng, resamples: opts.resamples, level: opts.level });
    return { metric: 'dice', diff, matched: sizes };
  }
  const diff = meanOverGroupsCI(sizes, (g, idx) => {
    const p = pairs[g]!;
    const ca = p.a.perImage[block] as PerImageCls;
    const cb = p.b.perImage[block] as PerImageCls;
    return aucAt(ca.labels, ca.probs, remap(p.ia, idx)) - aucAt(cb.labels, cb.probs, remap(p.ib, idx));
  }, { rng, resamples: opts.resamples, level: opts.level });
  // McNemar on accuracy: discordant images pooled over seeds (each seed is its own pair of models).
  let b = 0;
  let c = 0;
  for (const p of pairs) {
    const ca = p.a.perImage[block] as PerImageCls;
    const cb = p.b.perImage[block] as PerImageCls;
    p.ia.forEach((i, k) => {
      const j = p.ib[k] as number;
      const okA = ((ca.probs[i] as number) > ca.threshold ? 1 : 0) === ca.labels[i];
      const okB = ((cb.probs[j] as number) > cb.threshold ? 1 : 0) === cb.labels[j];
      if (okA && !okB) b++;
      else if (!okA && okB) c++;
    });
  }
  return { metric: 'auc', diff, mcnemar: mcnemarFromCounts(b, c), matched: sizes };
}

/**
 * Builds the table from finished runs. Rows are ordered by budget (first seen) then variant (first seen).
 * Deterministic for a given `opts.seed`.
 */
export function buildResultsTable(runs: readonly RunRecord[], options: TableOptions): ResultsTable {
  const opts: Required<TableOptions> = { resamples: 1000, level: 0.95, seed: 'results-table', ...options };
  const groups = new Map<string, RunRecord[]>();
  for (const r of runs) {
    const k = groupKey(r);
    if (!groups.has(k)) groups.set(k, []);
    groups.get(k)!.push(r);
  }
  const budgetOrder = [...new Set(runs.map((r) => budgetKey(r.budget)))];
  const keys = [...groups.keys()].sort((a, b) => {
    const [va, ba] = a.split('|') as [string, string];
    const [vb, bb] = b.split('|') as [string, string];
    return budgetOrder.indexOf(ba) - budgetOrder.indexOf(bb) || runs.findIndex((r) => r.variant === va) - runs.findIndex((r) => r.variant === vb);
  });
  const rows: TableRow[] = keys.map((key) => {
    const rs = groups.get(key)!.slice().sort((a, b) => a.seed - b.seed);
    const first = rs[0]!;
    const row: TableRow = { variant: first.variant, budget: first.budget, seeds: rs.map((r) => r.seed), steps: rs.map((r) => num(r.metrics.steps)), blocks: {}, warnings: [] };
    for (const { key: block, kind } of BLOCKS) {
      const present = rs.filter((r) => r.metrics[block] !== undefined);
      if (present.length === 0) continue;
      const n = present.map((r) => num((r.metrics[block] as Record<string, unknown>).n));
      const metrics: Record<string, CellStat> = {};
      for (const m of kind === 'cls' ? CLS_COLUMNS : SEG_COLUMNS) {
        const stat: CellStat = summarizeSeeds(present.map((r) => num((r.metrics[block] as Record<string, unknown>)[m])));
        const per = present.map((r) => r.perImage[block]).filter((p): p is NonNullable<typeof p> => p !== undefined && p.ids.length > 0);
        const rng = createRng(`${opts.seed}/${key}/${block}/${m}`);
        if (kind === 'cls' && m === 'acc' && Number.isFinite(stat.mean)) {
          // Wilson on the mean accuracy over seeds with n = the mean test-set size (images, not images × seeds).
          const nImages = finiteMean(n).mean;
          stat.ci = wilsonInterval(stat.mean * nImages, nImages, opts.level);
        } else if (per.length === present.length && per.length > 0) {
          stat.ci = kind === 'cls'
            ? meanOverGroupsCI(per.map((p) => p.ids.length), (g, idx) => clsMetricAt(per[g] as PerImageCls, m, idx), { rng, resamples: opts.resamples, level: opts.level })
            : meanOverGroupsCI(per.map((p) => p.ids.length), (g, idx) => meanAt(arr((per[g] as PerImageSeg)[m]), idx), { rng, resamples: opts.resamples, level: opts.level });
        }
        metrics[m] = stat;
      }
      const small = n.some((v) => v < SMALL_SAMPLE_IMAGES);
      if (small) row.warnings.push(`${block}: fewer than ${SMALL_SAMPLE_IMAGES} test images (${n.join(', ')})`);
      row.blocks[block] = { n, small, metrics };
    }
    const thr = rs.map((r) => num((r.metrics.threshold as Record<string, unknown> | undefined)?.threshold));
    if (thr.some(Number.isFinite)) row.threshold = summarizeSeeds(thr);
    const ssl = rs.map((r) => r.metrics.ssl as Record<string, unknown> | undefined);
    if (ssl.some((s) => s !== undefined)) {
      const f = (k: string) => summarizeSeeds(ssl.map((s) => num(s?.[k])));
      const activeStepShare = f('activeStepShare');
      const lowActivity = activeStepShare.mean < 0.2;
      row.ssl = { activeStepShare, meanConfidentShare: f('meanConfidentShare'), pseudoLabelAccuracy: f('pseudoLabelAccuracy'), klLossShare: f('klLossShare'), lowActivity };
      if (lowActivity) row.warnings.push(`ssl: FixMatch active on ${(activeStepShare.mean * 100).toFixed(0)}% of steps (< 20%)`);
    }
    const segPer = rs.map((r) => r.perImage.seg as PerImageSeg | undefined).filter((p): p is PerImageSeg => !!p?.areaPred);
    if (segPer.length > 0) {
      const ba = blandAltman(segPer.flatMap((p) => arr(p.areaPred)), segPer.flatMap((p) => arr(p.areaTrue)));
      row.lungArea = { meanDiff: ba.meanDiff, lower: ba.lower, upper: ba.upper, n: ba.n };
    }
    if (new Set(row.steps).size > 1) row.warnings.push(`runs trained for different step counts (${row.steps.join(', ')})`);
    return row;
  });

  // Best per column, within each block, over all rows.
  for (const { key: block, kind } of BLOCKS) {
    for (const m of kind === 'cls' ? CLS_COLUMNS : SEG_COLUMNS) {
      const means = rows.map((r) => r.blocks[block]?.metrics[m]?.mean ?? NaN);
      for (const i of bestRows(m, means)) rows[i]!.blocks[block]!.metrics[m]!.best = true;
    }
  }
  // Paired comparisons against the baseline variant at the same budget, same seeds, same images.
  for (const row of rows) {
    if (row.variant === opts.baseline) continue;
    const key = groupKey(row);
    const base = groups.get(groupKey({ variant: opts.baseline, budget: row.budget }));
    if (!base) continue;
    const paired: Partial<Record<BlockKey, PairedComparison>> = {};
    for (const { key: block, kind } of BLOCKS) {
      const p = pairedFor(block, kind, groups.get(key)!, base, opts, key);
      if (p) paired[block] = p;
    }
    if (Object.keys(paired).length > 0) row.paired = paired;
  }
  return { baseline: opts.baseline, level: opts.level, resamples: opts.resamples, rows };
}
