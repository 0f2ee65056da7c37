// A finished grid cell's results as the training worker computes them (issue 10, item 5): the run's best
// weights on its own test set, threshold chosen on validation, per-image values in the CLI's per-image.json
// shape, SSL diagnostics read back from the stored per-step curves, and a record the results table reads.
import 'fake-indexeddb/auto';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { useNodeBackend } from '../../../src/cli/node-backend';
import { deleteDatabase, getRun, openDatabase, type WorkbenchDatabase } from '../../../src/platform/storage';
import { defaultWorkbenchConfig, type WorkbenchRunConfig } from '../../../src/core/workbench-config';
import { RunSession, type SessionHost } from '../../../src/platform/training/run-session';
import { cellResults } from '../../../src/platform/training/cell-results';
import { dropCachedModel } from '../../../src/platform/training/model-source';
import { buildResultsTable, type PerImageCls, type PerImageSeg } from '../../../src/core/research/table';
import type { TrainEvent } from '../../../src/platform/workers/train.protocol';
import { storeDataset } from './stored-datasets';

let db: WorkbenchDatabase;
let dbName = '';
let datasetId = '';
beforeAll(async () => {
  await useNodeBackend('wasm');
});
beforeEach(async () => {
  dbName = `cell-${Math.random()}`;
  db = await openDatabase(dbName);
  // Labels alternate with i: validation (i mod 8 = 0 or 3) holds both classes, so Youden's J can choose.
  const split = (i: number) => (i % 8 === 0 || i % 8 === 3 ? 'val' : i % 8 === 1 || i % 8 === 2 ? 'test' : 'train') as 'train' | 'val' | 'test';
  datasetId = (await storeDataset(db, { name: 'd', count: 32, labels: true, masks: true, split })).id;
});
afterEach(async () => {
  dropCachedModel();
  db.close();
  await deleteDatabase(dbName);
});

const host = (events: TrainEvent[]): SessionHost => ({ db, post: (e) => events.push(e), activeBackend: () => 'wasm', deviceLost: () => null, confirmDeviceLost: async () => null });

function cell(variant: 'unet' | 'multimix'): WorkbenchRunConfig {
  const c = defaultWorkbenchConfig([{ datasetId, role: 'train' }], 'wasm');
  return { ...c, budgets: { seg: 4, cls: 6 }, checkpointEverySteps: 0, run: { ...c.run, model: { ...c.run.model, variant }, batchSize: 1, epochs: 1, stepsPerEpoch: 3 } };
}

describe('cellResults', () => {
  it('evaluates a finished run like `npm run experiment` and feeds the results table', async () => {
    for (const v of ['unet', 'multimix'] as const) await new RunSession(v, host([])).execute({ start: { name: v, config: cell(v) } });
    const mm = await cellResults(db, 'multimix');
    const un = await cellResults(db, 'unet');

    // 8 of 32 images are test images (splits given by the dataset): both heads, per image.
    expect(mm.metrics).toMatchObject({ steps: 3, cls: { n: 8 }, seg: { n: 8 }, config: { budgets: { seg: 4, cls: 6 } } });
    const cls = mm.perImage.cls as PerImageCls;
    expect(cls.ids).toHaveLength(8);
    expect(cls.probs.every((p) => p >= 0 && p <= 1)).toBe(true);
    // Threshold chosen on the 8 validation images (Youden's J) and used for the test decisions.
    const threshold = mm.metrics.threshold as { threshold: number; source: string };
    expect(threshold.source).not.toBe('default');
    expect(cls.threshold).toBe(threshold.threshold);
    expect((mm.perImage.seg as PerImageSeg).ids).toEqual((un.perImage.seg as PerImageSeg).ids);
    expect((mm.perImage.seg as PerImageSeg).dice).toHaveLength(8);
    // SSL diagnostics from the 3 stored steps: multimix has them, unet has no SSL term.
    expect(mm.metrics.ssl).toMatchObject({ fixmatchSteps: 3 });
    // The withheld-label check of the pseudo-labels is stored per step now (train/pseudoCorrect).
    expect((await getRun(db, 'multimix'))!.curves['train/pseudoCorrect']?.map((p) => p.step)).toEqual([0, 1, 2]);
    expect(un.metrics.ssl).toBeUndefined();
    expect(un.metrics.cls).toBeUndefined();
    expect(mm.metrics.warnings).toEqual(expect.arrayContaining([expect.stringMatching(/^seg: computed on 8 images/)]));

    const table = buildResultsTable(
      [{ variant: 'unet', seed: 42, budget: { seg: 4, cls: 6 }, ...un }, { variant: 'multimix', seed: 42, budget: { seg: 4, cls: 6 }, ...mm }],
      { baseline: 'unet', resamples: 50 },
    );
    expect(table.rows.map((r) => [r.variant, r.steps, r.blocks.seg?.n])).toEqual([['unet', [3], [8]], ['multimix', [3], [8]]]);
    expect(table.rows[1]!.paired?.seg?.matched).toEqual([8]);
  }, 120_000);
});
