// Provenance in a real browser (issue 9, item 6): re-importing X-rays that are already stored asks "skip
// duplicates" / "import as new" (both answers walked), the dataset zip comes back with its cross-domain tag,
// splits, labels and masks, and a model trained on the synthetic phantoms is marked in every list and warned
// about when it is applied to a real X-ray. Real images from ../shared/data/cxr; small on purpose.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportModelFiles, inStore, openBrowserSession, openSection, type BrowserSession } from './harness';
import {
  card, commitAndWaitForReport, dropFiles, filesUnder, storedDatasets, storedImages, waitForDuplicatePrompt, waitForPreview,
} from './pages/data-panel';

const CXR = '../shared/data/cxr';
const SHOTS = 'docs/screenshots';
let s: BrowserSession;
let dir = '';

const closeReport = () => s.page.click('[data-testid=close-report]');

describe('provenance in a real browser (issue 9)', () => {
  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    dir = mkdtempSync(join(tmpdir(), 'mmw-prov-'));
    s = await openBrowserSession();
    s.page.on('dialog', (d) => void d.accept());
    // A cold Vite server on a loaded 2-core machine can take more than the default 30 s.
    await s.page.goto(s.appUrl, { timeout: 150_000 });
    await s.page.locator('[data-testid=dataset-card][data-layout=synthetic-phantom]').waitFor({ timeout: 150_000 });
  });
  afterAll(async () => {
    await s?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('re-importing stored X-rays asks: "skip duplicates" keeps nothing new, "import as new" makes "shenzhen (2)"', async () => {
    const shenzhen = filesUnder(`${CXR}/shenzhen`);
    await dropFiles(s.page, shenzhen);
    await waitForPreview(s.page);
    expect((await commitAndWaitForReport(s.page)).datasets.map((d) => [d.name, d.imported])).toEqual([['shenzhen', 10]]);
    await closeReport();

    await dropFiles(s.page, shenzhen);
    await waitForPreview(s.page);
    await s.page.click('[data-testid=commit-import]');
    expect(await waitForDuplicatePrompt(s.page)).toEqual(['10 of 10 image(s) of “shenzhen” have the same pixels as images in the stored dataset “shenzhen”.']);
    await s.page.locator('[data-testid=import-preview]').screenshot({ path: `${SHOTS}/import-duplicate-prompt.png` });
    // Nothing was kept while the question is open.
    expect((await storedDatasets(s.page)).filter((d) => !d.synthetic).map((d) => d.name)).toEqual(['shenzhen']);
    await s.page.click('[data-testid=skip-duplicates]');
    await s.page.waitForSelector('[data-testid=import-report]', { timeout: 120_000 });
    const skipped = await inStore(s.page, 'return useStore.getState().importReport.datasets.map((d) => [d.imported, d.skipped.map((i) => i.code)]);');
    expect(skipped).toEqual([[0, Array(10).fill('duplicate-image')]]);
    expect((await storedDatasets(s.page)).filter((d) => !d.synthetic).map((d) => d.name)).toEqual(['shenzhen']);
    await closeReport();

    await dropFiles(s.page, shenzhen);
    await waitForPreview(s.page);
    const kept = await commitAndWaitForReport(s.page, 120_000, 'import');
    expect(kept.datasets.map((d) => [d.name, d.imported])).toEqual([['shenzhen (2)', 10]]);
    await closeReport();
  });

  it('the dataset zip comes back with its cross-domain tag, splits, labels and masks', async () => {
    const original = card(s.page, 'shenzhen (2)');
    await original.locator('select[aria-label="Domain tag"]').selectOption('cross-domain');
    await expect.poll(async () => (await storedDatasets(s.page)).find((d) => d.name === 'shenzhen (2)')?.domain).toBe('cross-domain');
    const [download] = await Promise.all([s.page.waitForEvent('download', { timeout: 60_000 }), original.locator('[data-testid=export-dataset]').click()]);
    const zip = join(dir, download.suggestedFilename());
    await download.saveAs(zip);

    await dropFiles(s.page, [{ abs: zip, rel: 'exports/shenzhen-2.zip' }]);
    expect((await waitForPreview(s.page)).map((p) => [p.layout, p.items])).toEqual([['workbench-export', 10]]);
    await expect(s.page.locator('.plan select[aria-label=Domain]').inputValue()).resolves.toBe('cross-domain');
    await expect(s.page.locator('.plan-name').inputValue()).resolves.toBe('shenzhen (2)');
    // Same pictures as two stored datasets: the prompt again; keep a copy to compare.
    expect((await commitAndWaitForReport(s.page, 120_000, 'import')).datasets.map((d) => [d.name, d.imported])).toEqual([['shenzhen (3)', 10]]);
    await closeReport();

    const stored = await storedDatasets(s.page);
    const [a, b] = [stored.find((d) => d.name === 'shenzhen (2)')!, stored.find((d) => d.name === 'shenzhen (3)')!];
    expect(b.domain).toBe('cross-domain');
    expect([b.layout, b.synthetic, b.counts, b.assignment]).toEqual([a.layout, a.synthetic, a.counts, a.assignment]);
    const strip = (im: { datasetId: string; key: string }) => ({ ...im, datasetId: '' });
    const byKey = (x: { key: string }, y: { key: string }) => x.key.localeCompare(y.key);
    expect((await storedImages(s.page, b.id)).map(strip).sort(byKey)).toEqual((await storedImages(s.page, a.id)).map(strip).sort(byKey));
  });

  it('a phantom-trained model is badged in every list and warned about on a real X-ray, next to its verdict', async () => {
    // A few labelled real X-rays (Kermany folders) for the verdict.
    const pneumonia = filesUnder(`${CXR}/pneumonia`);
    const some = [...pneumonia.filter((f) => f.rel.includes('/NORMAL/')).slice(0, 2), ...pneumonia.filter((f) => f.rel.includes('/PNEUMONIA/')).slice(0, 2)];
    await dropFiles(s.page, some);
    await waitForPreview(s.page);
    await s.page.fill('.plan-name', 'four real');
    expect((await commitAndWaitForReport(s.page)).datasets.map((d) => d.imported)).toEqual([4]);
    await closeReport();

    await openSection(s.page, 'train');
    await s.page.selectOption('[data-testid=backend-select]', 'wasm');
    await s.page.locator('[data-testid=backend-active][data-backend=wasm]').waitFor({ timeout: 60_000 });
    await inStore(s.page, `const st = useStore.getState();
      const phantom = st.datasets.find((d) => d.synthetic);
      st.setConfig((c) => ({
        ...c, checkpointEverySteps: 1, datasets: [{ datasetId: phantom.id, role: 'train' }],
        run: { ...c.run, model: { ...c.run.model, inputSize: 32, widthMultiplier: 0.25 }, batchSize: 2, epochs: 1, stepsPerEpoch: 2 },
      }));`);
    await s.page.click('[data-testid=train-start]');
    await s.page.locator('[data-testid=train-live][data-status=finished]').waitFor({ timeout: 180_000 });
    const runId: string = await inStore(s.page, 'await useStore.getState().refreshRuns(); return useStore.getState().live.runId;');

    // Runs table.
    await openSection(s.page, 'runs');
    const row = s.page.locator(`.runs-table tr[data-run-id="${runId}"]`).first();
    await expect(row.locator('[data-testid=provenance-badge]').getAttribute('data-kind')).resolves.toBe('synthetic');
    await expect(row.locator('[data-testid=provenance-badge]').getAttribute('title')).resolves.toMatch(/^Trained on synthetic phantom data[\s\S]* — train, 200 images, synthetic phantom, content [0-9a-f]{16}/);

    // Viewer: the phantom model on a real, labelled X-ray.
    await openSection(s.page, 'viewer');
    const viewer = s.page.locator('.viewer-panel');
    await viewer.locator('.viewer-nav select').selectOption({ label: 'four real' });
    await viewer.locator('.model-source select').selectOption(`run:${runId}:latest`);
    await expect(viewer.locator('.model-source [data-testid=provenance-badge]').getAttribute('data-kind')).resolves.toBe('synthetic');
    await s.page.waitForFunction(() => /P\(pneumonia\)/.test(document.querySelector('[data-testid=predicted-class]')?.textContent ?? ''), undefined, { timeout: 60_000, polling: 200 }).catch(async (err: unknown) => {
      const st = await inStore(s.page, `const st = useStore.getState(); return { ds: st.viewerDatasetId, names: st.datasets.map((d) => [d.id, d.name]), n: st.viewerImages.length, viewed: st.viewed?.record?.key, src: st.viewerSource, pred: !!st.prediction, predicting: st.predicting, err: st.predictionError };`);
      console.log('[provenance debug]', JSON.stringify(st), await s.page.locator('.viewer-panel').innerText());
      throw err;
    });
    await expect(viewer.locator('[data-testid=provenance-warning]').textContent()).resolves.toMatch(/trained on synthetic phantoms, not real X-rays/);
    // Whatever the verdict (✓ or ✗), the phantom mark stands right next to it.
    await expect(viewer.locator('.prediction-summary :is(.ok, .wrong) + [data-testid=verdict-phantom]').count()).resolves.toBe(1);
    await viewer.screenshot({ path: `${SHOTS}/viewer-phantom-warning.png` });
    // The same model on a phantom image: no warning (it is what the model was trained on).
    await viewer.locator('.viewer-nav select').selectOption({ index: 0 });
    await expect.poll(async () => viewer.locator('[data-testid=provenance-warning]').count()).toBe(0);

    // Evaluation's model choice (the same picker) and the models list after saving.
    await expect(s.page.locator('.evaluation-panel .model-source [data-testid=provenance-badge]').getAttribute('data-kind')).resolves.toBe('synthetic');
    await openSection(s.page, 'models');
    const models = s.page.locator('.models-panel');
    await models.getByRole('button', { name: 'Save as model' }).click();
    const saved = models.locator('.models-list tbody tr').first();
    await saved.waitFor({ timeout: 60_000 });
    await expect(saved.locator('[data-testid=provenance-badge]').getAttribute('data-kind')).resolves.toBe('synthetic');

    // Exported as TF.js files and imported back, the model still says what it was trained on (model.json's
    // userDefinedMetadata.provenance).
    const files = await exportModelFiles(s.page, saved.getByRole('button', { name: 'Export' }), dir);
    await s.page.setInputFiles('[data-testid=model-file-input]', files);
    await expect.poll(() => models.locator('.models-list tbody tr').count(), { timeout: 60_000 }).toBe(2);
    const kinds = await models.locator('.models-list tbody tr [data-testid=provenance-badge]').evaluateAll((els) => els.map((e) => e.getAttribute('data-kind')));
    expect(kinds).toEqual(['synthetic', 'synthetic']);
  });
});
