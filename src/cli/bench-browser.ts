// `npm run bench:browser -- --backend webgpu --size 64 --m 2 --steps 3`
// The same training-step benchmark as `npm run bench`, run in headless Debian Chromium on webgpu (SwiftShader
// adapter here), webgl or wasm. Uses the test harness's Vite server + playwright-core launcher.
import { formatBenchResult, parseBenchArgs } from './bench-args';
import { openBrowserSession } from '../../tests/browser/harness';
import type { BenchmarkResult } from '../core/train/benchmark';
import type { BackendName } from '../core/config';

async function main(): Promise<void> {
  const args = parseBenchArgs(process.argv.slice(2));
  if (!['webgpu', 'webgl', 'wasm', 'cpu'].includes(args.backend)) throw new Error(`--backend must be webgpu, webgl, wasm or cpu (got ${args.backend})`);
  const session = await openBrowserSession();
  try {
    await session.page.goto(`${session.baseUrl}/tests/browser/pages/engine.html`);
    await session.page.waitForSelector('body[data-ready="true"]', { timeout: 120_000 });
    const { result, log } = (await session.page.evaluate(
      ([backend, opts]) => window.mmwEngine.bench(backend as BackendName, opts),
      [args.backend, { size: args.size, m: args.m, steps: args.steps, warmup: args.warmup, variant: args.variant, widthMultiplier: args.width }] as const,
    )) as { result: BenchmarkResult; log: string[] };
    for (const line of log) console.log(line);
    console.log(`in headless Chromium: ${formatBenchResult(result)}`);
  } finally {
    await session.close();
  }
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
