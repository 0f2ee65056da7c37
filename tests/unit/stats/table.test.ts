// Grid enumeration, sharding and the results table built from run records (issue 10, items 5 and 9).
import { describe, expect, it } from 'vitest';
import { gridCells, gridProblems, parseShard, shardCells } from '../../../src/core/research/grid';
import { buildResultsTable, type RunRecord } from '../../../src/core/research/table';
import { tableToCsv, tableToJson, tableToLatex, tableToMarkdown } from '../../../src/core/research/table-format';

describe('grid cells and shards', () => {
  const cells = gridCells({ variants: ['unet', 'multimix'], seeds: [1, 2, 3], budgets: [{ seg: 10, cls: 100 }] });

  it('enumerates budgets × seeds × variants in a fixed order with one folder per run', () => {
    expect(cells.map((c) => c.id)).toEqual([
      'unet/seg10-cls100/seed1', 'multimix/seg10-cls100/seed1', 'unet/seg10-cls100/seed2',
      'multimix/seg10-cls100/seed2', 'unet/seg10-cls100/seed3', 'multimix/seg10-cls100/seed3',
    ]);
  });

  it('shards take every n-th cell; together they cover the grid exactly once', () => {
    const parts = [0, 1, 2, 3].map((index) => shardCells(cells, { index, count: 4 }));
    expect(parts.map((p) => p.length)).toEqual([2, 2, 1, 1]);
    expect(parts.flat().map((c) => c.id).sort()).toEqual(cells.map((c) => c.id).sort());
  });

  it('reads k from the scheduler when omitted and rejects bad shards', () => {
    expect(parseShard('1/4', {})).toEqual({ index: 1, count: 4 });
    expect(parseShard('4', { SLURM_ARRAY_TASK_ID: '3' })).toEqual({ index: 3, count: 4 });
    expect(parseShard('/2', { JOB_COMPLETION_INDEX: '0' })).toEqual({ index: 0, count: 2 });
    expect(() => parseShard('4', {})).toThrow(/neither SLURM_ARRAY_TASK_ID nor JOB_COMPLETION_INDEX/);
    expect(() => parseShard('2/2', {})).toThrow(/out of range/);
    expect(() => parseShard('a/b', {})).toThrow(/k\/n/);
  });

  it('requires a fixed step count (equal effort) and known variants', () => {
    expect(gridProblems({ variants: ['unet'], seeds: [1], steps: 200 })).toEqual([]);
    expect(gridProblems({ variants: ['unet'], seeds: [1], stepsPerEpoch: 25 })).toEqual([]);
    const p = gridProblems({ variants: ['unet', 'x'], seeds: [], baseline: 'enc' });
    expect(p.join('\n')).toMatch(/variant "x"[\s\S]*seeds must be[\s\S]*baseline "enc"[\s\S]*same number of optimisation steps/);
  });
});

const budget = { seg: 10, cls: 100 };
function runRecord(variant: string, seed: number, dice: number[], probs: number[], extra: Record<string, unknown> = {}): RunRecord {
  const labels = [0, 1, 0, 1, 1, 0];
  const yhat = probs.map((p) => (p > 0.5 ? 1 : 0));
  const acc = yhat.filter((y, i) => y === labels[i]).length / labels.length;
  return {
    variant, seed, budget,
    metrics: {
      steps: 200,
      cls: { acc, f1Normal: 0.5, f1Abnormal: 0.5, auc: extra.auc ?? 0.8, n: 6 },
      seg: { dice: dice.reduce((s, v) => s + v, 0) / dice.length, jaccard: 0.7, ssim: 0.6, hd: 10, precision: 0.9, recall: 0.9, n: dice.length },
      threshold: { threshold: 0.5, source: 'youden' },
      ...(extra.ssl ? { ssl: extra.ssl } : {}),
    },
    perImage: {
      cls: { ids: labels.map((_, i) => `c${i}`), labels, probs, threshold: 0.5 },
      seg: { ids: dice.map((_, i) => `s${i}`), dice, areaPred: dice.map(() => 30), areaTrue: dice.map(() => 28) },
    },
  };
}

