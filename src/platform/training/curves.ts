// Names of the curves a run keeps (RunRecord.curves; merged by storage/curves.ts mergeCurves) and the conversion from the worker's step points
// and epoch reports. The run-comparison view and the CSV export read these names.
import type { LossTermName } from '../../core/train/step';
import type { CurvePoint } from '../storage/schema';
import type { EvaluationSummary, StepPoint } from '../workers/train.protocol';

/**
 * `loss/<term>` for total, cls, dice, fixmatch, kl; `train/maskRate` and `train/pseudoCorrect` (FixMatch's
 * confident share and its pseudo-labels that match the withheld label: the grid's SSL diagnostics read them);
 * `train/lr`, throughput and step time.
 */
export const TRAIN_CURVES = {
  loss: (term: string) => `loss/${term}`,
  maskRate: 'train/maskRate',
  pseudoCorrect: 'train/pseudoCorrect',
  lr: 'train/lr',
  imagesPerSecond: 'train/imagesPerSecond',
  msPerStep: 'train/msPerStep',
  /** Date.now() of each step: wall-clock x axes and ETA. */
  wallTime: 'train/wallTime',
} as const;

/** `val/score` (model selection), `val/cls/<metric>` (acc, auc, f1Normal, ...), `val/seg/<metric>` (dice, ...). */
export const VAL_CURVES = {
  score: 'val/score',
  cls: (metric: string) => `val/cls/${metric}`,
  seg: (metric: string) => `val/seg/${metric}`,
} as const;

function push(out: Record<string, CurvePoint[]>, name: string, point: CurvePoint): void {
  (out[name] ??= []).push(point);
}

// Spelled out (the core's LOSS_TERMS lives next to tfjs, which the page bundle must not pull in for a list).
export const LOSS_TERM_NAMES: readonly LossTermName[] = ['total', 'cls', 'dice', 'fixmatch', 'kl', 'maskRate', 'pseudoCorrect'];

/** The curve a loss term is stored under. */
export function termCurve(term: LossTermName): string {
  if (term === 'maskRate') return TRAIN_CURVES.maskRate;
  if (term === 'pseudoCorrect') return TRAIN_CURVES.pseudoCorrect;
  return TRAIN_CURVES.loss(term);
}

export function stepCurvePoints(points: readonly StepPoint[]): Record<string, CurvePoint[]> {
  const out: Record<string, CurvePoint[]> = {};
  for (const p of points) {
    const at = { step: p.step, epoch: p.epoch };
    for (const term of LOSS_TERM_NAMES) {
      const v = p.terms[term];
      if (v === undefined) continue;
      push(out, termCurve(term), { ...at, value: v });
    }
    push(out, TRAIN_CURVES.lr, { ...at, value: p.lr });
    push(out, TRAIN_CURVES.imagesPerSecond, { ...at, value: p.imagesPerSecond });
    push(out, TRAIN_CURVES.msPerStep, { ...at, value: p.msPerStep });
    push(out, TRAIN_CURVES.wallTime, { ...at, value: p.wallTime });
  }
  return out;
}

/** Validation numbers at the end of an epoch (`step` = steps done), NaN metrics left out. */
export function epochCurvePoints(epoch: number, step: number, summary: EvaluationSummary | undefined, score: number | undefined): Record<string, CurvePoint[]> {
  const out: Record<string, CurvePoint[]> = {};
  const at = { step, epoch };
  if (score !== undefined && Number.isFinite(score)) push(out, VAL_CURVES.score, { ...at, value: score });
  for (const [metric, value] of Object.entries(summary?.cls ?? {})) {
    if (Number.isFinite(value)) push(out, VAL_CURVES.cls(metric), { ...at, value });
  }
  for (const [metric, value] of Object.entries(summary?.seg ?? {})) {
    if (Number.isFinite(value)) push(out, VAL_CURVES.seg(metric), { ...at, value });
  }
  return out;
}
