// Plotly traces and layouts of a grid's four plots (issue 10, item 8), from the core's pure series
// (src/core/research/plot-series.ts). One colour per variant across all plots; budgets of a variant differ by
// dash (ROC, Bland–Altman limits). Pure, so the numbers on screen are unit-tested with the series.
import type { Data, Layout } from 'plotly.js-dist-min';
import { schemeTableau10 } from 'd3-scale-chromatic';
import { metricSpec } from '../../../core/metrics';
import type { LabelCount } from '../../../core/data/types';
import {
  budgetLabel, consistencySeries, diceBoxSeries, lungAreaSeries, rocSeries, type ConsistencySeries,
} from '../../../core/research/plot-series';
import type { BlockKey, RunRecord } from '../../../core/research/table';

export type TestSet = 'in' | 'cross';

export interface Figure {
  data: Data[];
  layout: Partial<Layout>;
  /** Why there is nothing to draw (shown instead of the plot); undefined when `data` is drawable. */
  empty?: string;
  /** One line under the plot: pooling, counts, what was skipped. */
  note?: string;
}

const DASHES = ['solid', 'dash', 'dot', 'dashdot', 'longdash'] as const;

/** A colour per variant, in the order variants first appear in the runs. */
function variantColors(runs: readonly RunRecord[]): (variant: string) => string {
  const order = [...new Set(runs.map((r) => r.variant))];
  return (v) => schemeTableau10[Math.max(0, order.indexOf(v)) % schemeTableau10.length] as string;
}

const fmt = (v: number, d = 3) => (Number.isFinite(v) ? v.toFixed(d) : 'n/a');
const signed = (v: number, d = 2) => (Number.isFinite(v) ? `${v >= 0 ? '+' : '−'}${Math.abs(v).toFixed(d)}` : 'n/a');
const axisTitle = (text: string) => ({ title: { text } });
const title = (text: string) => ({ title: { text, font: { size: 13 } } });
const setName = (s: TestSet) => (s === 'in' ? 'in-domain test' : 'cross-domain test');

export function diceBoxFigure(runs: readonly RunRecord[], set: TestSet): Figure {
  const color = variantColors(runs);
  const boxes = diceBoxSeries(runs, set === 'in' ? 'seg' : 'crossSeg');
  const data: Data[] = boxes.map((b) => ({
    type: 'box', name: `${b.group.variant}<br>${budgetLabel(b.group.budget)}`, y: b.dice, text: b.ids, boxpoints: 'all', jitter: 0.4, pointpos: 0,
    marker: { color: color(b.group.variant), size: 4 }, hovertemplate: '%{text}: Dice %{y:.3f}<extra></extra>',
  }));
  const skipped = boxes.reduce((s, b) => s + b.skipped, 0);
  return {
    data,
    layout: { ...title(`Per-image Dice, ${setName(set)} (all seeds pooled)`), yaxis: { ...axisTitle('Dice (per image, 0–1)'), range: [0, 1.02] }, xaxis: { ...axisTitle('variant · label budget'), tickangle: 0 }, showlegend: false },
    ...(boxes.every((b) => b.dice.length === 0) ? { empty: `No per-image Dice on the ${setName(set)} set: needs a run with a segmentation head and a ${setName(set)} set.` } : {}),
    note: `${boxes.map((b) => `${b.group.label}: ${b.dice.length} images × seeds (seeds ${b.seeds.join(', ')})`).join(' · ')}${skipped ? ` · ${skipped} images without a finite Dice left out` : ''}`,
  };
}

