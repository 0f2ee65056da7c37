// The results table of a grid, laid out like the paper's Table 2 (core/research/table.ts builds it): rows
// variant × budgets; per test-set block the paper's columns as mean ± std over seeds with the 95% CI below;
// best per column marked; sortable by any column; ⚠ where fewer than 30 test images; paired comparisons
// against a chosen baseline row; what the SSL terms did and how many steps each row trained for; export as
// CSV, JSON, Markdown and LaTeX (core/research/table-format.ts).
import { useMemo, useState } from 'react';
import { BLOCKS, CLS_COLUMNS, SEG_COLUMNS, buildResultsTable, type BlockKey, type CellStat, type RunRecord, type TableRow } from '../../../core/research/table';
import { COLUMN_LABELS, tableToCsv, tableToJson, tableToLatex, tableToMarkdown } from '../../../core/research/table-format';
import { budgetKey } from '../../../core/research/grid';
import { SMALL_SAMPLE_IMAGES, formatMeanStd, metricBetter } from '../../../core/stats';
import { downloadFile } from '../../components/download-file';

const EXPORTS = [
  { label: 'CSV', ext: 'csv', type: 'text/csv', write: tableToCsv },
  { label: 'JSON', ext: 'json', type: 'application/json', write: tableToJson },
  { label: 'Markdown', ext: 'md', type: 'text/markdown', write: tableToMarkdown },
  { label: 'LaTeX', ext: 'tex', type: 'application/x-tex', write: tableToLatex },
] as const;

type Sort = { block: BlockKey; metric: string; dir: 1 | -1 } | null;

const columnsOf = (kind: 'cls' | 'seg') => (kind === 'cls' ? CLS_COLUMNS : SEG_COLUMNS);
const pct = (v: number) => (Number.isFinite(v) ? `${(v * 100).toFixed(0)}%` : '—');

function StatCell({ s, digits, small }: { s: CellStat | undefined; digits: number; small: boolean }) {
  if (!s) return <td>—</td>;
  return (
    <td className={s.best ? 'grid-best' : undefined} data-best={s.best ? 'true' : undefined}>
      {s.best ? '★ ' : ''}
      {formatMeanStd(s, digits)}
      {small && <span title={`fewer than ${SMALL_SAMPLE_IMAGES} test images`}> ⚠</span>}
      {s.ci && Number.isFinite(s.ci.lo) && (
        <div className="small muted" data-testid="ci">
          [{s.ci.lo.toFixed(digits)}, {s.ci.hi.toFixed(digits)}]
        </div>
      )}
    </td>
  );
}

function sortRows(rows: TableRow[], sort: Sort): TableRow[] {
  if (!sort) return rows;
  const val = (r: TableRow) => r.blocks[sort.block]?.metrics[sort.metric]?.mean ?? NaN;
  return rows.slice().sort((a, b) => {
    const va = val(a);
    const vb = val(b);
    if (!Number.isFinite(va)) return 1;
    if (!Number.isFinite(vb)) return -1;
    return sort.dir * (va - vb);
  });
}

