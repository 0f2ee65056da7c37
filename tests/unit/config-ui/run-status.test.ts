// Honest run status (issue 9): every view derives state, step, ETA and the buttons from the same store state
// (src/app/store/run-status.ts). One case per lie the issue found.
import { describe, expect, it } from 'vitest';
import type { RunSummary } from '../../../src/platform/storage';
import type { LiveRun } from '../../../src/app/store/training-slice';
import { interruptedRun, liveRunOpen, liveRunView, storedRunView } from '../../../src/app/store/run-status';

const record = (id: string, status: RunSummary['status'], step: number, totalSteps = 100): RunSummary =>
  ({ id, name: id, status, step, totalSteps, created: 0, updated: 0 }) as unknown as RunSummary;

const liveRun = (patch: Partial<LiveRun>): LiveRun => ({
  runId: 'r1', name: 'r1', status: 'running', message: '', step: 30, totalSteps: 100, imagesPerSecond: 5, msPerStep: 2000,
  bestScore: null, lastCheckpointStep: 10, summary: null, error: null, ...patch,
});

const sources = (live: LiveRun | null, runs: RunSummary[], resumable: string[] = [], elsewhere: string[] = []) =>
  ({ live, runs, resumableRunIds: resumable, elsewhereRunIds: elsewhere });

describe('run status derivation', () => {
  it('the runs table shows this tab\'s live step and status, not the record written at the last checkpoint', () => {
    const s = sources(liveRun({}), [record('r1', 'stopped', 10)]);
    const row = storedRunView(s.runs[0]!, s);
    expect(row).toMatchObject({ state: 'running', label: 'running', step: 30, totalSteps: 100, canPause: true, canStop: true, canResume: false });
    expect(row.etaSeconds).toBeCloseTo(140);
  });

  it('a record left "running" by a closed tab is "interrupted", resumable, with no ETA', () => {
    const s = sources(null, [record('r1', 'running', 12)], ['r1']);
    const row = storedRunView(s.runs[0]!, s);
    expect(row).toMatchObject({ state: 'interrupted', label: 'interrupted (tab closed)', step: 12, etaSeconds: null, canResume: true, canStop: false });
    expect(interruptedRun(s)?.runId).toBe('r1');
  });

  it('no ETA once paused or stopped; Resume exactly when the run can be resumed', () => {
    const paused = liveRunView(sources(liveRun({ status: 'paused' }), []))!;
    expect(paused).toMatchObject({ etaSeconds: null, canContinue: true, canPause: false, canStop: true, canResume: false });
    const stopped = liveRunView(sources(liveRun({ status: 'stopped' }), [record('r1', 'stopped', 30)], ['r1']))!;
    expect(stopped).toMatchObject({ etaSeconds: null, canStop: false, canResume: true, step: 30 });
    // Not yet in the resumable list (e.g. before the runs were listed again): no Resume is offered.
    expect(liveRunView(sources(liveRun({ status: 'stopped' }), []))!.canResume).toBe(false);
    expect(liveRunView(sources(liveRun({ status: 'finished' }), [], []))!.canResume).toBe(false);
  });

  it('a run another tab trains is labelled so and offers nothing; no "Resume last run" while a run is open here', () => {
    const s = sources(liveRun({ runId: 'r2' }), [record('r1', 'running', 5), record('r2', 'running', 3)], ['r1'], ['r1']);
    expect(storedRunView(s.runs[0]!, s)).toMatchObject({ state: 'elsewhere', label: 'training in another tab', canResume: false, canStop: false });
    expect(interruptedRun(s)).toBeNull();
    expect(liveRunOpen(s.live)).toBe(true);
    expect(liveRunOpen(liveRun({ status: 'stopped' }))).toBe(false);
  });
});
