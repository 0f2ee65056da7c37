// How long a first visit takes to show a real prediction (issue 9, item 8: "in under 5 s here"), on the app as
// users get it: builds it for production (`npm run build`'s config, into a temporary folder), serves it with
// `vite preview` (COOP/COEP as `npm start`), and opens it VISITS times, each in a fresh Chromium profile (no
// storage, no HTTP or code cache: a true first visit). Per visit: ms from navigation start until the viewer
// shows the example model's P(pneumonia) and its saliency layer, and whether the "research use only" banner
// is there. Prints one line per visit and a summary line; `--json FILE` writes them.
//
//   npm run first-visit [-- --visits 3 --json out.json]     exit status 0 when every visit showed the example
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { build, preview } from 'vite';
import { launchChromium } from '../tests/browser/chromium';
import { predictionShownAt } from '../tests/browser/pages/viewer';

function option(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? (process.argv[i + 1] as string) : fallback;
}
const visits = Number(option('visits', '3'));
if (!(Number.isInteger(visits) && visits >= 1)) throw new Error(`--visits must be a whole number ≥ 1 (got ${option('visits', '')})`);
const jsonOut = option('json', '');

const outDir = mkdtempSync(join(tmpdir(), 'mmw-first-visit-'));
const configFile = join(process.cwd(), 'vite.config.ts');
const buildStart = performance.now();
await build({ configFile, logLevel: 'warn', build: { outDir, emptyOutDir: true } });
const buildMs = performance.now() - buildStart;
const server = await preview({ configFile, logLevel: 'warn', build: { outDir }, preview: { port: 0, host: '127.0.0.1', open: false } });
const address = server.httpServer.address();
if (!address || typeof address === 'string') throw new Error('vite preview did not report a TCP address');
const url = `http://127.0.0.1:${address.port}/`;

interface Visit {
  ms: number | null;
  banner: boolean;
  error?: string;
}
const results: Visit[] = [];
try {
  for (let i = 0; i < visits; i++) {
    const chromium = await launchChromium({ width: 1366, height: 768 });
    const errors: string[] = [];
    chromium.page.on('pageerror', (e) => errors.push(e.message));
    try {
      await chromium.page.goto(url, { waitUntil: 'commit', timeout: 60_000 });
      const ms = Math.round(await predictionShownAt(chromium.page));
      const banner = /research use only, not for diagnosis/.test((await chromium.page.locator('[data-testid=example-banner]').textContent()) ?? '');
      results.push({ ms, banner, ...(errors.length ? { error: errors.join(' | ') } : {}) });
    } catch (e) {
      results.push({ ms: null, banner: false, error: [e instanceof Error ? e.message : String(e), ...errors].join(' | ') });
    } finally {
      await chromium.close();
    }
    const r = results[i]!;
    console.log(`visit ${i + 1}: ${r.ms === null ? 'no prediction' : `prediction + saliency on screen after ${r.ms} ms`}${r.banner ? ', banner shown' : ''}${r.error ? `; errors: ${r.error}` : ''}`);
  }
} finally {
  await new Promise<void>((resolve) => server.httpServer.close(() => resolve()));
  rmSync(outDir, { recursive: true, force: true });
}

const times = results.map((r) => r.ms).filter((t): t is number => t !== null).sort((a, b) => a - b);
const median = times.length ? (times[Math.floor((times.length - 1) / 2)] as number) : null;
const load = loadavg().map((x) => Number(x.toFixed(1)));
const ok = results.every((r) => r.ms !== null && r.banner && !r.error);
console.log(`first visit (production build, built in ${(buildMs / 1000).toFixed(1)} s): ${JSON.stringify({ ms: results.map((r) => r.ms), median, ok, load })}`);
if (jsonOut) writeFileSync(jsonOut, JSON.stringify({ buildMs: Math.round(buildMs), visits: results, median, load }, null, 2));
process.exit(ok ? 0 : 1);
