// Numbers for the runs table, read from a run's stored curves: the validation metrics of its best epoch
// (the epoch model selection kept) and how far it got. Pure, so it is tested without a browser. The columns
// are the core metric registry's `runs` (validation) and `test` metrics.
import { metricsIn, type MetricSpec } from '../../../core/metrics';
import type { CurvePoint, RunRecord } from '../../../platform/storage';
import { VAL_CURVES } from '../../../platform/training/curves';

interface MetricColumn {
  /** Curve name (`val/<head>/<id>`) for validation columns; the metric id within its head's block for test. */
  key: string;
  metric: MetricSpec;
}

/** Best-validation columns of the runs table. */
export const VAL_COLUMNS: readonly MetricColumn[] = metricsIn('runs').map((m) => ({ key: VAL_CURVES[m.task](m.id), metric: m }));

/** What the Test cell lists after a test evaluation (by head block of the EvaluationSummary). */
export const TEST_COLUMNS: readonly MetricColumn[] = metricsIn('test').map((m) => ({ key: m.id, metric: m }));

export interface BestValidation {
  /** Steps done when the best epoch ended, and that epoch (0-based). */
  step: number;
  epoch: number;
  score: number;
  metrics: Record<string, number>;
}

/**
 * The validation point with the highest selection score (`val/score`; the earliest one on ties, as the
 * trainer keeps the first best), with every `val/…` metric recorded at the same step.
 */
export function bestValidation(curves: Readonly<Record<string, readonly CurvePoint[]>>): BestValidation | null {
  let best: CurvePoint | null = null;
  for (const p of curves['val/score'] ?? []) if (Number.isFinite(p.value) && (!best || p.value > best.value)) best = p;
  if (!best) return null;
  const metrics: Record<string, number> = {};
  for (const [name, points] of Object.entries(curves)) {
    if (!name.startsWith('val/') || name === 'val/score') continue;
    const at = points.find((p) => p.step === best.step);
    if (at) metrics[name] = at.value;
  }
  return { step: best.step, epoch: best.epoch, score: best.value, metrics };
}

/** Curve names present in any of the runs, in a stable order (losses, then train/*, then val/*). */
export function curveNames(runs: readonly RunRecord[]): string[] {
  const names = new Set<string>();
  for (const r of runs) for (const [k, v] of Object.entries(r.curves)) if (v.length > 0) names.add(k);
  const rank = (n: string) => (n.startsWith('loss/') ? 0 : n.startsWith('val/') ? 2 : 1);
  return [...names].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}
