// A run session in Node (tfjs wasm, fake-indexeddb): the events the page gets, what IndexedDB keeps, a stop +
// resume that continues exactly where the uninterrupted run would be, a NaN loss that fails the run clearly,
// predictions/evaluation/model export from the stored checkpoint, and (issue 9) a backend switch while paused
// that leaves the run paused: the worker hands the session over (RunSession.handOver) and reopens it in a new
// session paused before its first step (train.worker.ts `keepPaused`); and (issue 10) a finished grid cell's
// test results as the worker computes them (platform/training/cell-results.ts).
import 'fake-indexeddb/auto';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { useNodeBackend } from '../../../src/cli/node-backend';
import { deleteDatabase, getDataset, getPixels, getRun, latestCheckpoint, listImages, openDatabase, putRun, saveAssignments, updateRun, type WorkbenchDatabase } from '../../../src/platform/storage';
import { loadRunData } from '../../../src/platform/training/load-run-data';
import { RUN_LOCK_PREFIX } from '../../../src/platform/training/run-lock';
import { defaultWorkbenchConfig } from '../../../src/core/workbench-config';
import { RunSession, type SessionHost } from '../../../src/platform/training/run-session';
import { evaluateRoles, exportArtifacts, importArtifacts, predictImages, predictPixels, saveRunModel } from '../../../src/platform/training/inference';
import { datasetContentHash } from '../../../src/core/provenance';
import { dropCachedModel } from '../../../src/platform/training/model-source';
import { cellResults } from '../../../src/platform/training/cell-results';
import { buildResultsTable, type PerImageCls, type PerImageSeg } from '../../../src/core/research/table';
import type { StepPoint, TrainEvent } from '../../../src/platform/workers/train.protocol';
import type { WorkbenchRunConfig } from '../../../src/core/workbench-config';
import { storeDataset } from './stored-datasets';

let db: WorkbenchDatabase;
let dbName = '';
let datasetId = '';
beforeAll(async () => {
  await useNodeBackend('wasm');
});
beforeEach(async () => {
  dbName = `session-${Math.random()}`;
  db = await openDatabase(dbName);
  const split = (i: number) => (i % 8 === 0 ? 'val' : i % 8 === 1 ? 'test' : 'train') as 'train' | 'val' | 'test';
  datasetId = (await storeDataset(db, { name: 'd', count: 24, labels: true, masks: true, split })).id;
});
afterEach(async () => {
  dropCachedModel();
  db.close();
  await deleteDatabase(dbName);
});

function host(events: TrainEvent[]): SessionHost {
  return { db, post: (e) => events.push(e), activeBackend: () => 'wasm', deviceLost: () => null, confirmDeviceLost: async () => null };
}

function tiny(lr = 1e-3): WorkbenchRunConfig {
  const c = defaultWorkbenchConfig([{ datasetId, role: 'train' }], 'wasm');
  return {
    ...c,
    budgets: { seg: 4, cls: 6 },
    checkpointEverySteps: 2,
    run: { ...c.run, batchSize: 1, epochs: 2, stepsPerEpoch: 3, optim: { ...c.run.optim, learningRate: lr } },
  };
}

const statusesOf = (events: TrainEvent[]) => events.filter((e) => e.type === 'status').map((e) => (e as { status: string }).status);
const stepNumbers = (events: TrainEvent[]) => events.flatMap((e) => (e.type === 'progress' ? e.points.map((p) => p.step) : []));

const stepsOf = (events: TrainEvent[]) =>
  events.flatMap((e) => (e.type === 'progress' ? e.points : [])).map((p: StepPoint) => [p.step, p.terms.total] as const);