export function GridResults({ runs, defaultBaseline, name }: { runs: readonly RunRecord[]; defaultBaseline: string; name: string }) {
  const variants = [...new Set(runs.map((r) => r.variant))];
  const [chosen, setBaseline] = useState(defaultBaseline);
  const baseline = variants.includes(chosen) ? chosen : (variants[0] ?? chosen);
  const [sort, setSort] = useState<Sort>(null);
  const table = useMemo(() => buildResultsTable(runs, { baseline }), [runs, baseline]);
  if (runs.length === 0) return <p className="small muted">No finished cell yet: results appear here as cells finish.</p>;

  const clickSort = (block: BlockKey, metric: string) =>
    setSort((s) => {
      const better = metricBetter(metric) === 'lower' ? 1 : -1;
      if (s && s.block === block && s.metric === metric) return { block, metric, dir: (-s.dir) as 1 | -1 };
      return { block, metric, dir: better };
    });
  const file = name.replace(/[^\w.-]+/g, '-');
  const save = (text: string, ext: string, type: string) => downloadFile(new Blob([text], { type }), `${file}-table.${ext}`);

  return (
    <div className="grid-results" data-testid="grid-results">
      <div className="train-controls">
        <label className="small">
          Baseline row{' '}
          <select data-testid="grid-results-baseline" value={baseline} onChange={(e) => setBaseline(e.target.value)}>
            {variants.map((v) => (
              <option key={v} value={v}>
                {v}
              </option>
            ))}
          </select>
        </label>
        <span className="small">Export:</span>
        {EXPORTS.map((x) => (
          <button key={x.ext} type="button" data-testid={`grid-export-${x.ext}`} onClick={() => save(x.write(table), x.ext, x.type)}>
            {x.label}
          </button>
        ))}
      </div>
      <p className="small muted">
        Mean ± sample std over seeds; below, the {Math.round(table.level * 100)}% CI (percentile bootstrap over test images, {table.resamples} resamples,
        seeded, stratified by seed; Wilson for accuracy). ★ best per column. ⚠ fewer than {SMALL_SAMPLE_IMAGES} test images. Click a heading to sort.
      </p>
      {BLOCKS.map((b) => {
        const rows = sortRows(table.rows.filter((r) => r.blocks[b.key]), sort?.block === b.key ? sort : null);
        if (rows.length === 0) return null;
        const cols = columnsOf(b.kind);
        return (
          <div key={b.key} className="grid-block" data-testid="grid-block" data-block={b.key}>
            <h4>{b.title}</h4>
            <table className="grid-table">
              <thead>
                <tr>
                  <th>variant</th>
                  <th>budget</th>
                  <th>seeds</th>
                  <th>steps</th>
                  <th>n</th>
                  {cols.map((m) => (
                    <th key={m} className="sortable" onClick={() => clickSort(b.key, m)} data-testid={`sort-${b.key}-${m}`}>
                      {COLUMN_LABELS[m] ?? m}
                      {sort?.block === b.key && sort.metric === m ? (sort.dir === 1 ? ' ▲' : ' ▼') : ''}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => {
                  const blk = r.blocks[b.key]!;
                  return (
                    <tr key={`${r.variant}|${budgetKey(r.budget)}`} data-testid="grid-row" data-variant={r.variant}>
                      <td>{r.variant}</td>
                      <td>
                        {r.budget.seg}/{r.budget.cls}
                      </td>
                      <td>{r.seeds.length}</td>
                      <td>{[...new Set(r.steps)].join('/')}</td>
                      <td>
                        {[...new Set(blk.n)].join('/')}
                        {blk.small && <span title={`fewer than ${SMALL_SAMPLE_IMAGES} test images`} data-testid="small-warning"> ⚠</span>}
                      </td>
                      {cols.map((m) => (
                        <StatCell key={m} s={blk.metrics[m]} digits={m === 'hd' ? 2 : 3} small={blk.small} />
                      ))}
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        );
      })}
      {table.rows.some((r) => r.paired) && (
        <div className="grid-block" data-testid="grid-paired">
          <h4>Paired comparisons against {table.baseline} (same seeds, same test images)</h4>
          <table className="grid-table">
            <thead>
              <tr>
                <th>variant</th>
                <th>budget</th>
                <th>test set</th>
                <th>difference</th>
                <th>paired {Math.round(table.level * 100)}% CI</th>
                <th>McNemar (accuracy)</th>
              </tr>
            </thead>
            <tbody>
              {table.rows.flatMap((r) =>
                BLOCKS.flatMap((b) => {
                  const p = r.paired?.[b.key];
                  if (!p) return [];
                  return [
                    <tr key={`${r.variant}|${budgetKey(r.budget)}|${b.key}`}>
                      <td>{r.variant}</td>
                      <td>
                        {r.budget.seg}/{r.budget.cls}
                      </td>
                      <td>{b.title}</td>
                      <td>
                        {p.metric === 'dice' ? 'Dice' : 'AUC'} {p.diff.estimate >= 0 ? '+' : ''}
                        {p.diff.estimate.toFixed(3)}
                      </td>
                      <td>
                        [{p.diff.lo.toFixed(3)}, {p.diff.hi.toFixed(3)}]
                      </td>
                      <td>{p.mcnemar ? `b ${p.mcnemar.b}, c ${p.mcnemar.c}, p = ${p.mcnemar.p.toPrecision(3)}` : '—'}</td>
                    </tr>,
                  ];
                }),
              )}
            </tbody>
          </table>
        </div>
      )}
      {table.rows.some((r) => r.ssl || r.threshold) && (
        <div className="grid-block" data-testid="grid-ssl">
          <h4>Decision threshold and what the semi-supervised terms did</h4>
          <table className="grid-table">
            <thead>
              <tr>
                <th>variant</th>
                <th>budget</th>
                <th>steps</th>
                <th>threshold (validation)</th>
                <th>FixMatch active steps</th>
                <th>confident share</th>
                <th>pseudo-label accuracy</th>
                <th>KL share of loss</th>
              </tr>
            </thead>
            <tbody>
              {table.rows.map((r) => (
                <tr key={`${r.variant}|${budgetKey(r.budget)}`}>
                  <td>{r.variant}</td>
                  <td>
                    {r.budget.seg}/{r.budget.cls}
                  </td>
                  <td>{[...new Set(r.steps)].join('/')}</td>
                  <td>{r.threshold ? r.threshold.mean.toFixed(3) : '—'}</td>
                  <td>
                    {r.ssl ? pct(r.ssl.activeStepShare.mean) : '—'}
                    {r.ssl?.lowActivity && <span className="grid-warning" data-testid="ssl-low"> ⚠ active on under 20% of steps: its numbers barely reflect the SSL terms</span>}
                  </td>
                  <td>{r.ssl ? pct(r.ssl.meanConfidentShare.mean) : '—'}</td>
                  <td>{r.ssl ? pct(r.ssl.pseudoLabelAccuracy.mean) : '—'}</td>
                  <td>{r.ssl && Number.isFinite(r.ssl.klLossShare.mean) ? r.ssl.klLossShare.mean.toExponential(1) : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {table.rows.some((r) => r.warnings.length > 0) && (
        <ul className="small grid-warning" data-testid="grid-warnings">
          {table.rows.flatMap((r) => r.warnings.map((w) => <li key={`${r.variant}|${budgetKey(r.budget)}|${w}`}>{`${r.variant} ${r.budget.seg}/${r.budget.cls}: ${w}`}</li>))}
        </ul>
      )}
    </div>
  );
}
