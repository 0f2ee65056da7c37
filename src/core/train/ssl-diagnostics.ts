// What the semi-supervised terms did over a run (issue 10, item 6), from the per-step loss terms the loop
// already reports: how often FixMatch had any confident pseudo-label, how large the confident share was, how
// often the confident pseudo-labels were right (against the labels a budget withheld), and how much of the
// total loss the KL and FixMatch terms were. Measured before this existed: FixMatch was non-zero on 18 of 300
// steps of one MultiMix run, which fits MultiMix ≈ UMTL.
import type { LossWeights } from '../config';
import type { LossTermValues } from './step';

/** A run whose FixMatch was active on fewer than this share of steps is flagged. */
export const LOW_SSL_ACTIVITY = 0.2;

export interface SslDiagnostics {
  /** Steps that computed FixMatch pseudo-labels. */
  fixmatchSteps: number;
  /** Share of those steps with at least one confident pseudo-label (weak-view max prob ≥ t). */
  activeStepShare: number;
  /** Mean over steps of the confident share of the unlabeled batch. */
  meanConfidentShare: number;
  /** Confident pseudo-labels that equal the withheld label, over all confident ones checked; NaN if none. */
  pseudoLabelAccuracy: number;
  /** Confident pseudo-labels that could be checked (steps whose unlabeled images all had a withheld label). */
  pseudoLabelsChecked: number;
  /** Σ λ·FixMatch / Σ total loss over the run (the term's share of what was optimised). */
  fixmatchLossShare: number;
  /** Σ β·KL / Σ total loss; NaN when the variant has no KL term. */
  klLossShare: number;
  /** Set when FixMatch was active on under 20% of steps: its numbers barely reflect the SSL terms. */
  warning?: string;
}

/**
 * `steps`: every step's terms (LossTermValues from the loop); `batchSize`: M, the unlabeled images per step.
 * Undefined when the run computed neither FixMatch nor KL.
 */
export function sslDiagnostics(steps: readonly LossTermValues[], weights: LossWeights, batchSize: number): SslDiagnostics | undefined {
  const fm = steps.filter((t) => t.maskRate !== undefined);
  const klSteps = steps.filter((t) => t.kl !== undefined);
  if (fm.length === 0 && klSteps.length === 0) return undefined;
  const active = fm.filter((t) => (t.maskRate as number) > 0).length;
  let confidentChecked = 0;
  let correct = 0;
  for (const t of fm) {
    if (t.pseudoCorrect === undefined) continue;
    confidentChecked += Math.round((t.maskRate as number) * batchSize);
    correct += t.pseudoCorrect;
  }
  const total = steps.reduce((s, t) => s + (Number.isFinite(t.total) ? t.total : 0), 0);
  const sum = (xs: readonly LossTermValues[], k: 'fixmatch' | 'kl') => xs.reduce((s, t) => s + (t[k] ?? 0), 0);
  const out: SslDiagnostics = {
    fixmatchSteps: fm.length,
    activeStepShare: fm.length === 0 ? NaN : active / fm.length,
    meanConfidentShare: fm.length === 0 ? NaN : fm.reduce((s, t) => s + (t.maskRate as number), 0) / fm.length,
    pseudoLabelAccuracy: confidentChecked === 0 ? NaN : correct / confidentChecked,
    pseudoLabelsChecked: confidentChecked,
    fixmatchLossShare: fm.length === 0 || total <= 0 ? NaN : (weights.lambda * sum(fm, 'fixmatch')) / total,
    klLossShare: klSteps.length === 0 || total <= 0 ? NaN : (weights.beta * sum(klSteps, 'kl')) / total,
  };
  if (fm.length > 0 && out.activeStepShare < LOW_SSL_ACTIVITY) {
    out.warning = `FixMatch had a confident pseudo-label on only ${active} of ${fm.length} steps (< ${LOW_SSL_ACTIVITY * 100}%)`;
  }
  return out;
}
