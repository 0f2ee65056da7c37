// Node = browser (issue 10, item 1): the same small folder of real lung X-rays (PNG + masks) and the same config
// train their first step to the same losses in `npm run experiment` (npx tsx, as users run it) and in the app
// (dropped into the Data panel, stored at 256², trained by the worker on wasm). Both decode with exact PNG
// decoders, go through the stored 256² and then the run size (core storedToRunSize), and assemble the run
// with the core's assembleRun from the same seed. (JPEGs are decoded by Chromium in the app and by jpeg-js in
// Node, whose IDCTs may differ by a grey level: PNG keeps this comparison exact.)
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { inStore, openBrowserSession, openSection, type BrowserSession } from './harness';
import { commitAndWaitForReport, dropFiles, filesUnder, waitForPreview } from './pages/data-panel';

const LUNGS = path.resolve('../shared/data/cxr/lungs');
const N = 24;

describe('the same config gives the same first-step losses in Node and in the browser', () => {
  let s: BrowserSession;
  let dir: string;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'mmw-parity-'));
    for (const f of ['images', 'masks']) {
      mkdirSync(path.join(dir, 'lungs', f), { recursive: true });
      for (const name of readdirSync(path.join(LUNGS, f)).sort().slice(0, N)) copyFileSync(path.join(LUNGS, f, name), path.join(dir, 'lungs', f, name));
    }
    s = await openBrowserSession();
    await s.page.goto(s.appUrl, { timeout: 180_000 });
    await s.page.locator('[data-testid=dataset-card][data-layout=synthetic-phantom]').waitFor({ timeout: 150_000 });
  });
  afterAll(async () => {
    await s?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('unet, 32 px, one step on wasm: loss terms agree to 1e-5 relative', async () => {
    writeFileSync(path.join(dir, 'exp.json'), JSON.stringify({
      variant: 'unet', imageSize: 32, widthMultiplier: 0.25, m: 2, steps: 1, seed: 7, backend: 'wasm',
      budgets: { seg: 8, cls: 'all' }, data: { segTrain: 'lungs' },
    }));
    const out = path.join(dir, 'out');
    await promisify(execFile)('npx', ['tsx', 'src/cli/experiment.ts', '--config', path.join(dir, 'exp.json'), '--out', out], { maxBuffer: 32 << 20 });
    const node = JSON.parse(readFileSync(path.join(out, 'history.json'), 'utf8')).steps[0] as Record<string, number>;
    const nodeKeys = JSON.parse(readFileSync(path.join(out, 'data-keys.json'), 'utf8')) as Record<string, string[]>;
    const nodeRun = JSON.parse(readFileSync(path.join(out, 'metrics.json'), 'utf8')).config;

    const { page } = s;
    await dropFiles(page, filesUnder(path.join(dir, 'lungs')));
    expect(await waitForPreview(page)).toEqual([{ layout: 'image-mask', root: 'lungs', items: N }]);
    await commitAndWaitForReport(page);
    // The Data panel assigns val/test splits at import (its own seed), and a run keeps splits a dataset gives. A
    // folder without split subfolders gives the runner none, so here the Data panel assigns none either (all
    // train, the user's "0 % validation, 0 % test"): both runs then carve validation and test from the run seed.
    await inStore(page, `
      const lungs = useStore.getState().datasets.find((d) => d.name === 'lungs');
      await useStore.getState().applyAssignment(lungs.id, { ...lungs.assignment, fractions: { val: 0, test: 0 } });
    `);
    await openSection(page, 'train');
    await page.selectOption('[data-testid=backend-select]', 'wasm');
    await page.locator('[data-testid=backend-active][data-backend=wasm]').waitFor({ timeout: 60_000 });
    // The run config exactly as the runner used it (its metrics.json), the same budgets, the folder as "train".
    const { budgets: _b, data: _d, decisionThreshold: _t, ...run } = nodeRun;
    await inStore(page, `
      const lungs = useStore.getState().datasets.find((d) => d.name === 'lungs');
      useStore.getState().setConfig((c) => ({ ...c, datasets: [{ datasetId: lungs.id, role: 'train' }], budgets: arg.budgets, run: arg.run }));
    `, { run, budgets: nodeRun.budgets });
    await page.click('[data-testid=train-start]');
    await page.locator('[data-testid=train-live][data-status=finished]').waitFor({ timeout: 180_000 });
    const browser = await inStore(page, `
      const st = useStore.getState();
      const runId = st.live.runId;
      const imp = new Function('p', 'return import(p)');
      const storage = await imp('/src/platform/storage/index.ts');
      const rec = await storage.getRunSummary(await storage.openDatabase(), runId);
      return { terms: st.livePoints[runId][0].terms, keys: rec.dataKeys };
    `) as { terms: Record<string, number>; keys: Record<string, string[]> };

    // The same images in every set (keys are prefixed with the dataset id: "segTrain/…" in Node, the app's id here).
    const strip = (k: Record<string, string[]>) => Object.fromEntries(Object.entries(k).map(([role, ks]) => [role, ks.map((x) => x.slice(x.indexOf('/') + 1))]));
    expect(strip(browser.keys)).toEqual(strip(nodeKeys));
    const rel: Record<string, number> = {};
    for (const t of ['total', 'dice'] as const) {
      expect(browser.terms[t], t).toBeTypeOf('number');
      rel[t] = Math.abs((browser.terms[t] as number) - (node[t] as number)) / Math.max(1e-12, Math.abs(node[t] as number));
    }
    console.log(`[parity] first step, Node ${JSON.stringify({ total: node.total, dice: node.dice })} vs browser ${JSON.stringify({ total: browser.terms.total, dice: browser.terms.dice })}; relative difference ${JSON.stringify(rel)}`);
    for (const [t, r] of Object.entries(rel)) expect(r, t).toBeLessThan(1e-5);
  }, 400_000);
});
