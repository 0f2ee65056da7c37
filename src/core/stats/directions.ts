// Which way is better for each metric the results table shows. This is the ONE place the statistics code
// reads directions from; when the shared metric registry (src/core/metrics) lands, replace the body of
// `metricBetter` with a lookup in it and delete the table below.

export type Better = 'higher' | 'lower';

const BETTER: Readonly<Record<string, Better>> = {
  acc: 'higher', f1Normal: 'higher', f1Abnormal: 'higher', auc: 'higher',
  dice: 'higher', jaccard: 'higher', ssim: 'higher', precision: 'higher', recall: 'higher',
  hd: 'lower', hdMax: 'lower', assd: 'lower', hdMm: 'lower', hdMaxMm: 'lower',
};

/** Direction of a metric by its metrics.json key; undefined for columns that are not ranked (n, steps …). */
export function metricBetter(metric: string): Better | undefined {
  return BETTER[metric];
}
