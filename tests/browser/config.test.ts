// The configuration panel in a real browser: a bad value gets its message next to the field and blocks
// export; fields the variant does not use are disabled; the config goes out as a JSON file and as a link
// and comes back from both (file input, address bar after a reload, a hash change in an open tab); broken
// files and links say what is wrong. Screenshots of the config and curves panels go to docs/screenshots/.
import { mkdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { openBrowserSession, openSection, type BrowserSession } from './harness';

const SHOTS = 'docs/screenshots';
let s: BrowserSession;

const panel = (page: Page) => page.locator('.config-panel');
const field = (page: Page, path: string): Locator => panel(page).locator(`[data-field="${path}"]`);
const input = (page: Page, path: string) => field(page, path).locator('input').first();
const fieldError = (page: Page, path: string) => field(page, path).locator('.field-error');

async function setField(page: Page, path: string, value: string): Promise<void> {
  await input(page, path).fill(value);
}

/** Waits for the load report to say `text` (files are read asynchronously) and returns all it says. */
async function report(page: Page, text: string): Promise<string> {
  const r = page.locator('[data-testid=config-load-report]', { hasText: text });
  await r.waitFor({ timeout: 10_000 });
  return (await r.textContent()) ?? '';
}

async function values(page: Page): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const path of ['model.inputSize', 'seed', 'loss.lambda', 'epochs']) out[path] = await input(page, path).inputValue();
  out['model.variant'] = await field(page, 'model.variant').locator('select').inputValue();
  return out;
}