describe('RunSession', () => {
  it('trains, reports, checkpoints and finishes; a stopped run resumes exactly where it would have been', async () => {
    const full: TrainEvent[] = [];
    await new RunSession('full', host(full)).execute({ start: { name: 'full', config: tiny() } });
    expect(full.filter((e) => e.type === 'status').map((e) => (e as { status: string }).status)).toEqual(['loading', 'running', 'finished']);
    expect(full.find((e) => e.type === 'data')).toMatchObject({ summary: { labeledSeg: 4, labeledCls: 6, totalSteps: 6, stepsPerEpoch: 3 } });
    expect(stepsOf(full).map(([s]) => s)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(full.filter((e) => e.type === 'epoch').map((e) => (e as { epoch: number }).epoch)).toEqual([0, 1]);
    expect(full.filter((e) => e.type === 'checkpoint').map((e) => (e as { step: number }).step)).toEqual([2, 3, 4, 6]);
    const run = await getRun(db, 'full');
    expect(run).toMatchObject({ status: 'finished', step: 6, totalSteps: 6, backend: 'wasm' });
    expect(run!.curves['loss/total']!.map((p) => p.step)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(run!.curves['val/score']!.length).toBe(2);
    expect((await latestCheckpoint(db, 'full'))!.step).toBe(6);

    // The same config, stopped after its first checkpoint and resumed in a new session.
    const first: TrainEvent[] = [];
    const s1 = new RunSession('split', { ...host(first), post: (e) => {
      first.push(e);
      if (e.type === 'checkpoint' && e.step === 2) s1.stop();
    } });
    await s1.execute({ start: { name: 'split', config: tiny() } });
    expect(first.filter((e) => e.type === 'status').at(-1)).toMatchObject({ status: 'stopped' });
    // As a run of an older build would be stored: no provenance, steps trained (issue 9).
    expect((await getRun(db, 'split'))!.provenance?.incomplete).toBeUndefined();
    await updateRun(db, 'split', { provenance: undefined });
    const second: TrainEvent[] = [];
    await new RunSession('split', host(second)).execute({ resume: true });
    expect((await getRun(db, 'split'))!.provenance).toMatchObject({ incomplete: true, synthetic: false, datasets: [{ id: datasetId, role: 'train' }] });
    // The stop came after the step-2 checkpoint; the stop's own checkpoint is where the second session starts.
    const stoppedAt = stepsOf(first).length;
    expect(stepsOf(second)[0]![0]).toBe(stoppedAt);
    const resumed = [...stepsOf(first), ...stepsOf(second)];
    expect(resumed.map(([s]) => s)).toEqual([0, 1, 2, 3, 4, 5]);
    // Batches, augmentations and dropout depend on (seed, step) only, and Adam state (moments, step count and
    // its bias-correction powers) is restored exactly: the same losses bit for bit at every step (issue 12).
    const reference = stepsOf(full).map(([, v]) => v);
    expect(resumed.map(([, v]) => v)).toEqual(reference);
    expect((await getRun(db, 'split'))!.curves['loss/total']!.map((p) => p.step)).toEqual([0, 1, 2, 3, 4, 5]);
  }, 120_000);

  it('records the image keys of every set and resumes on exactly those after the dataset’s splits were edited (issue 10)', async () => {
    const full: TrainEvent[] = [];
    await new RunSession('full', host(full)).execute({ start: { name: 'full', config: tiny() } });
    const keys = (await getRun(db, 'full'))!.dataKeys!;
    expect(keys.labeledSeg).toHaveLength(4);
    expect(keys.labeledCls).toHaveLength(6);
    expect(keys.valSeg.length).toBeGreaterThan(0);
    expect(keys.testCls.length).toBeGreaterThan(0);

    const first: TrainEvent[] = [];
    const s1 = new RunSession('edited', { ...host(first), post: (e) => {
      first.push(e);
      if (e.type === 'checkpoint' && e.step === 2) s1.stop();
    } });
    await s1.execute({ start: { name: 'edited', config: tiny() } });
    expect((await getRun(db, 'edited'))!.dataKeys).toEqual(keys);
    // The Data panel re-assigns the splits: every image becomes train, so a fresh assembly would carve others.
    const images = await listImages(db, datasetId);
    await saveAssignments(db, datasetId, images.map((im) => ({ ...im, split: 'train' as const })), (await getDataset(db, datasetId))!.assignment);
    expect((await loadRunData(db, tiny())).keys).not.toEqual(keys);
    const second: TrainEvent[] = [];
    await new RunSession('edited', host(second)).execute({ resume: true });
    const summary = (events: TrainEvent[]) => (events.find((e) => e.type === 'data') as { summary: unknown }).summary;
    expect(summary(second)).toEqual(summary(full));
    expect([...stepsOf(first), ...stepsOf(second)]).toEqual(stepsOf(full));
  }, 120_000);

  it('a Resume while another tab holds the run’s Web Lock is refused and leaves the run as it is (issue 12)', async () => {
    const held = new Set([RUN_LOCK_PREFIX + 'elsewhere']);
    vi.stubGlobal('navigator', {
      locks: {
        async request(name: string, _opts: unknown, cb: (lock: object | null) => Promise<unknown>) {
          return cb(held.has(name) ? null : { name });
        },
        async query() {
          return { held: [...held].map((name) => ({ name })) };
        },
      },
    });
    try {
      const c = tiny();
      await putRun(db, {
        id: 'elsewhere', name: 'live elsewhere', created: 1, updated: 1, status: 'running', config: c.run,
        datasetIds: [datasetId], curves: {}, workbench: c, step: 3,
      });
      const events: TrainEvent[] = [];
      await new RunSession('elsewhere', host(events)).execute({ resume: true });
      expect(events).toEqual([expect.objectContaining({ type: 'error', runId: 'elsewhere', code: 'busy', message: expect.stringMatching(/being trained in another tab/) })]);
      expect(await getRun(db, 'elsewhere')).toMatchObject({ status: 'running', step: 3 });
      expect((await getRun(db, 'elsewhere'))!.error).toBeUndefined();
    } finally {
      vi.unstubAllGlobals();
    }
  });

  it('a NaN loss fails the run with a clear message', async () => {
    const c = tiny();
    // A Dice weight of 1e38 overflows the total loss to Infinity on the first step.
    const bad = { ...c, run: { ...c.run, loss: { ...c.run.loss, alpha: 1e38 } } };
    const ev2: TrainEvent[] = [];
    await new RunSession('nan2', host(ev2)).execute({ start: { name: 'nan2', config: bad } });
    const err = ev2.find((e) => e.type === 'error');
    expect(err).toMatchObject({ code: 'nan-loss', runId: 'nan2' });
    expect((err as { message: string }).message).toMatch(/^Training stopped: loss became (NaN|Infinity)/);
    expect(await getRun(db, 'nan2')).toMatchObject({ status: 'failed' });
  }, 120_000);

  it('answers predictions, evaluation and export from the stored checkpoint', async () => {
    await new RunSession('p', host([])).execute({ start: { name: 'p', config: tiny() } });
    const keys = ['d-002', 'd-003'];
    const pred = await predictImages(db, { runId: 'p' }, datasetId, keys, { samples: 2, noise: 0.1 });
    expect(pred.size).toBe(32);
    for (const it of pred.items) {
      expect(it.pneumoniaProb).toBeGreaterThanOrEqual(0);
      expect(it.mask!.length).toBe(32 * 32);
      expect(it.saliency!.length).toBe(32 * 32);
      expect(Math.max(...it.saliency!)).toBeGreaterThan(0);
      expect(it.dice).toBeGreaterThanOrEqual(0);
    }
    const [test] = await evaluateRoles(db, { runId: 'p' }, ['test']);
    expect(test!.result.cls!.n).toBe(3);
    expect(test!.result.seg!.n).toBe(3);
    // Provenance (issue 9): the run, its checkpoint, the exported artifacts, a saved and an imported model all
    // name the dataset it trained on, with the content hash of its images.
    const images = await listImages(db, datasetId);
    const expected = {
      format: 'multimix-provenance/1', synthetic: false,
      datasets: [{ id: datasetId, name: 'd', role: 'train', synthetic: false, images: 24, contentHash: datasetContentHash(images.map((im) => im.contentHash)), domain: 'in-domain' }],
    };
    expect((await getRun(db, 'p'))!.provenance).toEqual(expected);
    expect((await latestCheckpoint(db, 'p'))!.provenance).toEqual(expected);
    const { artifacts } = await exportArtifacts(db, { runId: 'p', which: 'latest' });
    expect(artifacts.provenance).toEqual(expected);
    const saved = await importArtifacts(db, 'again', artifacts);
    expect(saved.provenance).toEqual(expected);
    expect((await saveRunModel(db, 'p', 'kept', 'best')).provenance).toEqual(expected);
    const { provenance: _dropped, ...foreign } = artifacts;
    expect((await importArtifacts(db, 'foreign', foreign)).provenance).toBeUndefined();
    const again = await predictImages(db, { modelId: saved.id }, datasetId, keys);
    const latest = await predictImages(db, { runId: 'p', which: 'latest' }, datasetId, keys);
    expect(again.items.map((i) => i.pneumoniaProb)).toEqual(latest.items.map((i) => i.pneumoniaProb));
    await expect(predictImages(db, { runId: 'nope' }, datasetId, keys)).rejects.toThrow(/Run nope no longer exists/);
  }, 120_000);

  it('fine-tunes: a run started from a saved model begins with its weights; another architecture is refused (issue 9)', async () => {
    await new RunSession('base', host([])).execute({ start: { name: 'base', config: tiny() } });
    const saved = await saveRunModel(db, 'base', 'base model', 'latest');
    const keys = ['d-002', 'd-003'];
    const probs = async (source: Parameters<typeof predictImages>[1]) => (await predictImages(db, source, datasetId, keys)).items.map((i) => i.pneumoniaProb as number);
    const reference = await probs({ modelId: saved.id });
    // Pixels the page holds (the example X-rays' path) give the same outputs as the stored images.
    const held = (await getPixels(db, datasetId, keys)).map((p) => ({ key: p.key, pixels: p.pixels, ...(p.mask ? { mask: p.mask } : {}) }));
    const viaPixels = await predictPixels(db, { modelId: saved.id }, held, 64);
    expect(viaPixels.items.map((i) => i.pneumoniaProb)).toEqual(reference);
    await expect(predictPixels(db, { modelId: saved.id }, [{ key: "x", pixels: new Uint8Array(10) }], 64)).rejects.toThrow(/not 64×64/);
    // One step at a vanishing learning rate: the fine-tuned weights are the saved ones (Adam moves each by ~lr).
    const still = { ...tiny(1e-9), run: { ...tiny(1e-9).run, epochs: 1, stepsPerEpoch: 1 } };
    await new RunSession('ft', host([])).execute({ start: { name: 'ft', config: still, initFrom: { modelId: saved.id } } });
    expect((await getRun(db, 'ft'))!.initFrom).toEqual({ modelId: saved.id });
    const tuned = await probs({ runId: 'ft', which: 'latest' });
    tuned.forEach((p, i) => expect(Math.abs(p - (reference[i] as number))).toBeLessThan(1e-4));
    // The same run from fresh weights predicts something else.
    await new RunSession('fresh', host([])).execute({ start: { name: 'fresh', config: still } });
    const fresh = await probs({ runId: 'fresh', which: 'latest' });
    expect(Math.max(...fresh.map((p, i) => Math.abs(p - (reference[i] as number))))).toBeGreaterThan(1e-3);

    const wider = { ...still, run: { ...still.run, model: { ...still.run.model, widthMultiplier: 0.5 } } };
    const events: TrainEvent[] = [];
    await new RunSession('bad', host(events)).execute({ start: { name: 'bad', config: wider, initFrom: { modelId: saved.id } } });
    expect(events.find((e) => e.type === 'error')).toMatchObject({ code: 'config', message: expect.stringMatching(/Cannot fine-tune base model: .*width ×0\.25 .*width ×0\.5/) });
  }, 120_000);

  it('a run paused, handed over for a backend switch and reopened stays paused until Continue (issue 9)', async () => {
    const first: TrainEvent[] = [];
    let pausedOnce = false;
    const host1: SessionHost = {
      db, activeBackend: () => 'wasm', deviceLost: () => null, confirmDeviceLost: async () => null,
      post: (e) => {
        first.push(e);
        if (e.type === 'checkpoint' && e.step === 2 && !pausedOnce) {
          pausedOnce = true;
          s1.pause();
        }
        // The pause checkpoint was saved: now the user switches the backend.
        if (e.type === 'status' && e.status === 'paused' && !first.some((x) => x.type === 'status' && x.status === 'paused' && x !== e)) s1.handOver();
      },
    };
    const s1 = new RunSession('r', host1);
    await s1.execute({ start: { name: 'r', config: tiny() } });
    expect(s1.paused).toBe(true);
    const afterPause = statusesOf(first).slice(statusesOf(first).indexOf('paused'));
    expect(afterPause.every((s) => s === 'paused')).toBe(true); // never "stopped" or "running" after the pause
    expect(await getRun(db, 'r')).toMatchObject({ status: 'paused' });
    const stoppedAt = stepNumbers(first).at(-1)! + 1;

    // The new session (on the new backend) is paused before it starts, as the worker does.
    const second: TrainEvent[] = [];
    let s2Paused: () => void = () => {};
    const reachedPause = new Promise<void>((r) => (s2Paused = r));
    const s2 = new RunSession('r', {
      db, activeBackend: () => 'wasm', deviceLost: () => null, confirmDeviceLost: async () => null,
      post: (e) => {
        second.push(e);
        if (e.type === 'checkpoint') s2Paused();
      },
    });
    s2.pause();
    const done = s2.execute({ resume: true });
    await reachedPause;
    await new Promise((r) => setTimeout(r, 200)); // would a step run while paused? (it must not)
    expect(stepNumbers(second)).toEqual([]);
    expect(statusesOf(second).every((s) => s === 'paused')).toBe(true);
    expect(await getRun(db, 'r')).toMatchObject({ status: 'paused' });
    s2.continue();
    await done;
    expect(stepNumbers(second)[0]).toBe(stoppedAt);
    expect(statusesOf(second).slice(-2)).toEqual(['running', 'finished']);
  });

  it('computes a finished grid cell\'s results like `npm run experiment` and they feed the results table (issue 10)', async () => {
    // Labels alternate with i: validation (i mod 8 = 0 or 3) holds both classes, so Youden's J can choose.
    const split = (i: number) => (i % 8 === 0 || i % 8 === 3 ? 'val' : i % 8 === 1 || i % 8 === 2 ? 'test' : 'train') as 'train' | 'val' | 'test';
    const gridData = (await storeDataset(db, { name: 'grid', count: 32, labels: true, masks: true, split })).id;
    const cell = (variant: 'unet' | 'multimix'): WorkbenchRunConfig => {
      const c = defaultWorkbenchConfig([{ datasetId: gridData, role: 'train' }], 'wasm');
      return { ...c, budgets: { seg: 4, cls: 6 }, checkpointEverySteps: 0, run: { ...c.run, model: { ...c.run.model, variant }, batchSize: 1, epochs: 1, stepsPerEpoch: 3 } };
    };
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
