// Nothing lost (issue 12), in real Chromium on wasm with the phantoms (32 px, width 0.25, M = 2, 12 steps):
// two tabs — a stale Resume in the second is refused and the live run finishes; a reload + resume gives the
// same losses bit for bit as the uninterrupted run; deleting a dataset in use names its users and asks; a
// full-disk write (QuotaExceededError injected at IndexedDB's put) stops all writes, keeps what is stored and
// says so, across a reload; a wiped database is reported at the next start with what vanished; a workspace file
// exported, restored into a wiped database and resumed gives back every count, pixel, curve and loss.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { inStore as store, openBrowserSession, openSection, type BrowserSession } from './harness';

let s: BrowserSession;

async function storage(page: Page, body: string, arg?: unknown): Promise<any> {
  return page.evaluate(
    async ({ body, arg }) => {
      const st = await (new Function('p', 'return import(p)') as (p: string) => Promise<any>)('/src/platform/storage/index.ts');
      return new Function('st', 'arg', `return (async () => { ${body} })()`)(st, arg);
    },
    { body, arg },
  );
}

async function storedRun(page: Page, runId: string): Promise<{ status: string; step: number; losses: number[] }> {
  return storage(
    page,
    `const db = await st.getDatabase(); const run = await st.getRun(db, arg); const ck = await st.latestCheckpoint(db, arg);
     return { status: run.status, step: ck ? ck.step : -1, losses: (run.curves['loss/total'] || []).map((p) => p.value) };`,
    runId,
  );
}

async function waitForStatus(page: Page, status: string, timeout = 120_000): Promise<void> {
  await page.locator(`[data-testid=train-live][data-status=${status}]`).waitFor({ timeout });
}

/** Polls from here: the step of the run's stored checkpoint, until it reaches `atLeast`. */
async function waitForCheckpoint(page: Page, runId: string, atLeast: number, timeoutMs = 120_000): Promise<number> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const step = (await storage(page, 'const ck = await st.latestCheckpoint(await st.getDatabase(), arg); return ck ? ck.step : -1;', runId)) as number;
    if (step >= atLeast) return step;
    if (Date.now() > until) throw new Error(`run ${runId} has no checkpoint at step ≥ ${atLeast} after ${timeoutMs} ms (last: ${step})`);
    await page.waitForTimeout(100);
  }
}

async function useWasm(page: Page): Promise<void> {
  await openSection(page, 'train');
  await store(page, "await useStore.getState().setBackendPreference('wasm');");
  await page.locator('[data-testid=backend-active][data-backend=wasm]').waitFor({ timeout: 120_000 });
}

const QUICK = `
  useStore.getState().setConfig((c) => ({
    ...c,
    checkpointEverySteps: 3,
    run: {
      ...c.run, seed: 5, model: { ...c.run.model, inputSize: 32, widthMultiplier: 0.25 }, batchSize: 2, epochs: 2, stepsPerEpoch: 6,
      // Large enough that a last-bit difference in Adam's state changes the weights (at 1e-4 it can vanish in rounding).
      optim: { ...c.run.optim, learningRate: 3e-3 },
    },
  }));
`;

async function startQuickRun(page: Page): Promise<string> {
  await store(page, QUICK);
  await openSection(page, 'train');
  await page.click('[data-testid=train-start]');
  await waitForStatus(page, 'running');
  return (await page.getAttribute('[data-testid=train-live]', 'data-run-id')) as string;
}