describe('configuration panel in a real browser', () => {
  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    s = await openBrowserSession();
    await s.browser.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: s.baseUrl });
    await s.page.goto(s.appUrl);
    await openSection(s.page, 'train');
    // The first-visit phantom dataset shows up in the roles table; the backend line tells the defaults.
    await panel(s.page).locator('.config-datasets tr[data-dataset-id]').first().waitFor({ timeout: 120_000 });
    await s.page.locator('[data-testid=config-machine]', { hasText: 'Backend' }).waitFor({ timeout: 120_000 });
  });
  afterAll(async () => {
    await s?.close();
  });

  it('starts from the defaults of the backend found (CPU-class here), with the phantom dataset as train', async () => {
    // Headless Chromium here has WebGPU on SwiftShader (a software adapter): CPU-class, so 32 px.
    const machine = (await s.page.locator('[data-testid=config-machine]').textContent()) ?? '';
    expect(machine).toMatch(/^Backend (webgpu|webgl|wasm|cpu)/);
    const cpuClass = machine.includes('CPU-class');
    expect(await values(s.page)).toMatchObject({ 'model.inputSize': cpuClass ? '32' : '128', 'model.variant': 'multimix' });
    expect(await panel(s.page).locator('.config-datasets select').first().inputValue()).toBe('train');
    await expect(panel(s.page).getByRole('button', { name: 'Export JSON' }).isEnabled()).resolves.toBe(true);
  });

  it('shows a message next to an invalid field and blocks export until it is fixed', async () => {
    await setField(s.page, 'model.inputSize', '40');
    await expect(fieldError(s.page, 'model.inputSize').textContent()).resolves.toBe('Must be a multiple of 16 and at least 32 (got 40)');
    await expect(panel(s.page).getByRole('button', { name: 'Export JSON' }).isDisabled()).resolves.toBe(true);
    await expect(panel(s.page).getByRole('button', { name: 'Copy link' }).isDisabled()).resolves.toBe(true);
    await setField(s.page, 'optim.learningRate', 'abc');
    await expect(fieldError(s.page, 'optim.learningRate').textContent()).resolves.toBe('Must be in (0, 1] (got NaN)');
    await setField(s.page, 'optim.learningRate', '0.001');
    await setField(s.page, 'model.inputSize', '64');
    await expect(fieldError(s.page, 'model.inputSize').count()).resolves.toBe(0);
    await expect(panel(s.page).getByRole('button', { name: 'Export JSON' }).isEnabled()).resolves.toBe(true);
  });

  it('disables the fields a variant does not use', async () => {
    const variant = field(s.page, 'model.variant').locator('select');
    await variant.selectOption('unet');
    for (const path of ['loss.threshold', 'loss.lambda', 'loss.beta']) await expect(input(s.page, path).isDisabled()).resolves.toBe(true);
    await expect(input(s.page, 'loss.alpha').isEnabled()).resolves.toBe(true);
    await expect(field(s.page, 'budgets.cls').locator('select').isDisabled()).resolves.toBe(true);
    await variant.selectOption('enc');
    await expect(input(s.page, 'loss.alpha').isDisabled()).resolves.toBe(true);
    await variant.selectOption('multimix');
    for (const path of ['loss.threshold', 'loss.lambda', 'loss.alpha', 'loss.beta']) await expect(input(s.page, path).isEnabled()).resolves.toBe(true);
  });

  let exported: string;
  let link: string;

  it('exports the config as a JSON file and as a link', async () => {
    await field(s.page, 'model.variant').locator('select').selectOption('umtl-ssl');
    await setField(s.page, 'seed', '7');
    await setField(s.page, 'loss.lambda', '0.5');
    await field(s.page, 'budgets.seg').locator('select').selectOption('10');
    const [download] = await Promise.all([s.page.waitForEvent('download'), panel(s.page).getByRole('button', { name: 'Export JSON' }).click()]);
    expect(download.suggestedFilename()).toBe('multimix-config-umtl-ssl.json');
    exported = readFileSync((await download.path()) as string, 'utf8');
    const file = JSON.parse(exported);
    expect(file.format).toBe('multimix-workbench-config');
    expect(file.config.run).toMatchObject({ seed: 7, model: { variant: 'umtl-ssl', inputSize: 64 }, loss: { lambda: 0.5 } });
    expect(file.config.budgets.seg).toBe(10);

    await panel(s.page).getByRole('button', { name: 'Copy link' }).click();
    link = await panel(s.page).getByLabel('Shareable link').inputValue();
    // The link keeps the page's query, which names the section (Configure & Train) it opens on.
    expect(link).toMatch(new RegExp(`^${s.baseUrl}/\\?section=train#config=[A-Za-z0-9_-]+$`));
    expect(await s.page.evaluate(() => location.href)).toBe(link);
    expect(await s.page.evaluate(() => navigator.clipboard.readText())).toBe(link);
    await panel(s.page).screenshot({ path: `${SHOTS}/config-panel.png` });
  });

  it('loads the exported file back', async () => {
    await panel(s.page).getByRole('button', { name: 'Reset to defaults' }).click();
    expect(await values(s.page)).toMatchObject({ seed: '42', 'model.variant': 'multimix', 'model.inputSize': '32' });
    await s.page.locator('[data-testid=config-file-input]').setInputFiles({ name: 'mine.json', mimeType: 'application/json', buffer: Buffer.from(exported) });
    await report(s.page, 'Loaded the config from the file mine.json.');
    expect(await values(s.page)).toEqual({ 'model.inputSize': '64', seed: '7', 'loss.lambda': '0.5', epochs: '10', 'model.variant': 'umtl-ssl' });
    await expect(field(s.page, 'budgets.seg').locator('select').inputValue()).resolves.toBe('10');
  });

  it('loads the link after a reload', async () => {
    await panel(s.page).getByRole('button', { name: 'Reset to defaults' }).click();
    await s.page.goto(link);
    await s.page.reload();
    await s.page.locator('[data-testid=config-load-report]', { hasText: 'Loaded the config from the link.' }).waitFor({ timeout: 60_000 });
    await panel(s.page).locator('.config-datasets tr[data-dataset-id]').first().waitFor();
    expect(await values(s.page)).toEqual({ 'model.inputSize': '64', seed: '7', 'loss.lambda': '0.5', epochs: '10', 'model.variant': 'umtl-ssl' });
    await expect(panel(s.page).locator('[data-testid=config-problems]').count()).resolves.toBe(0); // the dataset ids are known here
  });

  it('says what is wrong with a damaged link or file, and marks the bad field', async () => {
    // Only the hash changes: the open tab picks it up without a reload.
    await s.page.evaluate(() => (location.hash = '#config=eyJydW4iOnsi$'));
    await report(s.page, 'Could not load the config from the link:The config in the link contains "$", which is not a base64url character');
    expect((await values(s.page)).seed).toBe('7'); // nothing applied

    await s.page.locator('[data-testid=config-file-input]').setInputFiles({
      name: 'edited.json', mimeType: 'application/json', buffer: Buffer.from('{"run": {"epochs": 0, "colour": "blue"}}'),
    });
    const text = await report(s.page, 'Loaded the config from the file edited.json, with problems');
    expect(text).toContain('colour is not a config field');
    await expect(fieldError(s.page, 'epochs').textContent()).resolves.toBe('Must be an integer >= 1 (got 0)');

    // A config naming a dataset this browser does not have: listed, blocking, and removable.
    await s.page.locator('[data-testid=config-file-input]').setInputFiles({
      name: 'elsewhere.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify({ ...JSON.parse(exported).config, datasets: [
        ...JSON.parse(exported).config.datasets, { datasetId: 'from-another-browser', role: 'test' }] })),
    });
    await report(s.page, 'Loaded the config from the file elsewhere.json.');
    const missing = panel(s.page).locator('[data-missing-dataset-id=from-another-browser]');
    await expect(missing.textContent()).resolves.toContain('Not stored in this browser: from-another-browser');
    await expect(panel(s.page).locator('[data-testid=config-problems]').textContent()).resolves.toContain('dataset from-another-browser (datasets[1]) no longer exists');
    await expect(panel(s.page).getByRole('button', { name: 'Export JSON' }).isDisabled()).resolves.toBe(true);
    await missing.getByRole('button', { name: 'Remove' }).click();
    await expect(panel(s.page).locator('[data-testid=config-problems]').count()).resolves.toBe(0);
    await expect(panel(s.page).getByRole('button', { name: 'Export JSON' }).isEnabled()).resolves.toBe(true);

    await s.page.locator('[data-testid=config-file-input]').setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('hello') });
    await report(s.page, 'Could not load the config from the file notes.txt:The file is not valid JSON');
  });

  it('live curves get points while a run trains; the run is listed, overlaid and exported as CSV', async () => {
    const { page } = s;
    // WASM: no shader compilation, the fastest CPU path (~0.1 s per step here). 2 epochs of 20 steps, so the
    // run lasts a few seconds and points can be seen arriving; validation after each epoch.
    await page.locator('[data-testid=backend-select]').selectOption('wasm');
    await page.locator('[data-testid=backend-active][data-backend=wasm]').waitFor({ timeout: 60_000 });
    await panel(page).getByRole('button', { name: 'Reset to defaults' }).click();
    await setField(page, 'model.inputSize', '32');
    await setField(page, 'epochs', '2');
    await setField(page, 'stepsPerEpoch', '20');
    // The paper's smallest budgets: the rest of the phantom train split feeds FixMatch and the KL term.
    await field(page, 'budgets.seg').locator('select').selectOption('10');
    await field(page, 'budgets.cls').locator('select').selectOption('100');
    // The exported config carries the backend picked in the Train panel.
    const [download0] = await Promise.all([page.waitForEvent('download'), panel(page).getByRole('button', { name: 'Export JSON' }).click()]);
    expect(JSON.parse(readFileSync((await download0.path()) as string, 'utf8')).config.backend).toBe('wasm');
    const redrawsBefore = Number(await page.getAttribute('[aria-label="Loss terms"] .plot-area', 'data-redraws'));
    await page.click('[data-testid=train-start]');

    const plotPoints = (title: string) =>
      page.evaluate((t) => {
        const gd = document.querySelector(`[aria-label="${t}"] .plot-area`) as (HTMLElement & { data?: Array<{ name: string; x: number[]; showlegend?: boolean }> }) | null;
        return Object.fromEntries((gd?.data ?? []).filter((d) => d.showlegend !== false).map((d) => [d.name, d.x.length]));
      }, title);
    // Points arrive while it trains: seen in the plot while the run is still running, and more later.
    const seenWhileRunning = await page.waitForFunction(() => {
      const gd = document.querySelector('[aria-label="Loss terms"] .plot-area') as (HTMLElement & { data?: Array<{ x: number[] }> }) | null;
      const status = document.querySelector('[data-testid=train-live]')?.getAttribute('data-status');
      const n = gd?.data?.[0]?.x.length ?? 0;
      return status === 'running' && n >= 1 && n < 40 ? n : false;
    }, undefined, { timeout: 120_000, polling: 50 });
    const early = (await seenWhileRunning.jsonValue()) as number;
    await page.locator('[data-testid=train-live][data-status=finished]').waitFor({ timeout: 180_000 });
    // The last progress batch reaches the plots within one coalesced update (at most one per second).
    await expect.poll(() => plotPoints('Loss terms'), { timeout: 10_000, interval: 250 }).toEqual({ total: 40, 'cls (CE)': 40, Dice: 40, FixMatch: 40, KL: 40 });
    expect(early).toBeLessThan(40);
    await expect.poll(() => plotPoints('Throughput'), { timeout: 10_000, interval: 250 }).toEqual({ 'images/s': 40 });
    await expect.poll(() => plotPoints('Schedule and pseudo-labels'), { timeout: 10_000, interval: 250 }).toEqual({ 'learning rate': 40, 'FixMatch confident share': 40 });
    // The 40 points came by extendTraces: during the whole run the plot was fully drawn at most twice (the
    // new run replacing the previous curves, and the run's record appearing in the runs list).
    const redraws = Number(await page.getAttribute('[aria-label="Loss terms"] .plot-area', 'data-redraws')) - redrawsBefore;
    console.log(`loss plot: ${redraws} full redraws for 40 live points`);
    expect(redraws).toBeLessThanOrEqual(2);
    // The last epoch's validation can come one coalesced update after the last step's points.
    await expect.poll(() => plotPoints('Validation (per epoch)'), { timeout: 10_000, interval: 250 }).toMatchObject({ Dice: 2, 'selection score': 2 });
    // The lines are drawn, not just held in data.
    expect(await page.locator('[aria-label="Loss terms"] .scatterlayer path.js-line').count()).toBeGreaterThan(0);
    await page.locator('.curves-panel').screenshot({ path: `${SHOTS}/curves-panel.png` });

    // Log axis and smoothing redraw with the same points.
    await page.locator('.curves-panel').getByLabel('Log y-axis (losses)').check();
    await page.waitForFunction(() => (document.querySelector('[aria-label="Loss terms"] .plot-area') as any)?.layout?.yaxis?.type === 'log');
    expect((await plotPoints('Loss terms')).total).toBe(40);

    // Runs section: the finished run with its best validation epoch; overlay and CSV.
    await openSection(page, 'runs');
    const row = page.locator('[data-testid=runs-compare-table] tbody tr').first();
    await row.waitFor({ timeout: 30_000 });
    expect(await row.locator('td').nth(2).textContent()).toBe('finished');
    expect(await row.locator('td').nth(4).textContent()).toMatch(/^\d\.\d{3} \(epoch [12]\)$/);
    // Test metrics on request: the worker evaluates the best weights on the phantom test split.
    await row.getByRole('button', { name: 'Test' }).click();
    await row.locator('td', { hasText: /^Acc \d\.\d{3} · AUC (\d\.\d{3}|n\/a) · Dice \d\.\d{3}$/ }).waitFor({ timeout: 60_000 });
    await row.locator('input[type=checkbox]').check();
    await page.locator('[data-testid=run-overlay] .plot-area .scatterlayer path.js-line').first().waitFor({ timeout: 30_000 });
    const [download] = await Promise.all([page.waitForEvent('download'), row.getByRole('button', { name: 'CSV' }).click()]);
    const csv = readFileSync((await download.path()) as string, 'utf8').trim().split('\n');
    expect(csv[0]).toMatch(/^step,epoch,loss\/cls,loss\/dice,loss\/fixmatch,loss\/kl,loss\/total,/);
    // Steps 0..39 (loss rows) plus step 40, where the second epoch's validation was recorded.
    expect(csv.slice(1).map((l) => Number(l.split(',')[0]))).toEqual([...Array(41).keys()]);
    await page.locator('.runs-panel').screenshot({ path: `${SHOTS}/runs-panel.png` });
  }, 300_000);
});

