// First visit and true aspect ratio (issue 9, items 8 and 4), in a real browser:
// - the viewer opens on the shipped example X-rays with the example model's prediction and saliency, labelled
//   "Example model — research use only, not for diagnosis" with the attribution, and nothing of it is stored;
//   the time from navigation start to the first prediction on screen is logged (a warm-up visit on another
//   origin first, so Vite's on-demand transforms of the dev server are not what is timed; the 5 s budget is
//   checked on the production build, first-visit-build.test.ts);
// - the example model is in the Models panel with its held-out metrics; the example X-rays import with one click;
// - a non-square real X-ray with its lung mask (512×381) is drawn at its true aspect in the thumbnail and the
//   viewer, and the mask overlay covers exactly the image's box;
// - the example model fine-tunes: a run starts from its weights with its architecture adopted.
import { loadavg } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inStore, openBrowserSession, openSection, type BrowserSession, type Page } from './harness';
import { commitAndWaitForReport, dropFiles, storedDatasets, storedImages, waitForPreview } from './pages/data-panel';
import { predictionShownAt } from './pages/viewer';

const CXR = '../shared/data/cxr';
/** A lungs image + mask pair of 512×381 px. */
const WIDE = '01E392EE-69F9-4E33-BFCE-E5C968654078.png';
/** Dev-server first prediction: ≈ 7 s here when quiet; a prediction queued behind other work takes far longer. */
const DEV_SERVER_BOUND_MS = 15_000;

let s: BrowserSession;

/** When the page got its store, the example images, a backend, and the prediction (ms after navigation start). */
async function trackMilestones(page: Page): Promise<Record<string, number>> {
  const seen: Record<string, number> = {};
  for (let i = 0; i < 1200 && !seen.prediction; i++) {
    const m = await page
      .evaluate(async () => {
        const w = window as unknown as { __mmwStore?: { getState(): any } };
        if (!w.__mmwStore && document.querySelector('.viewer-panel')) {
          w.__mmwStore = (await (new Function('p', 'return import(p)') as (p: string) => Promise<any>)('/src/app/store/index.ts')).useStore;
        }
        const st = w.__mmwStore?.getState();
        return {
          now: performance.now(), app: Boolean(document.querySelector('.viewer-panel')), images: (st?.viewerImages.length ?? 0) > 0,
          viewed: Boolean(st?.viewed), backend: Boolean(st?.backend.active), prediction: Boolean(st?.prediction),
          measuredBeforePrediction: Boolean(st?.backendMeasurement) && !st?.prediction,
        };
      })
      .catch(() => null);
    if (m) for (const k of ['app', 'images', 'viewed', 'backend', 'prediction', 'measuredBeforePrediction'] as const) if (m[k] && seen[k] === undefined) seen[k] = Math.round(m.now);
    await new Promise((r) => setTimeout(r, 100));
  }
  return seen;
}

function box(page: Page, selector: string) {
  return page.locator(selector).first().evaluate((el) => {
    const r = el.getBoundingClientRect();
    return { x: r.x, y: r.y, width: r.width, height: r.height };
  });
}

