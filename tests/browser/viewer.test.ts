// Real-browser viewer, evaluation and model files. A small MultiMix is trained in Node (wasm, 32 px, width
// 0.25, phantoms), written as TF.js files exactly as `npm run experiment` does, and imported through the
// Models panel's file picker. Then: the viewer shows the built-in phantom dataset with non-empty mask and
// saliency canvases and the page's prediction equals Node's for the same stored image; the model exported
// through downloads:// re-imports to identical predictions; the evaluation view shows in-domain (phantom test
// split) vs cross-domain (Shenzhen, real) metrics. Screenshots go to docs/screenshots/.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeModelFolder } from '../../src/cli/model-files';
import { useNodeBackend } from '../../src/cli/node-backend';
import { withDefaults } from '../../src/core/config';
import { generatePhantoms } from '../../src/core/data';
import { resizeGray, resizeMask } from '../../src/core/data/resize';
import type { MultiMixModel } from '../../src/core/model';
import { createRng } from '../../src/core/rng';
import { modelInput } from '../../src/core/train/data';
import { Trainer } from '../../src/core/train/loop';
import { openBrowserSession, openSection, type BrowserSession, type Page } from './harness';
import { commitAndWaitForReport, dropFiles, filesUnder, storedDatasets, storedPixels, waitForPreview } from './pages/data-panel';

const S = 32;
const SHOTS = 'docs/screenshots';
const CXR = '../shared/data/cxr';

let s: BrowserSession;
let model: MultiMixModel;
let dir: string;

/**
 * The app's store as the page has it (Vite serves each source file at its path, one instance per page),
 * published as `window.__mmwStore` so that synchronous waitForFunction predicates can read it.
 */
async function exposeStore(page: Page): Promise<void> {
  await page.evaluate(async () => {
    const imp = new Function('p', 'return import(p)') as (p: string) => Promise<any>;
    (window as any).__mmwStore = (await imp('/src/app/store/index.ts')).useStore;
  });
}

/** Runs `body` (an async function body with `store` in scope) in the page. */
const inPage = <T>(page: Page, body: string): Promise<T> =>
  page.evaluate((b) => new Function('store', `return (async () => { ${b} })()`)((window as any).__mmwStore), body);

interface PagePrediction {
  key: string;
  size: number;
  pneumoniaProb: number | null;
  mask: number[];
  saliency: number[];
  dice: number | null;
  /** Worker time of the predict request. */
  ms: number;
}

/** Waits until the viewer shows a prediction for the current image and returns it. */
async function currentPrediction(page: Page, expectModelId: string): Promise<PagePrediction> {
  await page.waitForFunction(
    (id) => {
      const st = (window as any).__mmwStore.getState();
      if (st.predictionError) throw new Error(st.predictionError);
      return st.viewerSource?.modelId === id && st.prediction !== null && !st.predicting;
    },
    expectModelId,
    { timeout: 120_000, polling: 250 },
  );
  return inPage<PagePrediction>(page, `
    const st = store.getState();
    const p = st.prediction;
    return { key: p.item.key, size: p.size, pneumoniaProb: p.item.pneumoniaProb ?? null, mask: Array.from(p.item.mask),
      saliency: Array.from(p.item.saliency), dice: p.item.dice ?? null, ms: p.ms };`);
}

/** Pixels of a layer canvas with alpha > 0 (read back in the page). */
function paintedPixels(page: Page, layer: string): Promise<number> {
  return page.$eval(`.viewer-panel canvas[data-layer=${layer}]`, (c) => {
    const canvas = c as HTMLCanvasElement;
    const data = (canvas.getContext('2d') as CanvasRenderingContext2D).getImageData(0, 0, canvas.width, canvas.height).data;
    let n = 0;
    for (let i = 3; i < data.length; i += 4) if ((data[i] as number) > 0) n++;
    return n;
  });
}

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs((a[i] as number) - (b[i] as number)));
  return m;
}

