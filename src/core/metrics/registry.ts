// The one table of what is known about each evaluation metric: its name, unit, which way is better, how it is
// printed and where it is shown (issue 11). The accumulators compute the values under these ids
// (classification-accumulator.ts, segmentation-accumulator.ts); metrics.json and the validation curves
// (summarizeEvaluation), the evaluation view, the runs table, the curves panel and the CSV export all read
// this table instead of keeping their own lists. Adding a metric: CONTRIBUTING.md, "Add a metric".
//
// Plain data without tfjs, so the page bundle can import it for labels.

export type MetricTask = 'cls' | 'seg';

/**
 * Where a metric appears:
 * - `summary`: metrics.json of `npm run experiment`, the stored validation curves (`val/<task>/<id>`) and so the
 *   runs' CSV export and curve overlays;
 * - `evaluation`: a row of the evaluation view (test / cross-domain side by side);
 * - `runs`: a column of the runs table (value at the best validation epoch; needs `summary`);
 * - `test`: shown in the runs table's Test cell (needs `summary`);
 * - `curve`: a line of the curves panel's validation plot (needs `summary`).
 */
export type MetricView = 'summary' | 'evaluation' | 'runs' | 'test' | 'curve';

export interface MetricSpec {
  /** Key in ClassificationResult / SegmentationResult, in the summary blocks and in `val/<task>/<id>`. */
  readonly id: string;
  /** Which head it scores: `cls` (pneumonia classification) or `seg` (lung segmentation). */
  readonly task: MetricTask;
  /** Full name: evaluation view rows, curve legends. */
  readonly label: string;
  /** Column header of the runs table. */
  readonly short: string;
  /** One sentence for tooltips: definition, convention, source. */
  readonly description: string;
  readonly better: 'higher' | 'lower';
  /** Distances: pixels of the model input, or millimetres when a pixel spacing is known. Ratios have none. */
  readonly unit?: 'px' | 'mm';
  /** Decimals when printed. */
  readonly digits: number;
  /** Colour of its validation curve. */
  readonly color: string;
  readonly views: readonly MetricView[];
}

/** In display order (the evaluation view, the runs table and the curves list metrics in this order). */
export const METRICS = [
  {
    id: 'acc', task: 'cls', label: 'Accuracy', short: 'Acc', better: 'higher', digits: 3, color: '#1f77b4',
    description: 'Share of images classified right (pneumonia predicted when p > 0.5).',
    views: ['summary', 'evaluation', 'runs', 'test', 'curve'],
  },
  {
    id: 'f1Normal', task: 'cls', label: 'F1 normal', short: 'F1-N', better: 'higher', digits: 3, color: '#8c564b',
    description: 'F1 score with normal as the positive class.',
    views: ['summary', 'evaluation', 'runs', 'curve'],
  },
  {
    id: 'f1Abnormal', task: 'cls', label: 'F1 pneumonia', short: 'F1-A', better: 'higher', digits: 3, color: '#e377c2',
    description: 'F1 score with pneumonia as the positive class.',
    views: ['summary', 'evaluation', 'runs', 'curve'],
  },
  {
    id: 'auc', task: 'cls', label: 'ROC AUC', short: 'AUC', better: 'higher', digits: 3, color: '#17becf',
    description: 'Area under the ROC curve of the pneumonia probability (the Mann–Whitney probability, ties ½); n/a when a class is absent.',
    views: ['summary', 'evaluation', 'runs', 'test', 'curve'],
  },
  {
    id: 'dice', task: 'seg', label: 'Dice', short: 'Dice', better: 'higher', digits: 3, color: '#2ca02c',
    description: '2|P∩G| / (|P| + |G|) of the predicted mask (p ≥ 0.5) and the truth, mean over images; 1 when both are empty.',
    views: ['summary', 'evaluation', 'runs', 'test', 'curve'],
  },
  {
    id: 'jaccard', task: 'seg', label: 'Jaccard', short: 'Jaccard', better: 'higher', digits: 3, color: '#bcbd22',
    description: '|P∩G| / |P∪G| (intersection over union), mean over images; 1 when both are empty.',
    views: ['summary', 'evaluation', 'runs', 'curve'],
  },
  {
    id: 'ssim', task: 'seg', label: 'SSIM', short: 'SSIM', better: 'higher', digits: 3, color: '#7f7f7f',
    description: 'Structural similarity (Wang et al. 2004; 11×11 Gaussian window, σ 1.5) of the binarised prediction and the truth.',
    views: ['summary', 'evaluation'],
  },
  {
    id: 'hd', task: 'seg', label: 'HD95', short: 'HD95', better: 'lower', unit: 'px', digits: 2, color: '#d62728',
    description: '95th-percentile Hausdorff distance between the 4-connected mask boundaries (the larger directed percentile, as MONAI); images with exactly one empty mask are left out.',
    views: ['summary', 'evaluation', 'runs'],
  },
  {
    id: 'hdMax', task: 'seg', label: 'Hausdorff (max)', short: 'HD max', better: 'lower', unit: 'px', digits: 2, color: '#ff7f0e',
    description: 'Largest boundary-to-boundary distance in either direction (Hausdorff distance).',
    views: ['summary', 'evaluation'],
  },
  {
    id: 'assd', task: 'seg', label: 'ASSD', short: 'ASSD', better: 'lower', unit: 'px', digits: 2, color: '#9467bd',
    description: 'Average symmetric surface distance: mean distance of every boundary pixel of either mask to the other boundary.',
    views: ['summary'],
  },
  {
    id: 'precision', task: 'seg', label: 'Precision', short: 'Prec.', better: 'higher', digits: 3, color: '#aec7e8',
    description: '|P∩G| / |P|; an empty prediction scores 1 only when the truth is empty too.',
    views: ['summary', 'evaluation'],
  },
  {
    id: 'recall', task: 'seg', label: 'Recall', short: 'Recall', better: 'higher', digits: 3, color: '#98df8a',
    description: '|P∩G| / |G|; an empty truth scores 1 only when the prediction is empty too.',
    views: ['summary', 'evaluation'],
  },
  {
    id: 'hdMm', task: 'seg', label: 'HD95', short: 'HD95 mm', better: 'lower', unit: 'mm', digits: 2, color: '#d62728',
    description: 'HD95 in millimetres, over the images whose pixel spacing is known.',
    views: [],
  },
  {
    id: 'hdMaxMm', task: 'seg', label: 'Hausdorff (max)', short: 'HD max mm', better: 'lower', unit: 'mm', digits: 2, color: '#ff7f0e',
    description: 'Hausdorff (max) distance in millimetres, over the images whose pixel spacing is known.',
    views: [],
  },
] as const satisfies readonly MetricSpec[];

