// Does the *minified* production build run tfjs' threaded SIMD wasm? (The notes recorded a ReferenceError in
// the pthread blob worker of a minified Vite build once.) Builds the engine test page with the app's Vite
// config (minified, as `npm run build`), serves it with `vite preview` (COOP/COEP headers from the config),
// and checks in Chromium: cross-origin isolated, threads = cores, a matMul on threaded wasm equals cpu.
// Usage: npx tsx scripts/check-threaded-build.ts      (exit status 0 when all hold)
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build, preview } from 'vite';
import { launchChromium } from '../tests/browser/chromium';

const outDir = mkdtempSync(join(tmpdir(), 'mmw-threaded-build-'));
const configFile = join(process.cwd(), 'vite.config.ts');
await build({
  configFile,
  logLevel: 'warn',
  build: { outDir, emptyOutDir: true, rollupOptions: { input: { engine: join(process.cwd(), 'tests/browser/pages/engine.html') } } },
});
const server = await preview({ configFile, logLevel: 'warn', build: { outDir }, preview: { port: 0, host: '127.0.0.1' } });
const address = server.httpServer.address();
if (!address || typeof address === 'string') throw new Error('vite preview did not report a TCP address');
const browser = await launchChromium();
let code = 1;
try {
  const { page } = browser;
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  await page.goto(`http://127.0.0.1:${address.port}/tests/browser/pages/engine.html`, { timeout: 180_000 });
  await page.waitForSelector('body[data-ready="true"]', { timeout: 180_000 });
  // A crashed pthread worker leaves tfjs' wasm initialisation pending forever: give it 3 minutes.
  const r = await Promise.race([
    page.evaluate(async () => ({ threading: await window.mmwEngine.wasmThreading(), matmulOk: await window.mmwEngine.wasmMatMulCheck() })),
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`wasm did not start within 180 s; page errors: ${errors.join(' | ') || 'none'}`)), 180_000)),
  ]);
  console.log(`minified build: ${JSON.stringify(r)}; page errors: ${errors.length ? errors.join(' | ') : 'none'}`);
  code = r.threading?.crossOriginIsolated && r.threading.threads === r.threading.cores && r.matmulOk && errors.length === 0 ? 0 : 1;
} catch (e) {
  console.log(`minified build: FAILED — ${e instanceof Error ? e.message : String(e)}`);
} finally {
  await browser.close();
  await new Promise<void>((resolve) => server.httpServer.close(() => resolve()));
  rmSync(outDir, { recursive: true, force: true });
}
process.exit(code);
