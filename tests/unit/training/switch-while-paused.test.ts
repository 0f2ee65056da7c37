// Issue 9: a backend switch while a run is paused must leave it paused. The worker hands the session over
// (RunSession.handOver: checkpoint and stop without showing "stopped") and reopens the run in a new session
// that is paused before it starts (train.worker.ts `keepPaused`); this walks that sequence in Node on wasm.
import 'fake-indexeddb/auto';
import { afterEach, beforeAll, beforeEach, expect, it } from 'vitest';
import { useNodeBackend } from '../../../src/cli/node-backend';
import { deleteDatabase, getRun, openDatabase, type WorkbenchDatabase } from '../../../src/platform/storage';
import { defaultWorkbenchConfig, type WorkbenchRunConfig } from '../../../src/core/workbench-config';
import { RunSession, type SessionHost } from '../../../src/platform/training/run-session';
import { dropCachedModel } from '../../../src/platform/training/model-source';
import type { TrainEvent } from '../../../src/platform/workers/train.protocol';
import { storeDataset } from './stored-datasets';

let db: WorkbenchDatabase;
let dbName = '';
let datasetId = '';
beforeAll(async () => {
  await useNodeBackend('wasm');
});
beforeEach(async () => {
  dbName = `switch-${Math.random()}`;
  db = await openDatabase(dbName);
  const split = (i: number) => (i % 8 === 0 ? 'val' : i % 8 === 1 ? 'test' : 'train') as 'train' | 'val' | 'test';
  datasetId = (await storeDataset(db, { name: 'd', count: 24, labels: true, masks: true, split })).id;
});
afterEach(async () => {
  dropCachedModel();
  db.close();
  await deleteDatabase(dbName);
});

function tiny(): WorkbenchRunConfig {
  const c = defaultWorkbenchConfig([{ datasetId, role: 'train' }], 'wasm');
  return { ...c, budgets: { seg: 4, cls: 6 }, checkpointEverySteps: 2, run: { ...c.run, batchSize: 1, epochs: 2, stepsPerEpoch: 3 } };
}

const statuses = (events: TrainEvent[]) => events.filter((e) => e.type === 'status').map((e) => (e as { status: string }).status);
const steps = (events: TrainEvent[]) => events.flatMap((e) => (e.type === 'progress' ? e.points.map((p) => p.step) : []));

it('a run paused, handed over for a backend switch and reopened stays paused until Continue', async () => {
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
  const afterPause = statuses(first).slice(statuses(first).indexOf('paused'));
  expect(afterPause.every((s) => s === 'paused')).toBe(true); // never "stopped" or "running" after the pause
  expect(await getRun(db, 'r')).toMatchObject({ status: 'paused' });
  const stoppedAt = steps(first).at(-1)! + 1;

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
  expect(steps(second)).toEqual([]);
  expect(statuses(second).every((s) => s === 'paused')).toBe(true);
  expect(await getRun(db, 'r')).toMatchObject({ status: 'paused' });
  s2.continue();
  await done;
  expect(steps(second)[0]).toBe(stoppedAt);
  expect(statuses(second).slice(-2)).toEqual(['running', 'finished']);
});
