// The app's experiment grid as data (issue 10, items 2, 4 and 5): what the user asked for (a GridSpec: the
// axes plus one workbench config every cell shares), the queue of cells with their state and results, and
// the pure rules the Research panel and its store slice follow — each cell's run config (equal effort: the
// same steps and schedule for every variant), the next cell to train, reordering, the ETA, and the finished
// cells as RunRecords for `buildResultsTable`. No IndexedDB, no worker: those live in platform/ and app/.
import type { RunConfig, Variant } from '../config';
import type { LabelBudget } from '../data/types';
import { validateWorkbenchConfig, type WorkbenchRunConfig } from '../workbench-config';
import { stepFlops } from '../train/step-flops';
import { budgetKey, gridCells, gridProblems, type GridCell } from './grid';
import type { RunRecord } from './table';

/** Seeds per cell the app offers (issue 10: default 3, up to 5). */
export const DEFAULT_GRID_SEEDS = 3;
export const MAX_GRID_SEEDS = 5;
/** A grid estimated to take longer than this asks for a confirmation before it is queued. */
export const LONG_GRID_MS = 2 * 3600_000;

export interface GridSpec {
  variants: Variant[];
  budgets: LabelBudget[];
  seeds: number[];
  /** Row the paired comparisons are made against (one of `variants`). */
  baseline: Variant;
  /**
   * What every cell shares: datasets with roles (train / unlabeled / validation and the chosen test and
   * cross-domain sets), run settings, backend. `run.stepsPerEpoch` > 0: every cell trains exactly
   * epochs × stepsPerEpoch steps with the same learning-rate schedule. Its variant, seed and budgets are
   * replaced per cell.
   */
  base: WorkbenchRunConfig;
}

/**
 * queued → running → finished | failed; `held` (the user paused this cell: skipped until released) and
 * `cancelled` (never trained, or stopped and left out) are the user's.
 */
export type CellStatus = 'queued' | 'held' | 'running' | 'finished' | 'failed' | 'cancelled';

/** Test metrics and per-image values of a finished cell (metrics.json + per-image.json of the CLI). */
export interface CellResult {
  metrics: Record<string, unknown>;
  perImage: RunRecord['perImage'];
}

export interface QueuedCell extends GridCell {
  status: CellStatus;
  /** The run that trains (trained) this cell; it is an ordinary run, listed under Runs. */
  runId?: string;
  error?: string;
  result?: CellResult;
}

/** Problems of a spec before it is queued (empty when it can start). */
export function gridSpecProblems(spec: GridSpec): string[] {
  const run = spec.base.run;
  const p = gridProblems({ variants: spec.variants, seeds: spec.seeds, budgets: spec.budgets, baseline: spec.baseline, stepsPerEpoch: run.stepsPerEpoch });
  if (spec.seeds.length > MAX_GRID_SEEDS) p.push(`at most ${MAX_GRID_SEEDS} seeds per cell (got ${spec.seeds.length})`);
  if (!(run.epochs >= 1)) p.push('epochs must be at least 1');
  if (spec.base.datasets.filter((d) => d.role === 'train').length === 0) p.push('no dataset has the role "train"');
  for (const pr of validateWorkbenchConfig(spec.base)) {
    // Variant, seed and budgets are set per cell; the rest must hold for every cell.
    if (!/^(run\.model\.variant|run\.seed|budgets)/.test(pr.path)) p.push(pr.message);
  }
  return p;
}

/** The cells of a spec in grid order (budgets, then seeds, then variants), all queued. */
export function queueCells(spec: GridSpec): QueuedCell[] {
  return gridCells({ variants: spec.variants, seeds: spec.seeds, budgets: spec.budgets }).map((c) => ({ ...c, status: 'queued' }));
}

/** The workbench config one cell trains with: the shared config with the cell's variant, seed and label budget. */
export function cellConfig(spec: GridSpec, cell: Pick<GridCell, 'variant' | 'seed' | 'budget'>): WorkbenchRunConfig {
  const base = spec.base;
  return {
    ...base,
    run: { ...base.run, model: { ...base.run.model, variant: cell.variant }, seed: cell.seed },
    budgets: { ...cell.budget },
    datasets: base.datasets.map((d) => ({ ...d })),
  };
}

/** Optimisation steps every cell trains for (equal effort). */
export function cellSteps(spec: GridSpec): { steps: number; epochs: number; stepsPerEpoch: number } {
  const { epochs, stepsPerEpoch } = spec.base.run;
  return { steps: epochs * stepsPerEpoch, epochs, stepsPerEpoch };
}