async function importModelFiles(page: Page, files: string[]): Promise<string> {
  const before = await inPage<string[]>(page, 'return store.getState().savedModels.map((m) => m.id);');
  await page.setInputFiles('[data-testid=model-file-input]', files);
  const handle = await page.waitForFunction(
    (known) => {
      const st = (window as any).__mmwStore.getState();
      const failed = document.querySelector('.models-panel [role=alert]')?.textContent;
      if (failed) throw new Error(failed);
      const fresh = st.savedModels.find((m: { id: string }) => !known.includes(m.id));
      return fresh?.id ?? false;
    },
    before,
    { timeout: 60_000, polling: 250 },
  );
  return (await handle.jsonValue()) as string;
}

/** A small MultiMix trained on phantom lungs in Node (wasm), `steps` steps from `seed`. */
async function trainPhantomModel(steps: number, seed: number): Promise<MultiMixModel> {
  const ph = generatePhantoms({ count: 40, size: 256 }, createRng(11)).map((p) => ({
    pixels: resizeGray(p.pixels, 256, 256, S), mask: resizeMask(p.mask, 256, 256, S), label: p.label, id: p.key,
  }));
  const config = withDefaults({
    model: { variant: 'multimix', inputSize: S, widthMultiplier: 0.25, dropout: 0.25 },
    batchSize: 2, epochs: 1, stepsPerEpoch: steps, seed,
    optim: { learningRate: 3e-3, decayFactor: 0.1, decayEveryEpochs: 8 },
  });
  const trainer = new Trainer(config, {
    size: S, labeledSeg: ph.slice(0, 20), unlabeledSeg: ph.slice(20), labeledCls: ph.slice(0, 20), unlabeledCls: ph.slice(20),
    valSeg: ph.slice(30), valCls: ph.slice(30),
  });
  await trainer.run();
  return trainer.model;
}

