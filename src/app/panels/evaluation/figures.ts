// What the evaluation view shows, built from the worker's RoleEvaluation[] as plain data: the metrics table
// (in-domain test vs cross-domain side by side), ROC traces, confusion matrices and the per-image Dice
// distribution. Pure, so the numbers on screen are unit-tested against the core's evaluation. Which metrics,
// their names, units and directions come from the core's metric registry.
import type { Data } from 'plotly.js-dist-min';
import { metricsIn, type ConfusionMatrix, type MetricId, type MetricTask } from '../../../core/metrics';
import type { EvaluationRole, RoleEvaluation } from '../../../platform/workers/train.protocol';

export const ROLE_TITLES: Record<EvaluationRole, string> = { test: 'In-domain test', 'cross-domain': 'Cross-domain' };
const ROLE_COLORS: Record<EvaluationRole, string> = { test: '#1f77b4', 'cross-domain': '#d62728' };

export interface MetricRow {
  head: 'cls' | 'seg';
  key: string;
  label: string;
  /** One value per evaluation, in the order given; null where that set has no such head. */
  values: Array<number | null>;
  /** Higher is better (false for distances). */
  higherIsBetter: boolean;
  unit?: string;
  /** What the metric is (tooltip); none for the image counts. */
  description?: string;
}

const COUNT_LABELS: Record<MetricTask, string> = { cls: 'Images (classification)', seg: 'Images (segmentation)' };

/** The registry's `evaluation` metrics of each head some set has, then that head's image count. */
export function metricRows(evals: readonly RoleEvaluation[]): MetricRow[] {
  const rows: MetricRow[] = [];
  for (const head of ['cls', 'seg'] as const) {
    if (!evals.some((e) => e.result[head])) continue;
    const block = (e: RoleEvaluation): (Partial<Record<MetricId, number>> & { n: number }) | undefined => e.result[head];
    for (const m of metricsIn('evaluation', head)) {
      rows.push({
        head, key: m.id, label: m.label, higherIsBetter: m.better === 'higher', ...(m.unit ? { unit: m.unit } : {}),
        description: m.description, values: evals.map((e) => block(e)?.[m.id] ?? null),
      });
    }
    rows.push({ head, key: 'n', label: COUNT_LABELS[head], higherIsBetter: true, values: evals.map((e) => block(e)?.n ?? null) });
  }
  return rows;
}

/** ROC curves of the sets that classify, plus the chance diagonal. */
export function rocTraces(evals: readonly RoleEvaluation[]): Data[] {
  const traces: Data[] = [];
  for (const e of evals) {
    const cls = e.result.cls;
    if (!cls) continue;
    const auc = Number.isFinite(cls.auc) ? cls.auc.toFixed(3) : 'n/a';
    traces.push({
      type: 'scatter', mode: 'lines', name: `${ROLE_TITLES[e.role]} (AUC ${auc})`,
      x: cls.roc.fpr, y: cls.roc.tpr, line: { color: ROLE_COLORS[e.role], width: 2, shape: 'hv' },
    });
  }
  if (traces.length > 0) {
    traces.push({ type: 'scatter', mode: 'lines', name: 'chance', x: [0, 1], y: [0, 1], line: { color: '#999', dash: 'dot', width: 1 }, hoverinfo: 'skip' });
  }
  return traces;
}

/** Per-image Dice as one box per set (all points shown, so a handful of images is honest too). */
export function diceBoxTraces(evals: readonly RoleEvaluation[]): Data[] {
  return evals.flatMap((e): Data[] => {
    const seg = e.result.seg;
    if (!seg) return [];
    const dice: number[] = [];
    const ids: string[] = [];
    seg.perImage.dice.forEach((d, i) => {
      if (Number.isFinite(d)) {
        dice.push(d);
        ids.push(seg.ids[i] ?? `#${i}`);
      }
    });
    return [{
      type: 'box', name: ROLE_TITLES[e.role], y: dice, text: ids, boxpoints: 'all', jitter: 0.4, pointpos: 0,
      marker: { color: ROLE_COLORS[e.role], size: 4 }, hovertemplate: '%{text}: Dice %{y:.3f}<extra></extra>',
    }];
  });
}

/** Rows = true class, columns = predicted class, with each cell's share of its row (recall per class). */
export function confusionCells(cm: ConfusionMatrix): Array<{ truth: string; cells: Array<{ count: number; share: number }> }> {
  const row = (a: number, b: number) => {
    const total = a + b;
    return [{ count: a, share: total > 0 ? a / total : NaN }, { count: b, share: total > 0 ? b / total : NaN }];
  };
  return [
    { truth: 'normal', cells: row(cm.tn, cm.fp) },
    { truth: 'pneumonia', cells: row(cm.fn, cm.tp) },
  ];
}
