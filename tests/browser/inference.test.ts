// Issue 9, "inference beside training": while a run trains at 128 px (width 1, the default MultiMix, M = 2) on
// wasm, the viewer's prediction (class + mask + saliency) of an image not predicted before answers in < 2 s,
// measured in the page from the click on "next image" to the rendered result, on the run's latest checkpoint
// (the inference worker reloads it when the training worker wrote a newer one), and training keeps stepping
// meanwhile. Before, the prediction queued behind training steps in the one worker (26–30 s here).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inStore, openApp, openSection, type BrowserSession } from './harness';

let s: BrowserSession;

/** 128 px, width 1 (the default MultiMix), M = 2, one long epoch, a checkpoint every step. */
const TRAIN_128 = `
  useStore.getState().setConfig((c) => ({
    ...c,
    checkpointEverySteps: 1,
    run: { ...c.run, model: { ...c.run.model, variant: 'multimix', inputSize: 128, widthMultiplier: 1 }, batchSize: 2, epochs: 1, stepsPerEpoch: 200 },
  }));
`;

/**
 * Clicks "next image" (after its prefetch has finished and the cached predictions were forgotten, so the
 * answer is a new request to the worker) and resolves with the ms from the click until the prediction of the
 * new image is in the store and painted. A re-prediction after a checkpoint may still be running: that is
 * what a user meets too.
 */
const TIMED_NEXT = `
  const viewer = await import('/src/app/store/viewer-slice.ts');
  let st = useStore.getState();
  const expected = st.viewerImages[st.viewerIndex + 1].key;
  // Let the prefetch of that image finish first (it would answer the click at once), then forget it.
  await viewer.cachedPrediction(st.viewerSource, st.viewerDatasetId, expected, false)?.catch(() => undefined);
  viewer.clearPredictionCache();
  st = useStore.getState();
  const t0 = performance.now();
  const done = new Promise((resolve, reject) => {
    const check = (x) => {
      if (x.predictionError) { unsubscribe(); reject(new Error(x.predictionError)); }
      else if (x.prediction && x.prediction.item.key === expected && !x.predicting) {
        unsubscribe();
        requestAnimationFrame(() => requestAnimationFrame(() => resolve({ ms: performance.now() - t0, key: expected, weights: x.prediction.weights,
          hasMask: x.prediction.item.mask !== undefined, hasSaliency: x.prediction.item.saliency !== undefined,
          prob: x.prediction.item.pneumoniaProb, workerMs: x.prediction.ms })));
      }
    };
    const unsubscribe = useStore.subscribe(check);
  });
  document.querySelector('.viewer-panel button[aria-label="Next image"]').click();
  return await done;
`;

const liveState = `const l = useStore.getState().live; return l && { step: l.step, status: l.status, checkpoint: l.lastCheckpointStep, runId: l.runId };`;

describe('inference beside training (issue 9)', () => {
  beforeAll(async () => {
    s = await openApp({ onWasm: true });
  });
  afterAll(async () => {
    await s?.close();
  });

  it('a viewer prediction while a 128 px run trains on wasm answers within a fraction of a step (< 2 s unshared) on the latest checkpoint, and training keeps stepping', async () => {
    const { page } = s;
    await inStore(page, TRAIN_128);
    await page.click('[data-testid=train-start]');
    await page.locator('[data-testid=train-live][data-status=running]').waitFor({ timeout: 120_000 });
    // The first checkpoint (step 1) gives the viewer weights to show.
    await inStore(page, 'window.__mmwStore = useStore;');
    await page.waitForFunction(() => (window as any).__mmwStore.getState().live?.lastCheckpointStep !== null, null, { timeout: 180_000, polling: 500 });
    const atStart = await inStore(page, liveState);
    await openSection(page, 'viewer');
    await inStore(page, `useStore.getState().setViewerSource({ runId: arg, which: 'latest' });`, atStart.runId);
    // The first prediction starts the worker's model (the worker itself was started when the source was set).
    await page.waitForFunction(() => {
      const st = (window as any).__mmwStore.getState();
      if (st.predictionError) throw new Error(st.predictionError);
      return st.prediction !== null && !st.predicting;
    }, null, { timeout: 120_000, polling: 200 });

    const timings: Array<{ ms: number; weights: string; hasMask: boolean; hasSaliency: boolean; prob: number; workerMs: number }> = [];
    const steps: number[] = [];
    for (let i = 0; i < 3; i++) {
      steps.push((await inStore(page, liveState)).step);
      timings.push(await inStore(page, TIMED_NEXT));
      await page.waitForTimeout(1500);
    }
    // Training keeps stepping beside the viewer (a step takes seconds here; wait for the next one).
    await page.waitForFunction((n) => (window as any).__mmwStore.getState().live?.step > n, steps[0]!, { timeout: 180_000, polling: 250 });
    const after = await inStore(page, liveState);
    const msPerStep = await inStore(page, 'return useStore.getState().live.msPerStep;');
    const load = (await import('node:os')).loadavg()[0]!;
    console.log(`[inference] prediction while training at 128 px: ${timings.map((t) => `${Math.round(t.ms)} ms (worker ${Math.round(t.workerMs)} ms, ${t.weights})`).join('; ')}; training steps ${steps.join(' → ')} → ${after.step} at ${Math.round(msPerStep)} ms/step; 1-min load ${load.toFixed(1)}`);
    for (const t of timings) {
      expect(t.hasMask && t.hasSaliency).toBe(true);
      expect(t.prob).toBeGreaterThanOrEqual(0);
      // Predictions follow the run's checkpoints: "<run> (step N)" with N a checkpoint written while training.
      expect(Number(/step (\d+)/.exec(t.weights)?.[1])).toBeGreaterThanOrEqual(atStart.checkpoint);
    }
    const median = timings.map((t) => t.ms).sort((a, b) => a - b)[1]!;
    // Never behind a training step: the answer comes within a fraction of one step (the old worker took ≥ 1).
    expect(median).toBeLessThan(msPerStep / 2);
    // The issue's budget, < 2 s, holds on this 2-core machine when it is not shared with other work (1-min load
    // ≤ 4: this test's two workers and the page). Under heavier load every process gets a fraction of a core.
    if (load <= 4) expect(median).toBeLessThan(2000);
    else console.log(`[inference] the 2 s budget is not asserted at load ${load.toFixed(1)} (> 4); median ${Math.round(median)} ms`);
    expect(after.status).toBe('running');
    await openSection(page, 'train');
    await page.click('[data-testid=train-stop]');
    await page.locator('[data-testid=train-live][data-status=stopped]').waitFor({ timeout: 120_000 });
  }, 420_000);
});
