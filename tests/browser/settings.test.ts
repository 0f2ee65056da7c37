// Issue 9 in a real browser: a first visit measures the backends (WASM wins here over the software WebGPU
// adapter) and shows the figures, as does the Measure button (every backend); dataset roles, a config field
// and the section in view survive a reload, as do the measurement and the choice (no second measurement); all
// roles "unused" disables Start with the reason next to it; a backend override sticks; a backend switch while
// a run is paused leaves it paused, in the Train panel, the run-control bar and the runs table alike (the
// worker-level sequence is also unit-tested in tests/unit/training/run-session.test.ts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openBrowserSession, openSection, type BrowserSession } from './harness';

let s: BrowserSession;
const roleSelect = (page: Page) => page.locator('.config-panel .config-datasets select').first();
const seedInput = (page: Page) => page.locator('.config-panel [data-field="seed"] input').first();
const active = (page: Page) => page.locator('[data-testid=backend-active]');

async function measuredRows(page: Page) {
  return page.locator('[data-testid=backend-timings] tr[data-backend]').evaluateAll((trs) =>
    trs.map((tr) => ({
      backend: tr.getAttribute('data-backend'), ms: tr.querySelector('td')?.getAttribute('data-ms') ?? '', text: tr.textContent ?? '',
      warmup: tr.querySelector('[data-warmup-ms]')?.getAttribute('data-warmup-ms'), start: tr.querySelector('[data-start-ms]')?.getAttribute('data-start-ms'),
    })));
}

async function backendSettled(page: Page, backend: string): Promise<void> {
  await page.locator(`[data-testid=backend-active][data-backend="${backend}"]`, { hasText: 'active' }).waitFor({ timeout: 180_000 });
}