export function blandAltmanFigure(runs: readonly RunRecord[], set: TestSet): Figure {
  const color = variantColors(runs);
  const groups = lungAreaSeries(runs, set === 'in' ? 'seg' : 'crossSeg');
  const dashOf = new Map<string, number>();
  const data: Data[] = groups.filter((g) => g.n > 0).flatMap((g, i): Data[] => {
    const dash = DASHES[(dashOf.get(g.group.variant) ?? 0) % DASHES.length];
    dashOf.set(g.group.variant, (dashOf.get(g.group.variant) ?? 0) + 1);
    const lo = Math.min(...g.means);
    const hi = Math.max(...g.means);
    const c = color(g.group.variant);
    const line = (y: number, what: string): Data => ({
      type: 'scatter', mode: 'lines', x: [lo, hi], y: [y, y], legendgroup: `g${i}`, showlegend: false,
      line: { color: c, width: what === 'bias' ? 2 : 1, dash }, hovertemplate: `${g.group.label} ${what}: ${signed(y)} pp<extra></extra>`,
    });
    return [
      {
        type: 'scatter', mode: 'markers', x: g.means, y: g.diffs, text: g.ids, legendgroup: `g${i}`,
        name: `${g.group.label}: bias ${signed(g.meanDiff)} pp, 95% LoA ${signed(g.lower)} to ${signed(g.upper)} (n ${g.n})`,
        marker: { color: c, size: 5, opacity: 0.7 },
        hovertemplate: '%{text}<br>mean %{x:.1f}% · predicted − true %{y:+.2f} pp<extra></extra>',
      },
      line(g.meanDiff, 'bias'), line(g.lower, 'lower 95% limit'), line(g.upper, 'upper 95% limit'),
    ];
  });
  const skipped = groups.reduce((s, g) => s + g.skipped, 0);
  return {
    data,
    layout: {
      ...title(`Lung area, predicted vs true (Bland–Altman), ${setName(set)}`),
      xaxis: axisTitle('mean of predicted and true lung area (% of image)'),
      yaxis: { ...axisTitle('predicted − true (percentage points)'), zeroline: true },
      // One legend row per group (its bias and limits), below the x-axis title.
      height: 330 + 22 * groups.length, margin: { l: 56, r: 16, t: 32, b: 70 + 22 * groups.length },
      legend: { orientation: 'v', x: 0, y: -0.26, yanchor: 'top' },
    },
    ...(groups.every((g) => g.n === 0) ? { empty: `No per-image lung areas on the ${setName(set)} set (per-image.json areaPred / areaTrue): needs a run with a segmentation head.` } : {}),
    note: `bias = mean of predicted − true; limits of agreement = bias ± 1.96 · SD; all seeds' images pooled${skipped ? ` · ${skipped} images without a finite area left out` : ''}`,
  };
}

export function rocFigure(runs: readonly RunRecord[], set: TestSet): Figure {
  const color = variantColors(runs);
  const curves = rocSeries(runs, set === 'in' ? 'cls' : 'crossCls');
  const dashOf = new Map<string, number>();
  const data: Data[] = curves.map((r) => {
    const k = dashOf.get(r.group.variant) ?? 0;
    dashOf.set(r.group.variant, k + 1);
    const s = r.seedAuc;
    const perSeed = s.n > 1 ? `; ${fmt(s.mean)} ± ${fmt(s.std)} over ${s.n} seeds` : '';
    return {
      type: 'scatter', mode: 'lines', name: `${r.group.label} (AUC ${fmt(r.pooledAuc)} pooled${perSeed})`,
      x: r.pooled.fpr, y: r.pooled.tpr, line: { color: color(r.group.variant), width: 2, dash: DASHES[k % DASHES.length] },
    };
  });
  const drawable = curves.some((r) => Number.isFinite(r.pooledAuc));
  if (data.length > 0) data.push({ type: 'scatter', mode: 'lines', name: 'chance', x: [0, 1], y: [0, 1], line: { color: '#999', dash: 'dot', width: 1 }, hoverinfo: 'skip' });
  const skipped = curves.reduce((s, r) => s + r.skipped, 0);
  return {
    data,
    layout: {
      ...title(`ROC, pneumonia vs normal, ${setName(set)} (seeds pooled)`),
      xaxis: { ...axisTitle('false-positive rate (1 − specificity)'), range: [0, 1] },
      yaxis: { ...axisTitle('true-positive rate (sensitivity)'), range: [0, 1.02] },
      height: 330 + 22 * data.length, margin: { l: 56, r: 16, t: 32, b: 70 + 22 * data.length },
      legend: { orientation: 'v', x: 0, y: -0.26, yanchor: 'top' },
    },
    ...(!drawable ? { empty: curves.length === 0 ? `No classification outputs on the ${setName(set)} set: needs a run with a classification head and a ${setName(set)} set.` : `The ${setName(set)} set has only one class: no ROC curve.` } : {}),
    note: `one curve per variant × budget from every seed's test predictions pooled; per-seed AUC mean ± std in the legend${skipped ? ` · ${skipped} images left out (no finite probability)` : ''}`,
  };
}

