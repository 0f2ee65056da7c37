// An experiment grid (issue 10, items 2 and 9): variants × label budgets × seeds, every cell trained for the
// same number of optimisation steps with the same schedule, enumerated in a fixed order so that shards of a
// scheduler array (Slurm, Kubernetes Indexed Jobs) each take every n-th cell.
import { VARIANTS, type Variant } from '../config';
import type { LabelBudget } from '../data/types';

/** The grid part of a grid file; everything else in the file is the experiment config shared by every cell. */
export interface GridAxes {
  variants: Variant[];
  seeds: number[];
  budgets: LabelBudget[];
  /** The row paired comparisons are made against; default the first variant. */
  baseline: Variant;
}

export interface GridCell {
  variant: Variant;
  seed: number;
  budget: LabelBudget;
  /** Folder of the run inside the grid's output: `<variant>/seg<k>-cls<k>/seed<s>`. */
  id: string;
}

export function budgetKey(b: LabelBudget): string {
  return `seg${b.seg}-cls${b.cls}`;
}

/** Checks the axes and the equal-effort rule; returns problems (empty when usable). */
export function gridProblems(raw: { variants?: unknown; seeds?: unknown; budgets?: unknown; baseline?: unknown; steps?: unknown; stepsPerEpoch?: unknown }): string[] {
  const p: string[] = [];
  const vs = raw.variants;
  if (!Array.isArray(vs) || vs.length === 0) p.push(`variants must be a non-empty list of ${VARIANTS.join(', ')}`);
  else for (const v of vs) if (!VARIANTS.includes(v as Variant)) p.push(`variant "${String(v)}" is not one of ${VARIANTS.join(', ')}`);
  if (Array.isArray(vs) && new Set(vs).size !== vs.length) p.push('variants are listed twice');
  const seeds = raw.seeds;
  if (!Array.isArray(seeds) || seeds.length === 0 || seeds.some((s) => !Number.isInteger(s))) p.push('seeds must be a non-empty list of integers');
  else if (new Set(seeds).size !== seeds.length) p.push('seeds are listed twice');
  const budgets = raw.budgets ?? [{ seg: 'all', cls: 'all' }];
  if (!Array.isArray(budgets) || budgets.length === 0) p.push('budgets must be a non-empty list of {"seg": n | "all", "cls": n | "all"}');
  if (raw.baseline !== undefined && !(Array.isArray(vs) && vs.includes(raw.baseline))) p.push(`baseline "${String(raw.baseline)}" must be one of the grid's variants`);
  // Equal effort: "one pass over the labeled data" (stepsPerEpoch 0) gives each variant a different number of
  // steps (unet 36 where multimix gets 300 with the same config), so a grid needs a fixed count.
  const fixed = (Number.isInteger(raw.steps) && (raw.steps as number) > 0) || (Number.isInteger(raw.stepsPerEpoch) && (raw.stepsPerEpoch as number) > 0);
  if (!fixed) p.push('a grid needs "steps" (or "stepsPerEpoch" > 0): every variant must get the same number of optimisation steps and the same schedule');
  return p;
}

/** Every cell, budgets outermost, then seeds, then variants (so any prefix holds whole comparisons). */
export function gridCells(axes: Omit<GridAxes, 'baseline'>): GridCell[] {
  const out: GridCell[] = [];
  for (const budget of axes.budgets) {
    for (const seed of axes.seeds) {
      for (const variant of axes.variants) out.push({ variant, seed, budget, id: `${variant}/${budgetKey(budget)}/seed${seed}` });
    }
  }
  return out;
}

export interface Shard {
  /** 0-based index of this shard. */
  index: number;
  count: number;
}

/**
 * `--shard k/n` (k 0-based) or `--shard n` / `--shard /n`, with k then read from SLURM_ARRAY_TASK_ID (Slurm
 * job arrays, `--array=0-(n-1)`) or JOB_COMPLETION_INDEX (Kubernetes Indexed Jobs). Throws with a specific
 * message for anything else.
 */
export function parseShard(arg: string, env: Readonly<Record<string, string | undefined>>): Shard {
  const m = /^(?:(\d+)?\/)?(\d+)$/.exec(arg.trim());
  if (!m) throw new Error(`--shard must be k/n (0 <= k < n) or n with k from SLURM_ARRAY_TASK_ID / JOB_COMPLETION_INDEX (got "${arg}")`);
  const count = Number(m[2]);
  let kText = m[1];
  if (kText === undefined) {
    kText = env.SLURM_ARRAY_TASK_ID ?? env.JOB_COMPLETION_INDEX;
    if (kText === undefined) throw new Error(`--shard ${arg}: no shard index given and neither SLURM_ARRAY_TASK_ID nor JOB_COMPLETION_INDEX is set`);
  }
  const index = Number(kText);
  if (!Number.isInteger(count) || count < 1 || !Number.isInteger(index) || index < 0 || index >= count) {
    throw new Error(`--shard: index ${kText} of ${count} shards is out of range (0 <= k < n)`);
  }
  return { index, count };
}

/** The cells shard `index` of `count` runs: every count-th cell starting at index. */
export function shardCells<T>(cells: readonly T[], shard: Shard): T[] {
  return cells.filter((_, i) => i % shard.count === shard.index);
}