describe('viewer, evaluation and model files in a real browser', () => {
  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    dir = mkdtempSync(join(tmpdir(), 'mmw-viewer-'));
    // A model that has learned something (phantom lungs), so masks and saliency are meaningful: ~5 s on wasm.
    await useNodeBackend('wasm');
    model = await trainPhantomModel(100, 3);
    await writeModelFolder(model, join(dir, 'model'));

    s = await openBrowserSession();
    s.page.on('dialog', (d) => void d.accept());
    await s.page.goto(s.appUrl);
    // Generous: on a loaded 2-core machine a cold Vite server + 200 phantoms in the import worker can take a while.
    await s.page.locator('[data-testid=dataset-card][data-layout=synthetic-phantom]').waitFor({ timeout: 150_000 });
    await exposeStore(s.page);
    // wasm is the fastest CPU path; WebGPU on SwiftShader would spend ~40 s compiling shaders first.
    await inPage(s.page, "await store.getState().setBackendPreference('wasm');");
    await s.page.waitForFunction(() => {
      const b = (window as any).__mmwStore.getState().backend;
      return b.active === 'wasm' && !b.switching;
    }, undefined, { timeout: 60_000 });
  });
  afterAll(async () => {
    await s?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  let firstModelId = '';
  let first: PagePrediction;

  it('imports the files npm run experiment writes and shows mask and saliency overlays', async () => {
    firstModelId = await importModelFiles(s.page, [join(dir, 'model', 'model.json'), join(dir, 'model', 'weights.bin')]);
    await openSection(s.page, 'viewer');
    await expect(s.page.locator(`.models-list tr[data-model-id="${firstModelId}"]`).textContent()).resolves.toContain('multimix, 32 px');
    first = await currentPrediction(s.page, firstModelId);
    expect(first.size).toBe(S);

    await s.page.locator('.viewer-panel canvas[data-layer=saliency]').waitFor();
    const plane = 256 * 256;
    const painted = { prediction: await paintedPixels(s.page, 'prediction'), saliency: await paintedPixels(s.page, 'saliency'), truth: await paintedPixels(s.page, 'truth') };
    // Outlines: a ring around each lung, a small but clearly non-zero share of the image.
    expect(painted.prediction).toBeGreaterThan(200);
    expect(painted.truth).toBeGreaterThan(200);
    expect(painted.saliency).toBeGreaterThan(plane * 0.05);
    expect(painted.saliency).toBeLessThan(plane);

    // Same stored image through the same core in Node (wasm) gives the same outputs.
    const ds = (await storedDatasets(s.page)).find((d) => d.synthetic)!;
    const [stored] = await storedPixels(s.page, ds.id, [first.key]);
    const x = modelInput([{ pixels: resizeGray(Uint8Array.from(stored!.pixels), 256, 256, S) }], S);
    const ref = model.predict(x);
    const [cls, mask, sal] = await Promise.all([ref.clsProb!.data(), ref.maskProb!.data(), ref.saliency!.data()]);
    tf.dispose([x, ref.clsProb!, ref.maskProb!, ref.saliency!]);
    expect(Math.abs((first.pneumoniaProb as number) - (cls[1] as number))).toBeLessThan(1e-4);
    expect(maxAbsDiff(first.mask, mask)).toBeLessThan(1e-4);
    expect(maxAbsDiff(first.saliency, sal)).toBeLessThan(1e-3);
    // A learned model: the lungs of a phantom are found.
    expect(first.dice).toBeGreaterThan(0.6);
    await expect(s.page.locator('[data-testid=image-dice]').textContent()).resolves.toBe((first.dice as number).toFixed(3));

    await s.page.locator('.viewer-panel').screenshot({ path: `${SHOTS}/viewer-overlay.png` });

    // SmoothGrad: a different map (mean over noisy copies), still in [0, 1]; switching back uses the cache.
    await s.page.locator('.viewer-panel').getByLabel(/SmoothGrad/).check();
    await s.page.waitForFunction(() => (window as any).__mmwStore.getState().viewerOptions.smoothGrad === true);
    const smooth = await currentPrediction(s.page, firstModelId);
    expect(smooth.key).toBe(first.key);
    expect(maxAbsDiff(smooth.saliency, first.saliency)).toBeGreaterThan(0.01);
    expect(Math.min(...smooth.saliency)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...smooth.saliency)).toBeLessThanOrEqual(1 + 1e-6);
    expect(smooth.mask).toEqual(first.mask);
    console.log(`[viewer] predict in the worker (wasm, ${S} px): ${first.ms.toFixed(0)} ms; with SmoothGrad (16 copies): ${smooth.ms.toFixed(0)} ms`);
    await s.page.locator('.viewer-panel').getByLabel(/SmoothGrad/).uncheck();
    await s.page.waitForFunction(() => (window as any).__mmwStore.getState().viewerOptions.smoothGrad === false);
    expect((await currentPrediction(s.page, firstModelId)).saliency).toEqual(first.saliency);
  });

  it('flips through images and shows ground truth and prediction side by side', async () => {
    // The next image was prefetched while the first was shown: wait for that prefetch (asked for right after the
    // first prediction arrived), then flipping to it needs no model run.
    await s.page.evaluate(async () => {
      const imp = new Function('p', 'return import(p)') as (p: string) => Promise<any>;
      const { cachedPrediction } = await imp('/src/app/store/viewer-slice.ts');
      const st = (window as any).__mmwStore.getState();
      const next = st.viewerImages[st.viewerIndex + 1];
      const deadline = performance.now() + 60_000;
      let pending: Promise<unknown> | undefined;
      while (!(pending = cachedPrediction(st.viewerSource, st.viewerDatasetId, next.key, st.viewerOptions.smoothGrad))) {
        if (performance.now() > deadline) throw new Error(`the next image (${next.key}) was never prefetched`);
        await new Promise((r) => setTimeout(r, 20));
      }
      await pending;
    });
    const flipMs = await s.page.evaluate(async () => {
      const store = (window as any).__mmwStore;
      const t0 = performance.now();
      (document.querySelector('.viewer-panel [aria-label="Next image"]') as HTMLButtonElement).click();
      while (!(store.getState().viewerIndex === 1 && store.getState().prediction)) await new Promise((r) => setTimeout(r, 5));
      await new Promise((r) => requestAnimationFrame(r));
      return performance.now() - t0;
    });
    await expect(s.page.locator('[data-testid=viewer-position]').textContent()).resolves.toMatch(/^2 \/ \d+$/);
    const second = await currentPrediction(s.page, firstModelId);
    expect(second.key).not.toBe(first.key);
    console.log(`[viewer] flip to a prefetched image: ${flipMs.toFixed(0)} ms`);
    expect(flipMs).toBeLessThan(1000);
    await s.page.locator('.viewer-panel').focus();
    await s.page.keyboard.press('ArrowLeft');
    expect((await currentPrediction(s.page, firstModelId)).key).toBe(first.key);

    // Zoom about the cursor with the wheel, pan by dragging, back with Fit.
    const pane = s.page.locator('.viewer-panel .zoom-pane').first();
    const box = (await pane.boundingBox())!;
    await s.page.mouse.move(box.x + box.width * 0.3, box.y + box.height * 0.4);
    await s.page.mouse.wheel(0, -120);
    await expect.poll(() => s.page.locator('.viewer-panel .zoom-level').textContent()).toBe('125 %');
    const transform = () => s.page.locator('.viewer-panel .zoom-content').first().evaluate((el) => (el as HTMLElement).style.transform);
    const zoomed = await transform();
    await s.page.mouse.down();
    await s.page.mouse.move(box.x + box.width * 0.3 + 40, box.y + box.height * 0.4 + 25, { steps: 4 });
    await s.page.mouse.up();
    expect(await transform()).not.toBe(zoomed);
    expect(await transform()).toMatch(/scale\(1\.25\)/);
    await s.page.click('.viewer-panel button:text-is("Fit")');
    expect(await transform()).toBe('translate(0px, 0px) scale(1)');

    await inPage(s.page, "store.getState().setViewerOptions({ sideBySide: true, maskStyle: 'fill', predictionOpacity: 0.45, truthOpacity: 0.45 });");
    await expect.poll(() => s.page.locator('.viewer-panel .viewer-pane').count()).toBe(2);
    await s.page.waitForTimeout(200);
    expect(await paintedPixels(s.page, 'prediction')).toBeGreaterThan(1000);
    await s.page.locator('.viewer-panel').screenshot({ path: `${SHOTS}/viewer-side-by-side.png` });
    await inPage(s.page, "store.getState().setViewerOptions({ sideBySide: false, maskStyle: 'outline', predictionOpacity: 0.9, truthOpacity: 0.9 });");

    // Window/level redraws the X-ray: a low, narrow window (40..80) turns most of the phantom white.
    const meanGray = () => s.page.$eval('.viewer-panel canvas[data-layer=image]', (c) => {
      const canvas = c as HTMLCanvasElement;
      const d = (canvas.getContext('2d') as CanvasRenderingContext2D).getImageData(0, 0, canvas.width, canvas.height).data;
      let sum = 0;
      for (let i = 0; i < d.length; i += 4) sum += d[i] as number;
      return sum / (d.length / 4);
    });
    const full = await meanGray();
    await inPage(s.page, 'store.getState().setViewerOptions({ windowLevel: { level: 60, window: 40 } });');
    await expect.poll(meanGray).toBeGreaterThan(full + 40);
    await s.page.click('.viewer-panel button:text-is("Reset window")');
    await expect.poll(meanGray).toBeCloseTo(full, 6);
  });

  it('exports through downloads:// and re-imports to identical predictions', async () => {
    await openSection(s.page, 'models');
    const row = s.page.locator(`.models-list tr[data-model-id="${firstModelId}"]`);
    const downloads: Array<{ name: string; path: string }> = [];
    const got = new Promise<void>((resolve) => {
      s.page.on('download', async (d) => {
        const path = join(dir, 'exported', d.suggestedFilename());
        await d.saveAs(path);
        downloads.push({ name: d.suggestedFilename(), path });
        if (downloads.length === 2) resolve();
      });
    });
    await row.getByRole('button', { name: 'Export' }).click();
    await got;
    // Named after the saved model ("imported model" for a plain model.json): tf.io's <prefix>.json + <prefix>.weights.bin.
    expect(downloads.map((d) => d.name).sort()).toEqual(['imported-model.json', 'imported-model.weights.bin']);
    // The weights are the very bytes Node wrote; the config travels inside model.json.
    const bin = downloads.find((d) => d.name.endsWith('.bin'))!;
    expect(Buffer.compare(readFileSync(bin.path), readFileSync(join(dir, 'model', 'weights.bin')))).toBe(0);
    const json = JSON.parse(readFileSync(downloads.find((d) => d.name.endsWith('.json'))!.path, 'utf8'));
    expect(json.modelTopology).toMatchObject({ format: 'multimix', config: { variant: 'multimix', inputSize: S, widthMultiplier: 0.25 } });

    const secondId = await importModelFiles(s.page, downloads.map((d) => d.path));
    expect(secondId).not.toBe(firstModelId);
    const again = await currentPrediction(s.page, secondId);
    expect(again.key).toBe(first.key);
    expect(again.pneumoniaProb).toBe(first.pneumoniaProb);
    expect(maxAbsDiff(again.mask, first.mask)).toBe(0);
    expect(maxAbsDiff(again.saliency, first.saliency)).toBe(0);

    // Files that are not a MultiMix model are refused with a message that says why; nothing is stored.
    const keras = join(dir, 'keras.json');
    writeFileSync(keras, JSON.stringify({ modelTopology: { class_name: 'Sequential' }, weightsManifest: [{ paths: ['weights.bin'], weights: [] }] }));
    const count = await s.page.locator('.models-list tbody tr').count();
    await s.page.setInputFiles('[data-testid=model-file-input]', [keras, join(dir, 'model', 'weights.bin')]);
    await expect
      .poll(() => s.page.locator('.models-panel [role=alert]').textContent())
      .toBe('Import failed: keras.json is a TF.js model but not a MultiMix model (its modelTopology has no "format": "multimix").');
    await s.page.setInputFiles('[data-testid=model-file-input]', [join(dir, 'model', 'model.json')]);
    await expect.poll(() => s.page.locator('.models-panel [role=alert]').textContent()).toMatch(/^Import failed: Choose the weights file/);
    expect(await s.page.locator('.models-list tbody tr').count()).toBe(count);

    // Deleting the copy leaves the original listed.
    await s.page.locator(`.models-list tr[data-model-id="${secondId}"]`).getByRole('button', { name: 'Delete' }).click();
    await expect.poll(() => s.page.locator(`.models-list tr[data-model-id="${secondId}"]`).count()).toBe(0);
    await expect.poll(() => s.page.locator(`.models-list tr[data-model-id="${firstModelId}"]`).count()).toBe(1);
  });

  it('evaluates in-domain (phantom test split) vs cross-domain (real Shenzhen X-rays) side by side', async () => {
    await dropFiles(s.page, filesUnder(`${CXR}/shenzhen`));
    expect(await waitForPreview(s.page)).toEqual([{ layout: 'image-mask', root: 'shenzhen', items: 10 }]);
    await commitAndWaitForReport(s.page);
    const shenzhen = (await storedDatasets(s.page)).find((d) => d.name === 'shenzhen')!;
    await inPage(s.page, `await store.getState().setDomain(${JSON.stringify(shenzhen.id)}, 'cross-domain'); store.getState().setViewerSource({ modelId: ${JSON.stringify(firstModelId)} });`);

    await openSection(s.page, 'evaluation');
    const panel = s.page.locator('.evaluation-panel');
    await panel.locator(`select[aria-label="Use of shenzhen"]`).selectOption('cross-domain');
    await panel.getByRole('button', { name: 'Evaluate' }).click();
    const table = panel.locator('[data-testid=eval-metrics]');
    await s.page.waitForFunction(() => {
      const failed = document.querySelector('.evaluation-panel [role=alert]')?.textContent;
      if (failed) throw new Error(`evaluation failed: ${failed}`);
      const b = (window as any).__mmwStore.getState().backend;
      if (b.active !== 'wasm') throw new Error(`the worker left wasm for ${b.active}`);
      return document.querySelector('.evaluation-panel [data-testid=eval-metrics]') !== null;
    }, undefined, { timeout: 120_000, polling: 250 });
    await expect(table.locator('thead tr').first().locator('th').allTextContents()).resolves.toEqual(['Metric', 'In-domain test', 'Cross-domain']);
    const sources = await table.locator('thead tr.eval-sources td').allTextContents();
    expect(sources[0]).toContain('Synthetic phantom');
    expect(sources[1]).toBe('shenzhen');
    const row = async (label: string) => table.locator('tbody tr', { has: s.page.locator(`th:text-is("${label}")`) }).locator('td').allTextContents();
    const segN = await row('Images (segmentation)');
    expect(Number(segN[1])).toBe(10);
    expect(Number(segN[0])).toBeGreaterThan(0);
    const dice = (await row('Dice')).map(Number);
    expect(dice[0]).toBeGreaterThan(0.5);
    expect(dice[0]).toBeLessThanOrEqual(1);
    // Shenzhen has no class labels: the cross-domain column has no classification numbers.
    expect((await row('Accuracy'))[1]).toBe('—');
    await panel.locator('.eval-roc .main-svg').first().waitFor({ timeout: 60_000 });
    await panel.locator('.eval-dice .main-svg').first().waitFor({ timeout: 60_000 });
    await expect.poll(() => panel.locator('table.confusion').count()).toBe(1);
    await panel.screenshot({ path: `${SHOTS}/evaluation.png` });
  });
  it('compares two models’ lung boundaries with the ground truth on one image, with a legend and each Dice', async () => {
    // A second, less trained model (20 steps, another seed), so the two boundaries differ.
    const other = await trainPhantomModel(20, 4);
    await writeModelFolder(other, join(dir, 'other'));
    other.dispose();
    const otherId = await importModelFiles(s.page, [join(dir, 'other', 'model.json'), join(dir, 'other', 'weights.bin')]);
    // Back to the phantom dataset (the evaluation step imported Shenzhen) and its first image.
    const phantom = (await storedDatasets(s.page)).find((d) => d.synthetic)!;
    await inPage(s.page, `await store.getState().selectViewerDataset(${JSON.stringify(phantom.id)});`);
    await openSection(s.page, 'viewer');
    const compare = s.page.locator('.viewer-panel .compare-models');
    for (const id of [firstModelId, otherId]) await compare.locator(`[data-option-key="model:${id}"] input`).check();
    await expect.poll(() => compare.locator('[data-testid=compare-dice]').count(), { timeout: 120_000 }).toBe(2);
    const dice = (await compare.locator('[data-testid=compare-dice]').allTextContents()).map((t) => Number(t.replace('Dice ', '')));
    expect(dice[0]).toBeGreaterThan(0.6); // the trained model finds the phantom lungs
    expect(dice[0]).not.toBe(dice[1]);
    await expect(compare.locator('.compare-legend li').first().textContent()).resolves.toContain('ground truth');
    // One pane: the X-ray and the boundaries; the single-model mask layers are not drawn meanwhile.
    await expect.poll(() => s.page.locator('.viewer-panel .viewer-pane').count()).toBe(1);
    expect(await s.page.locator('.viewer-panel canvas[data-layer=prediction]').count()).toBe(0);
    // Each colour is on the canvas: cyan ground truth, red first model, green second model.
    await s.page.waitForTimeout(200);
    const colours = await s.page.$eval('.viewer-panel canvas[data-layer=compare]', (c) => {
      const canvas = c as HTMLCanvasElement;
      const d = (canvas.getContext('2d') as CanvasRenderingContext2D).getImageData(0, 0, canvas.width, canvas.height).data;
      const count: Record<string, number> = {};
      for (let i = 0; i < d.length; i += 4) if (d[i + 3]) count[`${d[i]},${d[i + 1]},${d[i + 2]}`] = (count[`${d[i]},${d[i + 1]},${d[i + 2]}`] ?? 0) + 1;
      return count;
    });
    expect(colours['0,200,255'] ?? 0).toBeGreaterThan(100);
    expect(colours['255,64,64'] ?? 0).toBeGreaterThan(100);
    expect(colours['80,220,80'] ?? 0).toBeGreaterThan(20);
    await s.page.locator('.viewer-panel').screenshot({ path: `${SHOTS}/viewer-compare.png` });
    // Unchecking both brings back the single-model view.
    for (const id of [firstModelId, otherId]) await compare.locator(`[data-option-key="model:${id}"] input`).uncheck();
    await expect.poll(() => s.page.locator('.viewer-panel canvas[data-layer=compare]').count()).toBe(0);
  });
});
