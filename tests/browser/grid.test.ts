// Issue 10, "Done when" 1: a tiny experiment grid on real chest X-rays in a real browser — 2 variants × 1 label
// budget × 2 seeds on small subsets of ../shared/data/cxr (lungs with masks, Kermany NORMAL/PNEUMONIA), 32 px,
// width 0.25, M = 1, 4 steps per cell on wasm. The page is reloaded while a cell trains; the grid continues (that
// cell resumes the same run), finishes, and the results table shows both variants with mean ± std and CIs.
// Screenshots of the panel while the grid runs and with its results go to docs/screenshots/.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inStore, openBrowserSession, openSection, type BrowserSession } from './harness';
import { commitAndWaitForReport, dropFiles, filesUnder, firstPerFolder, waitForPreview } from './pages/data-panel';

const CXR = '../shared/data/cxr';
const SHOTS = 'docs/screenshots';
let s: BrowserSession;

interface CellView {
  id: string;
  status: string;
  runId?: string;
}

const cells = (page: BrowserSession['page']): Promise<CellView[]> =>
  inStore(page, 'const g = useStore.getState().grids[0]; return g ? g.cells.map((c) => ({ id: c.id, status: c.status, runId: c.runId })) : [];');

describe('experiment grid in a real browser', () => {
  beforeAll(async () => {
    s = await openBrowserSession();
    await s.page.goto(s.appUrl, { timeout: 120_000 }); // Vite transforms the app on first load: slow on a loaded machine
    await s.page.locator('[data-testid=dataset-card][data-layout=synthetic-phantom]').waitFor({ timeout: 60_000 });
  });
  afterAll(async () => {
    await s?.close();
  });

  it('runs 2 variants × 2 seeds, survives a reload midway, and tabulates both variants with mean ± std and CIs', async () => {
    const { page } = s;
    await dropFiles(page, [...firstPerFolder(filesUnder(`${CXR}/lungs`), 20), ...firstPerFolder(filesUnder(`${CXR}/pneumonia`), 16)]);
    expect((await waitForPreview(page)).map((p) => p.layout)).toEqual(['image-mask', 'kermany']);
    await commitAndWaitForReport(page);

    await openSection(page, 'train');
    await page.selectOption('[data-testid=backend-select]', 'wasm');
    await page.locator('[data-testid=backend-active][data-backend=wasm]').waitFor({ timeout: 60_000 });
    await inStore(page, `
      const real = useStore.getState().datasets.filter((d) => !d.synthetic).map((d) => ({ datasetId: d.id, role: 'train' }));
      useStore.getState().setConfig((c) => ({
        ...c, datasets: real, checkpointEverySteps: 1,
        run: { ...c.run, model: { ...c.run.model, inputSize: 32, widthMultiplier: 0.25 }, batchSize: 1 },
      }));
      useStore.getState().setGridDraft({ variants: ['unet', 'multimix'], budgets: '4/8', seedCount: 2, epochs: 1, stepsPerEpoch: 4, baseline: 'unet' });
    `);
    await openSection(page, 'research');
    const panel = page.locator('[data-testid=research-panel]');
    expect(await page.locator('[data-testid=grid-effort]').innerText()).toMatch(/4 runs \(2 variants × 1 budget × 2 seeds\), each 4 steps \(1 epoch × 4 steps\/epoch\)/);
    await page.click('[data-testid=grid-start]');

    // Reload while a cell past the first trains and has a checkpoint.
    let before: CellView[] = [];
    const deadline = Date.now() + 90_000;
    for (;;) {
      before = await cells(page);
      const running = before.find((c) => c.status === 'running');
      const step = (await inStore(page, 'return useStore.getState().live?.step ?? 0;')) as number;
      if (before.some((c) => c.status === 'finished') && running && step >= 1) break;
      if (Date.now() > deadline) throw new Error(`the grid did not get going: ${JSON.stringify(before)}`);
      await page.waitForTimeout(200);
    }
    const interrupted = before.find((c) => c.status === 'running')!;
    await panel.screenshot({ path: `${SHOTS}/research-grid-running.png` });
    await page.reload();
    // The section in view is remembered across the reload: the Research section opens again by itself.
    await page.locator('[data-testid=grid-queue]').waitFor({ timeout: 60_000 });
    await page.locator('[data-testid=grid-queue][data-status=finished]').waitFor({ timeout: 240_000 });

    const after = await cells(page);
    expect(after.map((c) => c.status)).toEqual(['finished', 'finished', 'finished', 'finished']);
    // Finished cells were kept and the interrupted one continued its own run (resumed, not started again).
    for (const c of before.filter((x) => x.status === 'finished')) expect(after.find((x) => x.id === c.id)?.runId).toBe(c.runId);
    expect(after.find((c) => c.id === interrupted.id)?.runId).toBe(interrupted.runId);
    const runs = (await inStore(page, 'return useStore.getState().runs.map((r) => ({ id: r.id, status: r.status, step: r.step }));')) as Array<{ id: string; status: string; step: number }>;
    for (const c of after) expect(runs.find((r) => r.id === c.runId)).toMatchObject({ status: 'finished', step: 4 });

    // The table: in-domain segmentation has both variants, classification only multimix; mean ± std and CIs.
    const seg = page.locator('[data-testid=grid-block][data-block=seg]');
    expect(await seg.locator('[data-testid=grid-row]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-variant')))).toEqual(['unet', 'multimix']);
    for (const row of await seg.locator('[data-testid=grid-row]').all()) {
      const text = await row.innerText();
      expect(text).toMatch(/\d\.\d{3} ± \d\.\d{3}/);
      expect(await row.locator('[data-testid=ci]').count()).toBeGreaterThan(0);
    }
    expect(await page.locator('[data-testid=grid-block][data-block=cls] [data-testid=grid-row]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-variant')))).toEqual(['multimix']);
    expect(await page.locator('[data-testid=small-warning]').count()).toBeGreaterThan(0); // a handful of test images
    expect(await page.locator('[data-testid=grid-paired]').innerText()).toMatch(/Dice [+-]\d\.\d{3}/);
    // The plots of the same finished cells: the Dice boxes, lung-area Bland–Altman and ROC draw points (one
    // budget, so the consistency curves say why they are empty).
    await page.waitForFunction(() => [...document.querySelectorAll('[data-plot]')].length === 4 && [...document.querySelectorAll('[data-plot]')].every((f) =>
      f.querySelector('.grid-plot-empty') || ((f.querySelector('.plot-area') as HTMLElement & { data?: unknown[] })?.data?.length ?? 0) > 0), undefined, { timeout: 120_000 });
    const plots = await page.evaluate(() => [...document.querySelectorAll<HTMLElement>('[data-plot]')].map((f) => {
      const data = (f.querySelector('.plot-area') as HTMLElement & { data?: Array<{ x?: unknown[]; y?: unknown[] }> } | null)?.data ?? [];
      return { name: f.dataset.plot, points: data.reduce((n, t) => n + Math.max(t.x?.length ?? 0, t.y?.length ?? 0), 0), empty: f.querySelector('.grid-plot-empty')?.textContent ?? null };
    }));
    for (const p of plots.filter((q) => q.name !== 'consistency')) {
      expect(p.empty, `${p.name} says it is empty`).toBeNull();
      expect(p.points, p.name).toBeGreaterThan(0);
    }
    expect(plots.find((q) => q.name === 'consistency')?.empty).toMatch(/≥ 2/);
    await panel.screenshot({ path: `${SHOTS}/research-grid-results.png` });
  }, 420_000);
});