const budgetText = (b: LabelCount) => String(b);

export function consistencyFigure(runs: readonly RunRecord[], set: TestSet, metric: string): Figure {
  const spec = metricSpec(metric);
  const task = spec?.task ?? 'seg';
  const block: BlockKey = task === 'seg' ? (set === 'in' ? 'seg' : 'crossSeg') : set === 'in' ? 'cls' : 'crossCls';
  const c: ConsistencySeries = consistencySeries(runs, block, metric);
  const color = variantColors(runs);
  const label = spec ? `${spec.label}${spec.unit ? ` (${spec.unit})` : ''}` : metric;
  const what = c.axis === 'seg' ? 'segmentation label budget (masks)' : 'classification label budget (labels)';
  const data: Data[] = c.lines.flatMap((l, i): Data[] => {
    const x = l.budgets.map(budgetText);
    const mean = l.stats.map((s) => s.mean);
    const withStd = l.stats.map((s, k) => ({ x: x[k] as string, lo: s.mean - s.std, hi: s.mean + s.std })).filter((p) => Number.isFinite(p.lo));
    const col = color(l.variant);
    const band: Data[] = withStd.length > 0 ? [{
      type: 'scatter', mode: 'lines', x: [...withStd.map((p) => p.x), ...withStd.map((p) => p.x).reverse()],
      y: [...withStd.map((p) => p.hi), ...withStd.map((p) => p.lo).reverse()], fill: 'toself', fillcolor: col, opacity: 0.18,
      line: { width: 0, color: col }, legendgroup: `c${i}`, showlegend: false, hoverinfo: 'skip', name: `${l.name} ± std`,
    }] : [];
    return [...band, {
      type: 'scatter', mode: 'lines+markers', name: l.name, x, y: mean, legendgroup: `c${i}`,
      text: l.stats.map((s) => `${fmt(s.mean)} ± ${Number.isFinite(s.std) ? fmt(s.std) : '—'} (${s.n} seeds${s.skipped ? `, ${s.skipped} without a value` : ''})`),
      line: { color: col, width: 2 }, marker: { color: col, size: 6 }, hovertemplate: `${l.name} at %{x}: %{text}<extra></extra>`,
    }];
  });
  return {
    data,
    layout: {
      ...title(`${label} vs label budget, ${setName(set)} (mean ± std over seeds)`),
      xaxis: { ...axisTitle(what), type: 'category', categoryorder: 'array', categoryarray: c.budgets.map(budgetText) },
      yaxis: axisTitle(label),
      legend: { orientation: 'h', x: 0, y: -0.3, yanchor: 'top' },
    },
    ...(c.lines.length === 0 ? { empty: `No ${label} on the ${setName(set)} set in these runs.` }
      : c.budgets.length < 2 ? { empty: `Consistency curves need ≥ 2 ${c.axis === 'seg' ? 'segmentation' : 'classification'} label budgets; these runs have ${c.budgets.length} (${c.budgets.map(budgetText).join(', ')}).` } : {}),
    note: 'band = mean ± sample standard deviation over seeds (none with one seed)',
  };
}