describe('results table', () => {
  const base1 = runRecord('umtl', 1, [0.8, 0.7, 0.9, 0.6], [0.2, 0.9, 0.6, 0.4, 0.8, 0.1]);
  const base2 = runRecord('umtl', 2, [0.7, 0.7, 0.8, 0.6], [0.3, 0.7, 0.2, 0.6, 0.9, 0.4], { auc: NaN });
  // multimix: seed 1 only, Dice exactly 0.1 above the baseline on every image; right where umtl was wrong on c2, c3.
  const mm = runRecord('multimix', 1, [0.9, 0.8, 1.0, 0.7], [0.2, 0.9, 0.4, 0.6, 0.8, 0.1], {
    ssl: { activeStepShare: 0.06, meanConfidentShare: 0.01, pseudoLabelAccuracy: 0.5, klLossShare: 1e-4 },
  });
  const table = buildResultsTable([base1, base2, mm], { baseline: 'umtl', resamples: 200 });

  it('mean ± sample std over seeds, NaN runs skipped and counted, one seed without std', () => {
    const [umtl, multimix] = table.rows;
    expect(umtl!.variant).toBe('umtl');
    const d = umtl!.blocks.seg!.metrics.dice!;
    expect(d.mean).toBeCloseTo((0.75 + 0.7) / 2, 12);
    expect(d.std).toBeCloseTo(Math.SQRT1_2 * 0.05, 12);
    const auc = umtl!.blocks.cls!.metrics.auc!;
    expect([auc.mean, auc.n, auc.skipped]).toEqual([0.8, 1, 1]);
    expect(multimix!.blocks.seg!.metrics.dice!.std).toBeNaN();
    expect(umtl!.blocks.cls!.metrics.acc!.ci!.method).toBe('wilson');
    expect(d.ci!.lo).toBeLessThanOrEqual(d.mean);
    expect(d.ci!.hi).toBeGreaterThanOrEqual(d.mean);
  });

  it('marks the best row per column by direction and flags small test sets and idle SSL', () => {
    expect(table.rows[1]!.blocks.seg!.metrics.dice!.best).toBe(true);
    expect(table.rows[0]!.blocks.seg!.metrics.dice!.best).toBeUndefined();
    // Equal HD95 in both rows: both best (lower is better, tie).
    expect(table.rows.every((r) => r.blocks.seg!.metrics.hd!.best)).toBe(true);
    expect(table.rows[0]!.warnings.join(' ')).toMatch(/cls: fewer than 30 test images/);
    expect(table.rows[1]!.ssl!.lowActivity).toBe(true);
    expect(table.rows[1]!.warnings.join(' ')).toMatch(/FixMatch active on 6% of steps/);
    expect(table.rows[0]!.lungArea).toMatchObject({ meanDiff: 2, n: 8 });
  });

  it('pairs against the baseline on the same seed and images: exact Dice shift, McNemar discordant counts', () => {
    const p = table.rows[1]!.paired!;
    expect(p.seg!.matched).toEqual([4]);
    expect(p.seg!.diff.estimate).toBeCloseTo(0.1, 12);
    expect(p.seg!.diff.lo).toBeCloseTo(0.1, 12);
    expect(p.seg!.diff.hi).toBeCloseTo(0.1, 12);
    // umtl seed 1 calls c2 (label 0, p .6) and c3 (label 1, p .4) wrong; multimix gets both right.
    expect(p.cls!.mcnemar).toMatchObject({ b: 2, c: 0, method: 'exact', p: 0.5 });
    expect(table.rows[0]!.paired).toBeUndefined();
  });

  it('is deterministic and exports CSV, Markdown and JSON', () => {
    expect(buildResultsTable([base1, base2, mm], { baseline: 'umtl', resamples: 200 })).toEqual(table);
    const csv = tableToCsv(table).trim().split('\n');
    expect(csv).toHaveLength(3);
    expect(csv[2]).toMatch(/^multimix,10,100,1,200,0\.5000,6,/);
    const md = tableToMarkdown(table);
    expect(md).toMatch(/\| multimix \| 10 \/ 100 \| 1 \| 200 \| 4 ⚠ \| \*\*0\.850 ± —\*\*/);
    expect(md).toMatch(/\| umtl \| 10 \/ 100 \| 2 \| 200 \| 6 ⚠ \|[^\n]*\*\*0\.800 ± —\*\* \[0\.\d+, 1\.000\] \(1 NaN\) \|\n/);
    expect(md).toMatch(/6% ⚠ < 20%/);
    expect(JSON.parse(tableToJson(table)).rows[1].blocks.seg.metrics.dice.std).toBeNull();
    const tex = tableToLatex(table);
    expect(tex).toMatch(/multimix & 10\/100 & [^\n]*\\textbf\{0\.850 \$\\pm\$ --\} \[0\.\d+, 0\.\d+\]\$\^\\dagger\$/);
    expect(tex.match(/\\begin\{tabular\}/g)).toHaveLength(2);
  });
});
