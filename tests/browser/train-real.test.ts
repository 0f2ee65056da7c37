// Real chest X-rays through the whole path: a small subset of ../shared/data/cxr/lungs (image + mask) and
// pneumonia (Kermany NORMAL/PNEUMONIA) is dropped into the data panel, both datasets get the role "train",
// and the worker trains a few MultiMix steps on WASM from what IndexedDB holds.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inStore, openApp, openSection, type BrowserSession } from './harness';
import { commitAndWaitForReport, dropFiles, filesUnder, firstPerFolder, waitForPreview } from './pages/data-panel';

const CXR = '../shared/data/cxr';
let s: BrowserSession;

describe('training on real X-rays in a real browser', () => {
  beforeAll(async () => {
    s = await openApp();
  });
  afterAll(async () => {
    await s?.close();
  });

  it('imports lungs + pneumonia subsets and trains a few steps on WASM from them', async () => {
    const { page } = s;
    await dropFiles(page, [...firstPerFolder(filesUnder(`${CXR}/lungs`), 24), ...firstPerFolder(filesUnder(`${CXR}/pneumonia`), 24)]);
    expect(await waitForPreview(page)).toEqual([
      { layout: 'image-mask', root: 'lungs', items: 24 },
      { layout: 'kermany', root: 'pneumonia', items: 48 },
    ]);
    const report = await commitAndWaitForReport(page);
    expect(report.datasets.map((d) => [d.name, d.imported])).toEqual([['lungs', 24], ['pneumonia', 48]]);

    await openSection(page, 'train');
    await page.selectOption('[data-testid=backend-select]', 'wasm');
    await page.locator('[data-testid=backend-active][data-backend=wasm]').waitFor({ timeout: 60_000 });
    await inStore(page, `
      const real = useStore.getState().datasets.filter((d) => !d.synthetic).map((d) => ({ datasetId: d.id, role: 'train' }));
      useStore.getState().setConfig((c) => ({
        ...c,
        datasets: real,
        budgets: { seg: 8, cls: 16 },
        run: { ...c.run, model: { ...c.run.model, inputSize: 32, widthMultiplier: 0.25 }, batchSize: 2, epochs: 1, stepsPerEpoch: 4 },
      }));
      return real.length;
    `);
    await page.click('[data-testid=train-start]');
    await page.locator('[data-testid=train-live][data-status=finished]').waitFor({ timeout: 120_000 });
    const summary = await page.locator('[data-testid=train-data-summary]').innerText();
    expect(summary).not.toContain('Synthetic');
    expect(summary).toMatch(/seg 8 labeled \/ \d+ unlabeled/);
    const points = (await inStore(page, 'const l = useStore.getState().live; return useStore.getState().livePoints[l.runId];')) as Array<{ step: number; terms: Record<string, number> }>;
    expect(points.map((p) => p.step)).toEqual([0, 1, 2, 3]);
    for (const p of points) for (const v of Object.values(p.terms)) expect(Number.isFinite(v)).toBe(true);
    const epochs = (await inStore(page, 'const l = useStore.getState().live; return useStore.getState().liveEpochs[l.runId];')) as Array<{ validation?: { cls?: object; seg?: object } }>;
    expect(epochs).toHaveLength(1);
    expect(epochs[0]!.validation?.seg).toBeDefined();
    expect(epochs[0]!.validation?.cls).toBeDefined();
  }, 170_000);
});
