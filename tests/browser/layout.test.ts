// Issue 9, item 5 in a real browser at 1366×768 (after a 3-step run, so every section has content): every
// section's main controls fit the window without
// scrolling, in the light and the dark theme (screenshots docs/screenshots/section-<id>-<theme>.png); a section
// is deep-linkable and back/forward work; the skip link, a section shortcut and the "?" list; the theme toggle
// persists across a reload and plots follow it; a confirmation toast dismisses itself, a warning stays until
// dismissed; dragging in the viewer selects no page text.
import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inStore, openBrowserSession, openSection, type BrowserSession, type Page } from './harness';

const SHOTS = 'docs/screenshots';
const W = 1366;
const H = 768;
let s: BrowserSession;

/** Per section, the controls a user needs first; each must be inside the window as the section opens. */
const MAIN_CONTROLS: Record<string, string[]> = {
  data: ['[data-testid=drop-zone]', '[data-testid=drop-zone] button'],
  train: [
    '.config-panel [data-field="model.variant"] select', '.config-panel [data-field="model.inputSize"] input', '.config-panel [data-field="epochs"] input',
    '[data-testid=backend-select]', '[data-testid=train-start]', '[data-testid=train-pause]', '[data-testid=train-stop]', '.curves-panel h2',
  ],
  runs: ['.runs-panel h2', '.runs-panel button'],
  viewer: ['.viewer-panel .model-source select', '.viewer-panel [aria-label="Next image"]', '.viewer-panel .zoom-pane', '.viewer-controls legend'],
  evaluation: ['.evaluation-panel select', '.evaluation-panel button'],
  models: ['.models-panel button'],
  research: ['[data-testid=grid-form] input[type=checkbox]', '[data-testid=grid-budgets]', '[data-testid=grid-start]'],
};

async function section(page: Page): Promise<string | null> {
  return page.evaluate(() => new URL(location.href).searchParams.get('section'));
}

