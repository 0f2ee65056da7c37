// `npm run bench:browser -- --backend webgpu --size 64 --m 2 --steps 3 [--threads 1]`
// The same training-step benchmark as `npm run bench`, run in headless Debian Chromium on webgpu (SwiftShader
// adapter here), webgl or wasm. Uses the browser tests' Vite dev server + Chromium launcher (tests/browser/chromium.ts).
import { writeFileSync } from 'node:fs';
import { formatBenchResult, parseBenchArgs } from './bench-args';
import { launchChromium, startDevServer } from '../../tests/browser/chromium';
import type { BenchmarkResult } from '../core/train/benchmark';
import type { BackendName } from '../core/config';

async function main(): Promise<void> {
  const args = parseBenchArgs(process.argv.slice(2));
  if (!['webgpu', 'webgl', 'wasm', 'cpu'].includes(args.backend)) throw new Error(`--backend must be webgpu, webgl, wasm or cpu (got ${args.backend})`);
  const server = await startDevServer();
  const session = await launchChromium();
  try {
    await session.page.goto(`${server.baseUrl}/tests/browser/pages/engine.html${args.threads ? `?threads=${args.threads}` : ''}`, { timeout: 180_000 });
    await session.page.waitForSelector('body[data-ready="true"]', { timeout: 120_000 });
    // Always profiled here: the GPU path's readbacks and dispatches per step are what this benchmark is for.
    const { result, log, threading } = (await session.page.evaluate(
      ([backend, opts]) => window.mmwEngine.bench(backend as BackendName, opts),
      [args.backend, { size: args.size, m: args.m, steps: args.steps, warmup: args.warmup, variant: args.variant, widthMultiplier: args.width, profile: true }] as const,
    )) as { result: BenchmarkResult; log: string[]; threading?: { crossOriginIsolated: boolean; threads: number; cores: number } };
    for (const line of log) console.log(line);
    if (threading) console.log(`wasm: ${threading.threads} thread(s) of ${threading.cores} cores, crossOriginIsolated ${threading.crossOriginIsolated}`);
    console.log(`in headless Chromium: ${formatBenchResult(result)}`);
    if (args.json) writeFileSync(args.json, JSON.stringify({ where: 'chromium', threading, ...result }, null, 2));
  } finally {
    await session.close();
    await server.close();
  }
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