describe('first visit: the example, and true aspect ratios', () => {
  beforeAll(async () => {
    s = await openBrowserSession();
    s.page.on('dialog', (d) => void d.accept());
  });
  afterAll(async () => {
    await s?.close();
  });

  let firstMs = 0;

  it('opens on the example X-rays with prediction and saliency, labelled, with nothing stored', async () => {
    // Warm-up on another origin (localhost vs 127.0.0.1: separate storage), so the timed visit is still a first one.
    const warm = await s.browser.newPage();
    await warm.goto(s.baseUrl.replace('127.0.0.1', 'localhost'), { waitUntil: 'commit', timeout: 180_000 });
    const warmMs = await predictionShownAt(warm, 180_000);
    await warm.close();

    await s.page.goto(s.baseUrl, { waitUntil: 'commit', timeout: 60_000 });
    const milestones = trackMilestones(s.page);
    firstMs = await predictionShownAt(s.page);
    const seen = await milestones;
    console.log(`[example] milestones (ms after navigation start): ${JSON.stringify(seen)}`);
    console.log(`[example] first prediction on screen ${firstMs.toFixed(0)} ms after navigation start (cold dev server: ${warmMs.toFixed(0)} ms); load ${loadavg().map((x) => x.toFixed(1)).join(' ')}`);
    // The first prediction does not queue behind the backend measurement: that only starts once it is shown.
    expect(seen.measuredBeforePrediction).toBeUndefined();
    // The 5 s is checked on the production build users get from `npm start` (first-visit-build.test.ts);
    // the dev server serves hundreds of separate modules and takes ≈ 7 s here, so this bound only catches a
    // first prediction that queues behind something (training, the measurement, phantoms).
    expect(firstMs).toBeLessThan(DEV_SERVER_BOUND_MS * Math.max(1, loadavg()[0] as number));

    const banner = s.page.locator('[data-testid=example-banner]');
    await expect(banner.textContent()).resolves.toContain('Example model — research use only, not for diagnosis');
    await expect(s.page.locator('[data-testid=example-attribution]').textContent()).resolves.toMatch(/Kermany.*doi:10\.17632\/rscbjbr9sj\.2.*CC BY 4\.0/);
    const st = await inStore(s.page, 'const st = useStore.getState(); return { source: st.viewerSource, dataset: st.viewerDatasetId, n: st.viewerImages.length, p: st.prediction.item.pneumoniaProb };');
    expect(st.source).toEqual({ modelId: 'example' });
    expect(st.dataset).toBe('example-xrays');
    expect(st.n).toBe(8);
    expect(st.p).toBeGreaterThanOrEqual(0);
    expect(st.p).toBeLessThanOrEqual(1);
    await s.page.locator('.viewer-panel').screenshot({ path: 'docs/screenshots/example-first-visit.png' });

    // The first visit opened the Viewer section (no section in the URL).
    expect(new URL(s.page.url()).searchParams.get('section')).toBe('viewer');
    // The example is not a stored dataset: only the phantoms are (once they are made; the Data section is hidden).
    await s.page.locator('[data-testid=dataset-card][data-layout=synthetic-phantom]').waitFor({ state: 'attached', timeout: 150_000 });
    expect((await storedDatasets(s.page)).map((d) => d.layout)).toEqual(['synthetic-phantom']);

    // The viewer draws the example at its true aspect.
    const record = await inStore(s.page, 'const st = useStore.getState(); return st.viewed.record;');
    const pane = await box(s.page, '.viewer-panel .zoom-pane');
    expect(Math.abs(pane.width / pane.height / (record.originalWidth / record.originalHeight) - 1)).toBeLessThan(0.02);
  });

  it('lists the example model with its held-out metrics and imports the example X-rays with one click', async () => {
    await openSection(s.page, 'models');
    const row = s.page.locator('[data-testid=example-model]');
    await row.waitFor({ timeout: 30_000 });
    await expect(row.textContent()).resolves.toMatch(/example.*held-out test: acc 0\.\d+ · auc 0\.\d+ · dice 0\.\d+/);
    await openSection(s.page, 'viewer');
    await s.page.getByRole('button', { name: 'Add example X-rays to my datasets' }).click();
    await expect
      .poll(async () => (await storedDatasets(s.page)).filter((d) => d.layout === 'kermany').map((d) => d.counts.images), { timeout: 120_000 })
      .toEqual([8]);
  });

  it('draws a non-square X-ray, its thumbnail and its mask overlay at the original aspect', async () => {
    await dropFiles(s.page, [
      { abs: `${CXR}/lungs/images/${WIDE}`, rel: `wide/images/${WIDE}` },
      { abs: `${CXR}/lungs/masks/${WIDE}`, rel: `wide/masks/${WIDE}` },
    ]);
    await waitForPreview(s.page);
    await commitAndWaitForReport(s.page);
    const ds = (await storedDatasets(s.page)).find((d) => d.layout === 'image-mask')!;
    const [image] = await storedImages(s.page, ds.id);
    expect([image!.originalWidth, image!.originalHeight]).toEqual([512, 381]);
    const aspect = 512 / 381;

    const thumb = await box(s.page, `canvas.thumb[title*="${WIDE.replace(".png", "")}"]`);
    expect(Math.abs(thumb.width / thumb.height / aspect - 1)).toBeLessThan(0.02);

    await openSection(s.page, 'viewer');
    await inStore(s.page, 'await useStore.getState().selectViewerDataset(arg);', ds.id);
    await s.page.locator('.viewer-panel canvas[data-layer=truth]').waitFor();
    const img = await box(s.page, '.viewer-panel canvas[data-layer=image]');
    const mask = await box(s.page, '.viewer-panel canvas[data-layer=truth]');
    expect(Math.abs(img.width / img.height / aspect - 1)).toBeLessThan(0.02);
    for (const k of ['x', 'y', 'width', 'height'] as const) expect(Math.abs(mask[k] - img[k])).toBeLessThan(0.5);
    await s.page.locator('.viewer-panel').screenshot({ path: 'docs/screenshots/viewer-true-aspect.png' });
  });

  it('fine-tunes the example model: the run adopts its architecture and starts from its weights', async () => {
    // Phantoms alone train (2 steps), so no real/synthetic mix is asked about.
    await inStore(s.page, `
      const st = useStore.getState();
      const c = st.config;
      st.setConfig({ ...c, run: { ...c.run, epochs: 1, stepsPerEpoch: 2, batchSize: 2 },
        datasets: st.datasets.filter((d) => d.status === 'ready' && d.synthetic).map((d) => ({ datasetId: d.id, role: 'train' })) });`);
    await inStore(s.page, 'window.__mmwStore = useStore;');
    await openSection(s.page, 'models');
    await s.page.locator('[data-testid=example-model]').getByRole('button', { name: 'Fine-tune' }).click();
    // The run record says where it started as soon as it trains; a 128 px step on this shared machine takes a while,
    // so the run is stopped after its first step (that it starts from the weights is tested in Node, run-session.test.ts).
    const handle = await s.page
      .waitForFunction(
        () => {
          const live = (window as any).__mmwStore?.getState().live;
          if (live?.status === 'failed') throw new Error(live.error ?? live.message);
          return live && live.step >= 1 ? live.status : false;
        },
        undefined,
        { timeout: 300_000, polling: 250 },
      )
      .catch(async (err: unknown) => {
        const state = await inStore(s.page, 'const st = useStore.getState(); return { live: st.live && { status: st.live.status, message: st.live.message, step: st.live.step }, notices: st.notices };');
        throw new Error(`${String(err)}; app state: ${JSON.stringify(state)}`);
      });
    expect(await handle.jsonValue()).toMatch(/running|finished/);
    await inStore(s.page, 'useStore.getState().stopRun();');
    const run = await inStore(s.page, `
      const { listRuns, getDatabase } = await import('/src/platform/storage/index.ts');
      const runs = await listRuns(await getDatabase());
      return runs.find((r) => r.id === useStore.getState().live.runId);`);
    expect(run.initFrom).toEqual({ modelId: 'example' });
    expect(run.config.model).toMatchObject({ variant: 'multimix', inputSize: 128, widthMultiplier: 0.5 });
  });
});