describe('workbench layout: sections, keyboard, theme, toasts (issue 9)', () => {
  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    s = await openBrowserSession();
    await s.page.setViewportSize({ width: W, height: H });
    await s.page.goto(s.appUrl, { timeout: 120_000 });
    await s.page.locator('[data-testid=dataset-card][data-layout=synthetic-phantom]').waitFor({ timeout: 150_000 });
  });
  afterAll(async () => {
    await s?.close();
  });

  it('a tiny run (3 steps at 32 px on wasm) gives the Runs, Viewer, Evaluation and Models sections something to show', async () => {
    const { page } = s;
    await openSection(page, 'train');
    await inStore(page, "await useStore.getState().initTraining(); await useStore.getState().setBackendPreference('wasm');");
    await page.locator('[data-testid=backend-active][data-backend=wasm]').waitFor({ timeout: 180_000 });
    await inStore(page, `useStore.getState().setConfig((c) => ({ ...c, checkpointEverySteps: 0,
      run: { ...c.run, model: { ...c.run.model, inputSize: 32, widthMultiplier: 0.25 }, batchSize: 1, epochs: 1, stepsPerEpoch: 3 } }));`);
    await page.click('[data-testid=train-start]');
    await page.locator('[data-testid=train-live][data-status=finished]').waitFor({ timeout: 300_000 });
    const runId = (await page.getAttribute('[data-testid=train-live]', 'data-run-id')) as string;
    await inStore(page, "useStore.getState().setViewerSource({ runId: arg, which: 'best' });", runId);
    await openSection(page, 'evaluation');
    await page.locator('.evaluation-panel').getByRole('button', { name: 'Evaluate' }).click();
    await page.locator('.evaluation-panel [data-testid=eval-metrics]').waitFor({ timeout: 180_000 });
    await openSection(page, 'models');
    await page.locator('.models-panel').getByRole('button', { name: 'Save as model' }).click();
    await page.locator('.models-panel .models-list tbody tr').first().waitFor({ timeout: 60_000 });
    await openSection(page, 'viewer');
    await page.locator('[data-testid=predicted-class]', { hasText: 'P(pneumonia)' }).waitFor({ timeout: 180_000 });
  }, 600_000);

  it('each section fits 1366×768 without scrolling, light and dark (screenshots)', async () => {
    const { page } = s;
    // The confirmations of the run-up test go away by themselves (5 s): screenshots without them.
    await page.locator('.notices .toast').first().waitFor({ state: 'detached', timeout: 30_000 });
    for (const theme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: theme });
      await expect.poll(() => page.evaluate(() => document.documentElement.dataset.theme)).toBe(theme);
      for (const [id, selectors] of Object.entries(MAIN_CONTROLS)) {
        await openSection(page, id);
        expect(await section(page)).toBe(id);
        if (id === 'viewer') await page.locator('.viewer-panel .zoom-pane').first().waitFor({ timeout: 60_000 });
        if (id === 'train') await page.locator('[aria-label="Loss terms"] .main-svg').first().waitFor({ timeout: 60_000 });
        // The window itself never scrolls: the section (or a column of it) scrolls in its own box.
        expect(await page.evaluate(() => document.documentElement.scrollHeight)).toBeLessThanOrEqual(H);
        for (const sel of selectors) {
          const box = await page.locator(`[data-section="${id}"] ${sel}`).first().boundingBox();
          expect(box, `${id}: ${sel} is shown`).not.toBeNull();
          expect(box!.y, `${id}: ${sel} top`).toBeGreaterThanOrEqual(0);
          expect(box!.y + box!.height, `${id}: ${sel} bottom (${theme})`).toBeLessThanOrEqual(H);
          expect(box!.x + box!.width, `${id}: ${sel} right`).toBeLessThanOrEqual(W);
        }
        await page.screenshot({ path: `${SHOTS}/section-${id}-${theme}.png` });
      }
    }
    await page.emulateMedia({ colorScheme: 'light' });
  }, 240_000);

  it('a section is deep-linkable, back and forward work, and a shared config link opens Configure & Train', async () => {
    const { page } = s;
    await page.goto(`${s.baseUrl}/?section=viewer`);
    await page.locator('[data-section=viewer]').waitFor();
    await expect(page.locator('[data-section=data]').isHidden()).resolves.toBe(true);
    await expect(page.locator('a[data-section-link=viewer]').getAttribute('aria-current')).resolves.toBe('page');
    await openSection(page, 'runs');
    expect(await section(page)).toBe('runs');
    await page.goBack();
    await page.locator('[data-section=viewer]').waitFor();
    expect(await section(page)).toBe('viewer');
    await page.goForward();
    await page.locator('[data-section=runs]').waitFor();
    // An unknown section falls back to the remembered one (runs), a #config= link without one to Configure & Train.
    await page.goto(`${s.baseUrl}/?section=nonsense`);
    await page.locator('[data-section=runs]').waitFor();
    await page.goto(`${s.baseUrl}/#config=e30`);
    await page.locator('[data-section=train]').waitFor();
    expect(await section(page)).toBe('train');
    expect(new URL(page.url()).hash).toBe('#config=e30');
  }, 120_000);

  it('keyboard: the first Tab reaches "Skip to content", g then a key opens a section, ? lists the shortcuts', async () => {
    const { page } = s;
    await page.goto(`${s.baseUrl}/?section=data`);
    await page.locator('[data-section=data]').waitFor();
    await page.keyboard.press('Tab');
    await expect(page.evaluate(() => document.activeElement?.textContent)).resolves.toBe('Skip to content');
    await page.keyboard.press('Enter');
    await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe('main-content');
    await page.keyboard.press('g');
    await page.keyboard.press('m');
    await page.locator('[data-section=models]').waitFor();
    expect(await section(page)).toBe('models');
    await page.keyboard.press('Shift+Slash');
    const help = page.locator('[data-testid=shortcut-help]');
    await help.waitFor();
    expect(await help.innerText()).toMatch(/g\s*v\s*Viewer/);
    await page.keyboard.press('Escape');
    await help.waitFor({ state: 'detached' });
    // Typing in a field is never a shortcut.
    await openSection(page, 'train');
    const seed = page.locator('.config-panel [data-field="seed"] input').first();
    const before = await seed.inputValue();
    await seed.focus();
    await page.keyboard.press('g');
    await page.keyboard.press('d');
    expect(await section(page)).toBe('train');
    await seed.fill(before);
  }, 90_000);

  it('the theme toggle persists across a reload, and plots follow the theme', async () => {
    const { page } = s;
    await page.emulateMedia({ colorScheme: 'light' });
    await openSection(page, 'train');
    const plotFont = () => page.evaluate(() => (document.querySelector('[aria-label="Loss terms"] .plot-area') as any)?.layout?.font?.color);
    await expect.poll(plotFont, { timeout: 60_000 }).toBe('#1d2430');
    await page.getByRole('radio', { name: 'Dark' }).click();
    await expect.poll(() => page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    await expect.poll(plotFont, { timeout: 30_000 }).toBe('#d7dde8');
    await page.waitForTimeout(300);
    await page.reload();
    await page.locator('[data-section=train]').waitFor();
    await expect(page.evaluate(() => document.documentElement.dataset.theme)).resolves.toBe('dark');
    await expect(page.getByRole('radio', { name: 'Dark' }).getAttribute('aria-checked')).resolves.toBe('true');
    // Back to following the system.
    await page.getByRole('radio', { name: 'System' }).click();
    await expect.poll(() => page.evaluate(() => document.documentElement.dataset.theme)).toBe('light');
  }, 120_000);

  it('a confirmation toast dismisses itself; a warning stays until dismissed', async () => {
    const { page } = s;
    await inStore(page, "useStore.getState().notify('info', 'Saved the test model.');");
    const info = page.locator('.notices .toast-info', { hasText: 'Saved the test model.' });
    await info.waitFor();
    const t0 = Date.now();
    await info.waitFor({ state: 'detached', timeout: 15_000 });
    const shownMs = Date.now() - t0;
    expect(shownMs).toBeGreaterThan(3_000);
    await inStore(page, "useStore.getState().notify('warning', 'Imported 0 image(s) into 0 dataset(s); 2 file(s) skipped.', { section: 'data' });");
    const warning = page.locator('.notices .toast-warning', { hasText: 'Imported 0 image(s)' });
    await warning.waitFor();
    // Raised for another section: it links there.
    await expect(warning.getByRole('button', { name: '(in Data)' }).count()).resolves.toBe(1);
    await page.waitForTimeout(7_000);
    await expect(warning.isVisible()).resolves.toBe(true);
    await warning.getByRole('button', { name: 'Dismiss' }).click();
    await warning.waitFor({ state: 'detached' });
  }, 60_000);

  it('panning the viewer image, or a drag that starts beside it, selects no page text', async () => {
    const { page } = s;
    await openSection(page, 'viewer');
    const stage = '[data-section=viewer] .viewer-stage';
    const pane = page.locator(`${stage} .zoom-pane`).first();
    await pane.waitFor({ timeout: 60_000 });
    const drag = async (from: { x: number; y: number }, to: { x: number; y: number }) => {
      await page.evaluate(() => getSelection()?.removeAllRanges());
      await page.mouse.move(from.x, from.y);
      await page.mouse.down();
      await page.mouse.move(from.x + 30, from.y + 30, { steps: 5 });
      await page.mouse.move(to.x, to.y, { steps: 10 });
      await page.mouse.up();
      return page.evaluate(() => getSelection()?.toString() ?? '');
    };
    const hint = (await page.locator('[data-section=viewer] .hint').boundingBox())!;
    const end = { x: hint.x + hint.width - 5, y: hint.y + hint.height / 2 };
    // A pan (zoomed in): the image moves, nothing is selected.
    await page.locator(`${stage} button[aria-label="Zoom in"]`).first().click();
    const transform = () => page.locator(`${stage} .zoom-content`).first().evaluate((el) => (el as HTMLElement).style.transform);
    const before = await transform();
    const box = (await pane.boundingBox())!;
    expect(await drag({ x: box.x + box.width / 2, y: box.y + box.height / 2 }, end)).toBe('');
    expect(await transform()).not.toBe(before);
    // A drag from the caption under the image (text) across the controls: measured without the rule, this
    // selected the caption, the prediction summary and every control label.
    const caption = (await page.locator(`${stage} figcaption`).first().boundingBox())!;
    expect(await drag({ x: caption.x + 5, y: caption.y + caption.height / 2 }, end)).toBe('');
    await page.locator(`${stage} button:text-is("Fit")`).first().click();
  }, 60_000);
});
