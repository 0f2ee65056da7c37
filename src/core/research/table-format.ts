// The results table as CSV (one line per row, every number in its own column), Markdown (paper-style, one
// table per test-set block, best per column in bold, ⚠ where fewer than 30 images) and JSON.
import { formatMeanStd, SMALL_SAMPLE_IMAGES, type SeedSummary } from '../stats';
import { BLOCKS, CLS_COLUMNS, SEG_COLUMNS, type CellStat, type ResultsTable, type TableRow } from './table';
import { budgetKey } from './grid';

/** Column headings of the paper's Table 2 (the app's results table shows the same). */
export const COLUMN_LABELS: Record<string, string> = {
  acc: 'Acc', f1Normal: 'F1-N', f1Abnormal: 'F1-A', auc: 'AUC',
  dice: 'Dice', jaccard: 'Jaccard', ssim: 'SSIM', hd: 'HD95 (px)', precision: 'Precision', recall: 'Recall',
};

const fixed = (v: number | undefined, d = 4) => (v === undefined || !Number.isFinite(v) ? '' : v.toFixed(d));
const columnsOf = (kind: 'cls' | 'seg') => (kind === 'cls' ? CLS_COLUMNS : SEG_COLUMNS);

function csvEscape(s: string): string {
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** One line per row: variant, budgets, seeds, steps, then mean/std/ciLo/ciHi/best per block and metric. */
export function tableToCsv(t: ResultsTable): string {
  const header = ['variant', 'segBudget', 'clsBudget', 'seeds', 'steps', 'threshold'];
  for (const b of BLOCKS) {
    header.push(`${b.key}.n`);
    for (const m of columnsOf(b.kind)) header.push(...['mean', 'std', 'ciLo', 'ciHi', 'best'].map((s) => `${b.key}.${m}.${s}`));
  }
  for (const b of BLOCKS) header.push(`vsBaseline.${b.key}.diff`, `vsBaseline.${b.key}.ciLo`, `vsBaseline.${b.key}.ciHi`, `vsBaseline.${b.key}.mcnemarP`);
  header.push('ssl.activeStepShare', 'ssl.meanConfidentShare', 'ssl.pseudoLabelAccuracy', 'ssl.klLossShare', 'lungArea.meanDiff', 'lungArea.loaLower', 'lungArea.loaUpper', 'warnings');
  const lines = [header.join(',')];
  for (const r of t.rows) {
    const cells: string[] = [r.variant, String(r.budget.seg), String(r.budget.cls), r.seeds.join(' '), r.steps.join(' '), fixed(r.threshold?.mean)];
    for (const b of BLOCKS) {
      const blk = r.blocks[b.key];
      cells.push(blk ? blk.n.join(' ') : '');
      for (const m of columnsOf(b.kind)) {
        const s = blk?.metrics[m];
        cells.push(fixed(s?.mean), fixed(s?.std), fixed(s?.ci?.lo), fixed(s?.ci?.hi), s?.best ? '1' : '');
      }
    }
    for (const b of BLOCKS) {
      const p = r.paired?.[b.key];
      cells.push(fixed(p?.diff.estimate), fixed(p?.diff.lo), fixed(p?.diff.hi), fixed(p?.mcnemar?.p));
    }
    cells.push(fixed(r.ssl?.activeStepShare.mean), fixed(r.ssl?.meanConfidentShare.mean), fixed(r.ssl?.pseudoLabelAccuracy.mean), fixed(r.ssl?.klLossShare.mean));
    cells.push(fixed(r.lungArea?.meanDiff, 2), fixed(r.lungArea?.lower, 2), fixed(r.lungArea?.upper, 2), r.warnings.join('; '));
    lines.push(cells.map(csvEscape).join(','));
  }
  return `${lines.join('\n')}\n`;
}

function cell(s: CellStat | undefined, digits: number): string {
  if (!s || !Number.isFinite(s.mean)) return '—';
  let text = formatMeanStd(s, digits);
  if (s.best) text = `**${text}**`;
  if (s.ci && Number.isFinite(s.ci.lo)) text += ` [${s.ci.lo.toFixed(digits)}, ${s.ci.hi.toFixed(digits)}]`;
  if (s.skipped > 0) text += ` (${s.skipped} NaN)`;
  return text;
}

const rowLabel = (r: TableRow) => `${r.variant} | ${r.budget.seg} / ${r.budget.cls} | ${r.seeds.length} | ${[...new Set(r.steps)].join(', ')}`;
const pct = (s: SeedSummary | undefined) => (s && Number.isFinite(s.mean) ? `${(s.mean * 100).toFixed(0)}%` : '—');

/** Paper-style Markdown: one table per test-set block, then paired comparisons and what the SSL terms did. */
export function tableToMarkdown(t: ResultsTable): string {
  const out: string[] = [];
  out.push(
    `Mean ± sample std over seeds, [${Math.round(t.level * 100)}% CI]: percentile bootstrap over test images (${t.resamples} resamples, seeded, ` +
      `stratified by seed; Wilson for accuracy). **Bold**: best per column. ⚠: fewer than ${SMALL_SAMPLE_IMAGES} test images. Budgets: masks / class labels.`,
    '',
  );
  for (const b of BLOCKS) {
    const rows = t.rows.filter((r) => r.blocks[b.key]);
    if (rows.length === 0) continue;
    const cols = columnsOf(b.kind);
    out.push(`### ${b.title}`, '');
    out.push(`| variant | budget | seeds | steps | n | ${cols.map((m) => COLUMN_LABELS[m]).join(' | ')} |`);
    out.push(`|${' --- |'.repeat(5 + cols.length)}`);
    for (const r of rows) {
      const blk = r.blocks[b.key]!;
      const n = `${[...new Set(blk.n)].join('/')}${blk.small ? ' ⚠' : ''}`;
      out.push(`| ${rowLabel(r)} | ${n} | ${cols.map((m) => cell(blk.metrics[m], m === 'hd' ? 2 : 3)).join(' | ')} |`);
    }
    out.push('');
  }
  const paired = t.rows.filter((r) => r.paired);
  if (paired.length > 0) {
    out.push(`### Paired comparisons against \`${t.baseline}\` (same seeds, same test images)`, '');
    out.push('| variant | budget | block | Δ | paired CI | McNemar (accuracy) |', '| --- | --- | --- | --- | --- | --- |');
    for (const r of paired) {
      for (const b of BLOCKS) {
        const p = r.paired![b.key];
        if (!p) continue;
        const mc = p.mcnemar ? `b ${p.mcnemar.b}, c ${p.mcnemar.c}, p = ${p.mcnemar.p.toPrecision(3)} (${p.mcnemar.method})` : '—';
        out.push(`| ${r.variant} | ${budgetKey(r.budget)} | ${b.key} | ${p.metric} ${p.diff.estimate >= 0 ? '+' : ''}${p.diff.estimate.toFixed(3)} | [${p.diff.lo.toFixed(3)}, ${p.diff.hi.toFixed(3)}] | ${mc} |`);
      }
    }
    out.push('');
  }
  const extra = t.rows.filter((r) => r.ssl || r.threshold || r.lungArea);
  if (extra.length > 0) {
    out.push('### Decision threshold, SSL terms, lung area', '');
    out.push('| variant | budget | threshold | FixMatch active steps | confident share | pseudo-label acc. | KL share of loss | lung area bias [LoA] (% of image) |', '| --- | --- | --- | --- | --- | --- | --- | --- |');
    for (const r of extra) {
      const ssl = r.ssl;
      const area = r.lungArea && Number.isFinite(r.lungArea.meanDiff) ? `${r.lungArea.meanDiff.toFixed(1)} [${r.lungArea.lower.toFixed(1)}, ${r.lungArea.upper.toFixed(1)}]` : '—';
      out.push(
        `| ${r.variant} | ${budgetKey(r.budget)} | ${r.threshold ? r.threshold.mean.toFixed(3) : '—'} | ${pct(ssl?.activeStepShare)}${ssl?.lowActivity ? ' ⚠ < 20%' : ''} | ` +
          `${pct(ssl?.meanConfidentShare)} | ${pct(ssl?.pseudoLabelAccuracy)} | ${ssl && Number.isFinite(ssl.klLossShare.mean) ? ssl.klLossShare.mean.toExponential(1) : '—'} | ${area} |`,
      );
    }
    out.push('');
  }
  return out.join('\n');
}

/** JSON with NaN / ±Infinity written as null. */
export function tableToJson(t: ResultsTable): string {
  return JSON.stringify(t, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? null : v), 2);
}