/** The cell to train now: the one already running (resume it), else the first queued one; none when done. */
export function nextCell(cells: readonly QueuedCell[]): QueuedCell | undefined {
  return cells.find((c) => c.status === 'running') ?? cells.find((c) => c.status === 'queued');
}

/**
 * Moves a cell that has not started by `delta` places among the cells that have not started (queued or
 * held); finished, failed, cancelled and running cells keep their places. Returns a new array.
 */
export function moveCell(cells: readonly QueuedCell[], id: string, delta: -1 | 1): QueuedCell[] {
  const out = cells.slice();
  const waiting = out.flatMap((c, i) => (c.status === 'queued' || c.status === 'held' ? [i] : []));
  const at = waiting.findIndex((i) => out[i]!.id === id);
  const to = at + delta;
  if (at < 0 || to < 0 || to >= waiting.length) return out;
  const i = waiting[at]!;
  const j = waiting[to]!;
  [out[i], out[j]] = [out[j]!, out[i]!];
  return out;
}

/** Whether no cell is left to train (every one finished, failed or cancelled; held ones count as waiting). */
export function gridDone(cells: readonly QueuedCell[]): boolean {
  return cells.every((c) => c.status === 'finished' || c.status === 'failed' || c.status === 'cancelled');
}

/** A measured step time and the setting it was measured at. */
export interface MeasuredStep {
  msPerStep: number;
  config: RunConfig;
}

/**
 * Estimated milliseconds of one cell: its steps × the measured step time scaled by the ratio of the
 * analytic FLOPs per step (core/train/step-flops.ts). An estimate: a small step is dominated by per-kernel
 * overhead, so scaling it up to larger images tends to overestimate; evaluation time is not counted.
 */
export function estimateCellMs(spec: GridSpec, cell: Pick<GridCell, 'variant' | 'seed' | 'budget'>, measured: MeasuredStep): number {
  const run = cellConfig(spec, cell).run;
  return cellSteps(spec).steps * measured.msPerStep * (stepFlops(run) / stepFlops(measured.config));
}

/**
 * Milliseconds left for the cells still to train (queued, held and the running one, `runningStepsDone` of
 * whose steps are done), at `measured`.
 */
export function estimateRemainingMs(spec: GridSpec, cells: readonly QueuedCell[], measured: MeasuredStep, runningStepsDone = 0): number {
  const { steps } = cellSteps(spec);
  let ms = 0;
  for (const c of cells) {
    if (c.status !== 'queued' && c.status !== 'held' && c.status !== 'running') continue;
    const left = c.status === 'running' ? Math.max(0, steps - runningStepsDone) / Math.max(steps, 1) : 1;
    ms += left * estimateCellMs(spec, c, measured);
  }
  return ms;
}

/** The finished cells with results, as the results table (and GridPlots) read them. */
export function finishedRunRecords(cells: readonly QueuedCell[]): RunRecord[] {
  return cells.flatMap((c) => (c.status === 'finished' && c.result ? [{ variant: c.variant, seed: c.seed, budget: c.budget, metrics: c.result.metrics, perImage: c.result.perImage }] : []));
}

/** "multimix · 10/100 · seed 2" */
export function cellLabel(c: Pick<GridCell, 'variant' | 'seed' | 'budget'>): string {
  return `${c.variant} · ${c.budget.seg}/${c.budget.cls} · seed ${c.seed}`;
}

/** Parses "10/100, all/all" (masks/class labels per budget) into budgets; throws naming the bad entry. */
export function parseBudgets(text: string): LabelBudget[] {
  const count = (s: string, entry: string) => {
    const t = s.trim();
    if (t === 'all') return 'all' as const;
    if (!/^\d+$/.test(t)) throw new Error(`label budget "${entry}": "${t}" is not a whole number or "all"`);
    return Number(t);
  };
  const out = text.split(',').map((e) => e.trim()).filter((e) => e !== '').map((entry) => {
    const parts = entry.split('/');
    if (parts.length !== 2) throw new Error(`label budget "${entry}" must be masks/class labels, e.g. 10/100 or all/all`);
    return { seg: count(parts[0]!, entry), cls: count(parts[1]!, entry) };
  });
  if (out.length === 0) throw new Error('give at least one label budget, e.g. 10/100');
  const keys = out.map(budgetKey);
  if (new Set(keys).size !== keys.length) throw new Error('a label budget is listed twice');
  return out;
}