type Entry = (typeof METRICS)[number];
export type MetricId = Entry['id'];
export type ClassificationMetric = Extract<Entry, { task: 'cls' }>['id'];
export type SegmentationMetric = Extract<Entry, { task: 'seg' }>['id'];

/** A metric of the table (its id is one of MetricId). */
export interface RegisteredMetric extends MetricSpec {
  readonly id: MetricId;
}

export const SEGMENTATION_METRICS = METRICS.filter((m) => m.task === 'seg').map((m) => m.id) as readonly SegmentationMetric[];

/** The metrics shown in `view` (of one head, if given), in display order. */
export function metricsIn(view: MetricView, task?: MetricTask): RegisteredMetric[] {
  return METRICS.filter((m) => (task === undefined || m.task === task) && (m.views as readonly MetricView[]).includes(view));
}

const BY_ID: ReadonlyMap<string, MetricSpec> = new Map(METRICS.map((m) => [m.id, m]));

/** The spec of a metric id (ids are unique across tasks), or undefined for anything else (counts, scores). */
export function metricSpec(id: string): MetricSpec | undefined {
  return BY_ID.get(id);
}

/** Summary entries that count images: printed as integers. */
const COUNT_KEYS: ReadonlySet<string> = new Set(['n', 'hdSkipped']);

/**
 * A metric value as text, the same in every table: `—` when there is no value, `n/a` when it is undefined
 * (NaN, e.g. the AUC of a set with one class), counts as integers, a registered metric with its decimals,
 * anything else (the selection score, a stored curve) with 3 decimals below 10, 1 below 100, else none.
 */
export function formatMetric(value: number | null | undefined, id?: string): string {
  if (value === null || value === undefined) return '—';
  if (Number.isNaN(value)) return 'n/a';
  if (!Number.isFinite(value)) return String(value);
  if (id !== undefined && COUNT_KEYS.has(id)) return String(value);
  const spec = id === undefined ? undefined : metricSpec(id);
  if (spec) return value.toFixed(spec.digits);
  const a = Math.abs(value);
  return value.toFixed(a >= 100 ? 0 : a >= 10 ? 1 : 3);
}