const latexEscape = (s: string) => s.replace(/([\\&%$#_{}])/g, '\\$1');

/** LaTeX (booktabs): one tabular per test-set block, mean ± std with the CI below in brackets, best in bold. */
export function tableToLatex(t: ResultsTable): string {
  const out: string[] = [`% Mean $\\pm$ sample std over seeds; [${Math.round(t.level * 100)}\\% CI]; bold: best per column; $^\\dagger$: fewer than ${SMALL_SAMPLE_IMAGES} test images.`];
  for (const b of BLOCKS) {
    const rows = t.rows.filter((r) => r.blocks[b.key]);
    if (rows.length === 0) continue;
    const cols = columnsOf(b.kind);
    out.push(`% ${b.title}`, `\\begin{tabular}{ll${'c'.repeat(cols.length)}}`, '\\toprule');
    out.push(`Variant & Budget & ${cols.map((m) => latexEscape(COLUMN_LABELS[m] ?? m)).join(' & ')} \\\\`, '\\midrule');
    for (const r of rows) {
      const blk = r.blocks[b.key]!;
      const cells = cols.map((m) => {
        const s = blk.metrics[m];
        if (!s || !Number.isFinite(s.mean)) return '--';
        const d = m === 'hd' ? 2 : 3;
        const ms = `${s.mean.toFixed(d)} $\\pm$ ${Number.isFinite(s.std) ? s.std.toFixed(d) : '--'}`;
        const ci = s.ci && Number.isFinite(s.ci.lo) ? ` [${s.ci.lo.toFixed(d)}, ${s.ci.hi.toFixed(d)}]` : '';
        return `${s.best ? `\\textbf{${ms}}` : ms}${ci}${blk.small ? '$^\\dagger$' : ''}`;
      });
      out.push(`${latexEscape(r.variant)} & ${r.budget.seg}/${r.budget.cls} & ${cells.join(' & ')} \\\\`);
    }
    out.push('\\bottomrule', '\\end{tabular}', '');
  }
  return out.join('\n');
}
