// Real-browser test harness: the shared Vite dev server (./global-setup.ts) + a fresh Debian Chromium profile per
// test file (./chromium.ts), and helpers that act in the app as a user or read its store.
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { inject } from 'vitest';
import { launchChromium } from './chromium';

export interface BrowserSession {
  /** Origin of the dev server shared by all browser test files (./global-setup.ts). */
  baseUrl: string;
  /**
   * The app opened on its Data section (`?section=data`), where most tests start (they wait for the phantom
   * card). A first visit without a section opens the Viewer on the example X-rays instead (issue 9, item 8):
   * `example.test.ts` covers that with `baseUrl`.
   */
  appUrl: string;
  browser: BrowserContext;
  page: Page;
  close(): Promise<void>;
}

/**
 * Opens a fresh Chromium profile (./chromium.ts) on the shared Vite dev server; `close()` closes the browser.
 */
export async function openBrowserSession(): Promise<BrowserSession> {
  // The dev server is shared by all browser test files (./global-setup.ts).
  const baseUrl = inject('viteBaseUrl');
  if (!baseUrl) throw new Error('No shared Vite server: run the browser tests through vitest (project "browser", tests/browser/global-setup.ts)');
  const { browser, page, close } = await launchChromium();
  // A cold Vite server transforms the app's few hundred modules on the first load; on the shared 2-core
  // machine under load that took over playwright's default 30 s.
  browser.setDefaultNavigationTimeout(180_000);
  page.on('console', (msg) => {
    if (msg.type() === 'error' || process.env.MMW_BROWSER_LOG) console.log(`[browser ${msg.type()}] ${msg.text()}`);
  });
  page.on('pageerror', (err) => console.log(`[browser pageerror] ${err.message}`));
  return { baseUrl, appUrl: `${baseUrl}/?section=data`, browser, page, close };
}

/**
 * A browser session with the app open on its Data section once the phantoms exist (a first visit makes them);
 * with `onWasm`, Configure & Train is then shown and the measured backend (WASM here) is active.
 */
export async function openApp(options: { onWasm?: boolean } = {}): Promise<BrowserSession> {
  const s = await openBrowserSession();
  await s.page.goto(s.appUrl, { timeout: 180_000 });
  await s.page.locator('[data-testid=dataset-card][data-layout=synthetic-phantom]').waitFor({ timeout: 180_000 });
  if (options.onWasm) {
    await openSection(s.page, 'train');
    await s.page.locator('[data-testid=backend-active][data-backend=wasm]', { hasText: 'active' }).waitFor({ timeout: 180_000 });
  }
  return s;
}

/**
 * Runs `body` (an async function body) in the page with the app's Zustand hook as `useStore` and `arg`, and
 * returns its result. The store module is imported by URL so the test shares the page's instance.
 */
export async function inStore(page: Page, body: string, arg?: unknown): Promise<any> {
  return page.evaluate(
    async ({ body, arg }) => {
      const { useStore } = await (new Function('p', 'return import(p)') as (p: string) => Promise<any>)('/src/app/store/index.ts');
      return new Function('useStore', 'arg', `return (async () => { ${body} })()`)(useStore, arg);
    },
    { body, arg },
  );
}

/**
 * Clicks `exportButton` of a model and saves the two files the browser downloads (`<name>.json` +
 * `<name>.weights.bin`) into `dir`; resolves with their paths.
 */
export async function exportModelFiles(page: Page, exportButton: { click(): Promise<void> }, dir: string): Promise<string[]> {
  const files: string[] = [];
  const both = new Promise<void>((resolve) => {
    const onDownload = async (d: import('playwright-core').Download) => {
      const path = join(dir, d.suggestedFilename());
      await d.saveAs(path);
      files.push(path);
      if (files.length === 2) {
        page.off('download', onDownload);
        resolve();
      }
    };
    page.on('download', onDownload);
  });
  await exportButton.click();
  await both;
  return files;
}

/**
 * Shows a section of the workbench (src/app/sections.ts ids: data, train, runs, viewer, evaluation, models, research) by
 * clicking its header link, as a user would, and waits until it is shown. Safe to call when it already is.
 */
export async function openSection(page: Page, id: string): Promise<void> {
  await page.locator(`nav[aria-label="Sections"] a[data-section-link="${id}"]`).click();
  await page.locator(`[data-section="${id}"]`).waitFor({ state: 'visible', timeout: 30_000 });
}

export type { Page };
