// Debian's Chromium driven by playwright-core, and the Vite dev server it loads the app from: shared by the
// real-browser tests (./harness.ts, ./global-setup.ts) and the scripts and CLIs that drive a browser
// (src/cli/bench-browser.ts, scripts/check-threaded-build.ts, scripts/first-visit.ts). No vitest import here:
// those run in plain Node. Never downloads a browser; WebGPU comes from SwiftShader via --enable-unsafe-webgpu
// (CPU speed, real API).
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { createServer } from 'vite';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--headless=new',
  '--no-sandbox',
  '--no-first-run',
  '--disable-quic',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--enable-unsafe-webgpu',
  '--enable-unsafe-swiftshader',
];

/** A Vite dev server of the repository (its vite.config.ts) on loopback, on a free port. */
export async function startDevServer(): Promise<{ baseUrl: string; close(): Promise<void> }> {
  const server = await createServer({
    configFile: join(process.cwd(), 'vite.config.ts'),
    server: { port: 0, host: '127.0.0.1', strictPort: false, hmr: false },
    logLevel: 'warn',
  });
  await server.listen();
  const address = server.httpServer?.address();
  if (!address || typeof address === 'string') throw new Error('Vite did not report a TCP address');
  return { baseUrl: `http://127.0.0.1:${address.port}`, close: () => server.close() };
}

export interface ChromiumProfile {
  browser: BrowserContext;
  /** The profile's first tab. */
  page: Page;
  /** Closes the browser and deletes the profile. */
  close(): Promise<void>;
}

/**
 * Chromium on a fresh, empty profile (a first visit everywhere: no storage, no caches). Without Debian's
 * Chromium it fails with the install hint: a browser suite that skipped itself would pass without testing.
 */
export async function launchChromium(viewport = { width: 1400, height: 900 }): Promise<ChromiumProfile> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`Chromium not found at ${CHROMIUM_PATH}: apt-get install chromium (or set CHROMIUM_PATH to a Chromium binary)`);
  }
  const userDataDir = mkdtempSync(join(tmpdir(), 'mmw-chromium-'));
  const browser = await chromium.launchPersistentContext(userDataDir, { executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS, viewport });
  const page = browser.pages()[0] ?? (await browser.newPage());
  return {
    browser,
    page,
    async close() {
      await browser.close().catch(() => undefined);
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}
