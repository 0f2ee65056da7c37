// The app's grid plan (issue 10, items 2 and 4): cells in grid order with equal effort, the queue rules, the
// FLOP-scaled ETA, and the finished cells as the results table's RunRecords.
import { describe, expect, it } from 'vitest';
import { DEFAULT_RUN_CONFIG, withDefaults } from '../../../src/core/config';
import { defaultWorkbenchConfig } from '../../../src/core/workbench-config';
import {
  cellConfig, estimateCellMs, estimateRemainingMs, finishedRunRecords, gridDone, gridSpecProblems, moveCell, nextCell, parseBudgets, queueCells,
  type GridSpec, type QueuedCell,
} from '../../../src/core/research/grid-plan';
import { stepFlops, measureStepConfig } from '../../../src/core/train/step-flops';
import { buildResultsTable } from '../../../src/core/research/table';

function spec(over: Partial<GridSpec> = {}): GridSpec {
  const base = defaultWorkbenchConfig([{ datasetId: 'lungs', role: 'train' }, { datasetId: 'nih', role: 'cross-domain' }]);
  return {
    variants: ['unet', 'multimix'], budgets: [{ seg: 10, cls: 100 }], seeds: [42, 43], baseline: 'unet',
    base: { ...base, run: { ...base.run, epochs: 3, stepsPerEpoch: 4 } },
    ...over,
  };
}

describe('grid plan', () => {
  it('queues every cell in grid order and gives each the same steps and schedule, its own variant, seed and budget', () => {
    const s = spec();
    const cells = queueCells(s);
    expect(cells.map((c) => c.id)).toEqual(['unet/seg10-cls100/seed42', 'multimix/seg10-cls100/seed42', 'unet/seg10-cls100/seed43', 'multimix/seg10-cls100/seed43']);
    expect(cells.every((c) => c.status === 'queued')).toBe(true);
    const configs = cells.map((c) => cellConfig(s, c));
    expect(configs.map((c) => [c.run.model.variant, c.run.seed, c.budgets])).toEqual([
      ['unet', 42, { seg: 10, cls: 100 }], ['multimix', 42, { seg: 10, cls: 100 }], ['unet', 43, { seg: 10, cls: 100 }], ['multimix', 43, { seg: 10, cls: 100 }],
    ]);
    for (const c of configs) expect([c.run.epochs, c.run.stepsPerEpoch, c.run.optim, c.datasets]).toEqual([3, 4, s.base.run.optim, s.base.datasets]);
  });

  it('refuses a grid without a fixed step count, with too many seeds or no train dataset', () => {
    expect(gridSpecProblems(spec())).toEqual([]);
    const noSteps = spec();
    noSteps.base.run.stepsPerEpoch = 0;
    expect(gridSpecProblems(noSteps).join()).toMatch(/same number of optimisation steps/);
    expect(gridSpecProblems(spec({ seeds: [1, 2, 3, 4, 5, 6] })).join()).toMatch(/at most 5 seeds/);
    const noTrain = spec();
    noTrain.base.datasets = [{ datasetId: 'nih', role: 'cross-domain' }];
    expect(gridSpecProblems(noTrain).join()).toMatch(/role "train"/);
  });

  it('trains the running cell first, then the first queued one; held cells wait; moves only waiting cells', () => {
    const cells = queueCells(spec());
    cells[0]!.status = 'finished';
    cells[1]!.status = 'held';
    expect(nextCell(cells)?.id).toBe(cells[2]!.id);
    cells[3]!.status = 'running';
    expect(nextCell(cells)?.id).toBe(cells[3]!.id);
    // Waiting cells are [1] (held) and [2] (queued): moving [2] up swaps them; finished/running cells stay.
    const moved = moveCell(cells, cells[2]!.id, -1);
    expect(moved.map((c) => c.id)).toEqual([cells[0]!.id, cells[2]!.id, cells[1]!.id, cells[3]!.id]);
    expect(moveCell(cells, cells[1]!.id, -1).map((c) => c.id)).toEqual(cells.map((c) => c.id));
    expect(gridDone(cells)).toBe(false);
    expect(gridDone(cells.map((c): QueuedCell => ({ ...c, status: c.status === 'held' ? 'cancelled' : 'finished' })))).toBe(true);
  });

  it('scales the measured step by FLOPs: the measured setting itself costs steps × its time', () => {
    const m = measureStepConfig();
    expect(m.model).toMatchObject({ variant: 'multimix', inputSize: 32, widthMultiplier: 0.25 });
    const s = spec();
    s.base.run = { ...s.base.run, model: { ...m.model }, batchSize: 1 };
    const measured = { msPerStep: 200, config: m };
    expect(estimateCellMs(s, { variant: 'multimix', seed: 1, budget: { seg: 1, cls: 1 } }, measured)).toBeCloseTo(12 * 200, 6);
    // unet does less work per step than multimix at the same size.
    expect(estimateCellMs(s, { variant: 'unet', seed: 1, budget: { seg: 1, cls: 1 } }, measured)).toBeLessThan(12 * 200);
    // Twice the image side: ≈ 4× the FLOPs.
    const big = withDefaults({ ...m, model: { ...m.model, inputSize: 64 } });
    expect(stepFlops(big) / stepFlops(m)).toBeCloseTo(4, 1);
    const cells = queueCells(s);
    cells[0]!.status = 'finished';
    cells[1]!.status = 'running';
    const left = estimateRemainingMs(s, cells, measured, 6);
    const per = cells.map((c) => estimateCellMs(s, c, measured));
    expect(left).toBeCloseTo(per[1]! / 2 + per[2]! + per[3]!, 6);
  });

  it('parses label budgets and names a bad entry', () => {
    expect(parseBudgets('10/100, all/all')).toEqual([{ seg: 10, cls: 100 }, { seg: 'all', cls: 'all' }]);
    expect(() => parseBudgets('10')).toThrow(/"10" must be masks\/class labels/);
    expect(() => parseBudgets('10/x')).toThrow(/"x" is not a whole number/);
    expect(() => parseBudgets('1/2,1/2')).toThrow(/twice/);
  });

  it('hands the finished cells with results to the results table as RunRecords', () => {
    const cells = queueCells(spec());
    const result = (dice: number) => ({
      metrics: { steps: 12, seg: { n: 3, dice, jaccard: dice / 2 } },
      perImage: { seg: { ids: ['a', 'b', 'c'], dice: [dice, dice, dice] } },
    });
    cells[0] = { ...cells[0]!, status: 'finished', result: result(0.8) };
    cells[1] = { ...cells[1]!, status: 'finished', result: result(0.9) };
    cells[2] = { ...cells[2]!, status: 'failed', error: 'x' };
    const runs = finishedRunRecords(cells);
    expect(runs.map((r) => [r.variant, r.seed])).toEqual([['unet', 42], ['multimix', 42]]);
    const table = buildResultsTable(runs, { baseline: 'unet', resamples: 50 });
    expect(table.rows.map((r) => [r.variant, r.blocks.seg?.metrics.dice?.mean, r.steps])).toEqual([['unet', 0.8, [12]], ['multimix', 0.9, [12]]]);
    expect(table.rows[1]!.paired?.seg?.diff.estimate).toBeCloseTo(0.1, 9);
    expect(DEFAULT_RUN_CONFIG.stepsPerEpoch).toBe(0); // the app's default is "one pass": a grid must fix it
  });
});