describe('nothing lost (issue 12)', () => {
  beforeAll(async () => {
    s = await openBrowserSession();
    await s.page.goto(s.appUrl);
    await s.page.locator('[data-testid=dataset-card][data-layout=synthetic-phantom]').waitFor({ timeout: 120_000 });
  });
  afterAll(async () => {
    await s?.close();
  });

  let reference: number[] = [];
  let firstRun = '';

  it('two tabs: a stale Resume in the second tab is refused, the run is left alone and finishes in the first', async () => {
    const a = s.page;
    await useWasm(a);
    firstRun = await startQuickRun(a);
    // Paused, the first tab still owns the run (and keeps it for as long as the second tab needs to load).
    await a.click('[data-testid=train-pause]');
    await waitForStatus(a, 'paused');
    const b = await s.browser.newPage();
    await b.goto(s.appUrl);
    await openSection(b, 'runs');
    await b.locator(`[data-run-id="${firstRun}"] [data-testid=run-status]`).waitFor({ timeout: 120_000 });
    await b.waitForFunction((id) => document.querySelector(`[data-run-id="${id}"] [data-testid=run-status]`)?.textContent === 'training in another tab', firstRun, { timeout: 30_000 });
    expect(await b.locator(`[data-run-id="${firstRun}"] [data-testid=run-resume]`).count()).toBe(0);
    // What a Resume button rendered before the other tab took the run would do.
    await store(b, 'useStore.getState().resumeRun(arg);', firstRun);
    await b.locator('.notices', { hasText: 'being trained in another tab' }).waitFor({ timeout: 120_000 });
    expect((await storedRun(a, firstRun)).status).not.toBe('failed');
    await b.close();
    await a.click('[data-testid=train-continue]');
    await waitForStatus(a, 'finished', 150_000);
    const done = await storedRun(a, firstRun);
    expect(done.status).toBe('finished');
    expect(done.losses).toHaveLength(12);
    reference = done.losses;
  }, 300_000);

  it('a reload mid-run and a resume give the same loss at every step as the uninterrupted run', async () => {
    const page = s.page;
    const runId = await startQuickRun(page);
    await waitForCheckpoint(page, runId, 3);
    // Paused so the run cannot finish before the reload (steps take ~0.1 s here); the tab then goes away and a
    // fresh page and worker resume from the stored checkpoint.
    await page.click('[data-testid=train-pause]');
    await waitForStatus(page, 'paused');
    await page.reload();
    await page.locator('[data-testid=resume-banner]').waitFor({ timeout: 120_000 });
    await useWasm(page);
    const at = (await storedRun(page, runId)).step;
    expect(at).toBeGreaterThanOrEqual(3);
    await page.click('[data-testid=resume-last]');
    await waitForStatus(page, 'finished', 150_000);
    const resumed = await storedRun(page, runId);
    expect(resumed.losses).toHaveLength(12);
    expect(resumed.losses).toEqual(reference);
  }, 300_000);

  it('a workspace file round-trips everything through a wiped database, and its checkpoint resumes identically', async () => {
    const page = s.page;
    const runId = await startQuickRun(page);
    await waitForCheckpoint(page, runId, 3);
    await page.click('[data-testid=train-stop]');
    await waitForStatus(page, 'stopped');
    const snapshot = `
      const db = await st.getDatabase();
      const datasets = await st.listDatasets(db);
      const images = await st.listImages(db, datasets[0].id);
      const [px] = await st.getPixels(db, datasets[0].id, [images[7].key]);
      let sum = 0; for (const v of px.pixels) sum = (sum * 31 + v) % 1000000007;
      const runs = (await st.listRuns(db)).map((r) => ({ id: r.id, status: r.status, curves: r.curves })).sort((a, b) => a.id < b.id ? -1 : 1);
      const ck = await st.latestCheckpoint(db, arg);
      return { datasets: datasets.length, images: images.length, sum, runs, ckStep: ck.step, ckBytes: ck.weights.byteLength };`;
    const before = await storage(page, snapshot, runId);
    await openSection(page, 'data');
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=workspace-export]')]);
    const file = join(mkdtempSync(join(tmpdir(), 'mmw-ws-')), download.suggestedFilename());
    await download.saveAs(file);
    await storage(page, 'await st.deleteDatabase();');
    await page.reload();
    await page.locator('.notices', { hasText: 'Stored data has vanished' }).waitFor({ timeout: 120_000 });
    await page.setInputFiles('[data-testid=workspace-import]', file);
    await page.locator('.notices', { hasText: 'Imported multimix-workspace' }).waitFor({ timeout: 120_000 });
    expect(await storage(page, snapshot, runId)).toEqual(before);
    // The restored checkpoint continues the run exactly as the uninterrupted run went.
    await useWasm(page);
    await openSection(page, 'runs');
    await page.locator(`[data-run-id="${runId}"] [data-testid=run-resume]`).click({ timeout: 60_000 });
    await openSection(page, 'train');
    await waitForStatus(page, 'finished', 150_000);
    expect((await storedRun(page, runId)).losses).toEqual(reference);
  }, 400_000);

  it('deleting a dataset that runs use names them and asks first', async () => {
    const page = s.page;
    await openSection(page, 'data');
    const card = page.locator('[data-testid=dataset-card][data-layout=synthetic-phantom]');
    await card.getByRole('button', { name: 'Delete…' }).click();
    const warning = card.locator('[data-testid=delete-in-use]');
    await warning.waitFor();
    const runName = (await store(page, 'return useStore.getState().runs.find((r) => r.id === arg).name', firstRun)) as string;
    expect(await warning.innerText()).toContain(runName);
    await card.getByRole('button', { name: 'Keep it' }).click();
    expect(await page.locator('[data-testid=dataset-card][data-layout=synthetic-phantom]').count()).toBe(1);
  }, 60_000);

  it('a full-disk write stops all further writes, keeps what is stored and says so, also after a reload', async () => {
    const page = s.page;
    const before = (await storage(page, 'return (await st.listDatasets(await st.getDatabase())).map((d) => d.name);')) as string[];
    // The storage error as Chromium raises it on a full disk, at the IndexedDB boundary of this page.
    await page.evaluate(() => {
      const fail = () => {
        throw new DOMException('Quota exceeded (simulated full disk)', 'QuotaExceededError');
      };
      IDBObjectStore.prototype.put = fail;
      IDBObjectStore.prototype.add = fail;
    });
    const id = (await store(page, 'return useStore.getState().datasets[0].id')) as string;
    await store(page, 'await useStore.getState().renameDataset(arg, "renamed on a full disk");', id);
    const banner = page.locator('[data-testid=writes-stopped]');
    await banner.waitFor({ timeout: 10_000 });
    expect(await banner.innerText()).toMatch(/Browser storage is full: writing failed while .*stopped all further writes/);
    // Further writes — even ones that would not touch put/add, like a delete — are refused, not tried.
    const refused = await storage(page, 'try { await st.deleteDataset(await st.getDatabase(), arg); return null; } catch (e) { return e.code; }', id);
    expect(refused).toBe('stopped');
    await page.reload();
    await page.locator('[data-testid=writes-stopped]').waitFor({ timeout: 30_000 });
    const after = (await storage(page, 'return (await st.listDatasets(await st.getDatabase())).map((d) => d.name);')) as string[];
    expect(after).toEqual(before);
    await storage(page, 'st.allowWritesAgain();');
    await page.locator('[data-testid=writes-stopped]').waitFor({ state: 'detached', timeout: 10_000 });
  }, 120_000);

  it('a wiped database is reported at the next start with what vanished', async () => {
    const page = s.page;
    const names = (await storage(page, 'return (await st.listDatasets(await st.getDatabase())).map((d) => d.name);')) as string[];
    expect(names.length).toBeGreaterThan(0);
    await storage(page, 'await st.deleteDatabase();');
    await page.reload();
    const notice = page.locator('.notices', { hasText: 'Stored data has vanished' });
    await notice.waitFor({ timeout: 120_000 });
    const text = await notice.innerText();
    expect(text).toContain(names[0]!);
    expect(text).toMatch(/3 runs/);
    expect(text).toMatch(/deleted the whole database/);
  }, 120_000);
});
