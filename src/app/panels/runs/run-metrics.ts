// Numbers for the runs table, read from a run's stored curves: the validation metrics of its best epoch
// (the epoch model selection kept) and how far it got. Pure, so it is tested without a browser.
import type { CurvePoint, RunRecord } from '../../../platform/storage';

export const VAL_COLUMNS = [
  { key: 'val/cls/acc', label: 'Acc' },
  { key: 'val/cls/auc', label: 'AUC' },
  { key: 'val/cls/f1Normal', label: 'F1-N' },
  { key: 'val/cls/f1Abnormal', label: 'F1-A' },
  { key: 'val/seg/dice', label: 'Dice' },
  { key: 'val/seg/jaccard', label: 'Jaccard' },
  { key: 'val/seg/hd', label: 'HD95' },
] as const;

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

export function formatMetric(v: number | undefined): string {
  if (v === undefined || !Number.isFinite(v)) return '—';
  return Math.abs(v) >= 100 ? v.toFixed(0) : Math.abs(v) >= 10 ? v.toFixed(1) : v.toFixed(3);
}