describe('settings survive a reload; the backend is measured (issue 9)', () => {
  beforeAll(async () => {
    s = await openBrowserSession();
    await s.page.goto(s.appUrl);
    await openSection(s.page, 'train');
  });
  afterAll(async () => {
    await s?.close();
  });

  it('a first visit times the backends in seconds, shows ms/step, and picks WASM here', async () => {
    const t0 = Date.now();
    const timings = s.page.locator('[data-testid=backend-timings]');
    await timings.waitFor({ timeout: 180_000 });
    await backendSettled(s.page, 'wasm');
    const rows = await measuredRows(s.page);
    const took = Number(await timings.locator('[data-testid=measure-took]').getAttribute('data-ms'));
    console.log(`[settings] first-start measurement ${took} ms; page open to WASM active ${((Date.now() - t0) / 1000).toFixed(1)} s: ${JSON.stringify(rows)}`);
    const wasm = Number(rows.find((r) => r.backend === 'wasm')?.ms);
    expect(wasm).toBeGreaterThan(0);
    for (const r of rows) if (r.ms !== '') expect(Number(r.ms)).toBeGreaterThanOrEqual(wasm);
    // The software WebGPU adapter here is listed, untimed on the first start (its shaders take 15 s+ to compile).
    expect(rows.find((r) => r.backend === 'webgpu')?.text).toMatch(/not timed: a software adapter|ms\/step/);
    expect(took).toBeLessThan(30_000);
    expect(await timings.locator('tr.fastest').getAttribute('data-backend')).toBe('wasm');
    await expect(timings.textContent()).resolves.toMatch(/wasm\s*[\d.]+ ms\/step — fastest/);
    await expect(s.page.locator('[data-testid=backend-select] option[value=auto]').textContent()).resolves.toContain('fastest measured: wasm');
  });

  it('"Measure backends" times every backend, software GPU adapters included, with progress; WASM still wins', async () => {
    await s.page.locator('[data-testid=measure-backends]').click();
    await s.page.locator('[data-testid=backend-measuring]').waitFor({ timeout: 30_000 });
    await s.page.locator('[data-testid=measure-backends]:not([disabled])').waitFor({ timeout: 240_000 });
    await backendSettled(s.page, 'wasm');
    const rows = await measuredRows(s.page);
    console.log(`[settings] full measurement: ${JSON.stringify(rows)}`);
    const wasm = Number(rows.find((r) => r.backend === 'wasm')?.ms);
    const timed = rows.filter((r) => r.ms !== '');
    expect(timed.map((r) => r.backend)).toContain('webgpu');
    for (const r of timed) expect(Number(r.ms)).toBeGreaterThanOrEqual(wasm);
    await expect(s.page.locator('[data-testid=backend-timings] tr.fastest').getAttribute('data-backend')).resolves.toBe('wasm');
  });

  it('roles and a config field survive a reload, and the measurement is not repeated', async () => {
    await roleSelect(s.page).waitFor({ timeout: 120_000 });
    await roleSelect(s.page).selectOption('test');
    await seedInput(s.page).fill('4321');
    await s.page.waitForTimeout(300);
    await s.page.reload();
    await roleSelect(s.page).waitFor({ timeout: 120_000 });
    await backendSettled(s.page, 'wasm');
    await expect(roleSelect(s.page).inputValue()).resolves.toBe('test');
    await expect(seedInput(s.page).inputValue()).resolves.toBe('4321');
    await expect(s.page.locator('[data-testid=backend-timings] tr.fastest').getAttribute('data-backend')).resolves.toBe('wasm');
    expect(await s.page.locator('[data-testid=backend-measuring]').count()).toBe(0);
  });

  it('the section in view comes back after a reload when the URL names none', async () => {
    await openSection(s.page, 'viewer');
    await s.page.waitForFunction(() => localStorage.getItem('multimix-workbench:settings')?.includes('"sectionInView":"viewer"'), null, { timeout: 5_000 });
    await s.page.goto(`${s.baseUrl}/`);
    await s.page.locator('[data-section=viewer]').waitFor({ timeout: 60_000 });
    expect(new URL(s.page.url()).searchParams.get('section')).toBe('viewer');
    await expect(s.page.locator('[data-section=train]').isHidden()).resolves.toBe(true);
    await openSection(s.page, 'train');
    await roleSelect(s.page).waitFor({ timeout: 120_000 });
  });

  it('all roles unused: Start is disabled with the reason, the menu keeps "unused", and so does a reload', async () => {
    await roleSelect(s.page).selectOption('unused');
    const start = s.page.locator('[data-testid=train-start]');
    await expect(start.isDisabled()).resolves.toBe(true);
    await expect(s.page.locator('[data-testid=start-reason]').textContent()).resolves.toMatch(/No dataset has the role "train"/);
    await expect(s.page.locator('[data-testid=train-config-line]').textContent()).resolves.toMatch(/0 datasets in use, 0 training/);
    await s.page.waitForTimeout(300);
    await s.page.reload();
    await roleSelect(s.page).waitFor({ timeout: 120_000 });
    await active(s.page).waitFor();
    await expect(roleSelect(s.page).inputValue()).resolves.toBe('unused');
    await expect(s.page.locator('[data-testid=train-start]').isDisabled()).resolves.toBe(true);
  });

  it('a backend override sticks across a reload', async () => {
    await backendSettled(s.page, 'wasm');
    await s.page.locator('[data-testid=backend-select]').selectOption('cpu');
    await backendSettled(s.page, 'cpu');
    await s.page.reload();
    await backendSettled(s.page, 'cpu');
    await expect(s.page.locator('[data-testid=backend-select]').inputValue()).resolves.toBe('cpu');
  });

  it('switching the backend while a run is paused keeps it paused', async () => {
    await roleSelect(s.page).selectOption('train');
    const live = s.page.locator('[data-testid=train-live]');
    await s.page.locator('[data-testid=train-start]').click();
    await s.page.locator('[data-testid=train-live][data-status=running]').waitFor({ timeout: 120_000 });
    await s.page.waitForFunction(() => Number(document.querySelector('[data-testid=train-live]')?.getAttribute('data-step')) >= 1, null, { timeout: 120_000 });
    await s.page.locator('[data-testid=train-pause]').click();
    await s.page.locator('[data-testid=train-live][data-status=paused]').waitFor({ timeout: 120_000 });
    const step = await live.getAttribute('data-step');
    // Every status the page shows from the switch until the new backend is active (and a moment after).
    await s.page.evaluate(() => {
      const seen: string[] = [];
      (window as unknown as { seenStatuses: string[] }).seenStatuses = seen;
      const el = () => document.querySelector('[data-testid=train-live]');
      new MutationObserver(() => seen.push(el()?.getAttribute('data-status') ?? 'none')).observe(document.body, { subtree: true, attributes: true, attributeFilter: ['data-status'], childList: true });
    });
    await s.page.locator('[data-testid=backend-select]').selectOption('wasm');
    await backendSettled(s.page, 'wasm');
    await s.page.waitForTimeout(1500);
    const seen = await s.page.evaluate(() => (window as unknown as { seenStatuses: string[] }).seenStatuses);
    expect(seen.filter((x) => x !== 'paused')).toEqual([]);
    await expect(live.getAttribute('data-status')).resolves.toBe('paused');
    await expect(live.getAttribute('data-step')).resolves.toBe(step);
    // The run-control bar and the runs table say the same (src/app/store/run-status.ts): paused at that step, no ETA.
    const row = s.page.locator(`.runs-table tr[data-run-id="${await live.getAttribute('data-run-id')}"]`);
    await expect(s.page.locator('[data-testid=run-control-bar]').getAttribute('data-state')).resolves.toBe('paused');
    expect(await s.page.locator('[data-testid=rcb-eta]').count()).toBe(0);
    await expect(row.locator('[data-testid=run-status]').getAttribute('data-state')).resolves.toBe('paused');
    await expect(row.locator('[data-testid=run-steps]').textContent()).resolves.toMatch(new RegExp(`^${step} / \\d+$`));
    await expect(s.page.locator('[data-testid=train-continue]').isEnabled()).resolves.toBe(true);
    await s.page.locator('[data-testid=train-continue]').click();
    await s.page.locator('[data-testid=train-live][data-status=running]').waitFor({ timeout: 60_000 });
    await s.page.locator('[data-testid=train-stop]').click();
    await s.page.locator('[data-testid=train-live][data-status=stopped]').waitFor({ timeout: 120_000 });
  });
});
