// `npm run bench -- --size 128 --m 2 --steps 3 --backend wasm|cpu|webgpu [--variant multimix] [--width 1] [--warmup 1]`
// Prints ms per full MultiMix training step after warm-up and the achieved GFLOP/s, in Node; `--profile` adds one
// profiled step (kernel dispatches, readbacks, uploads, slowest kernels), `--json FILE` writes the result.
// The browser variant (webgpu / webgl / wasm in headless Chromium) is `npm run bench:browser` with the same flags.
import { writeFileSync } from 'node:fs';
import { runTrainingBenchmark } from '../core/train/benchmark';
import { formatBenchResult, parseBenchArgs } from './bench-args';
import { NODE_BACKEND_NAMES, useNodeBackend, type NodeBackendName } from './node-backend';

async function main(): Promise<void> {
  const args = parseBenchArgs(process.argv.slice(2));
  if (!NODE_BACKEND_NAMES.includes(args.backend as NodeBackendName)) {
    throw new Error(`--backend ${args.backend} is not available in Node (${NODE_BACKEND_NAMES.join(', ')}); use npm run bench:browser for webgl in Chromium`);
  }
  await useNodeBackend(args.backend as NodeBackendName);
  if (args.threads !== undefined) throw new Error('--threads applies to npm run bench:browser only: tfjs-backend-wasm runs one thread in Node (README, Performance)');
  const r = await runTrainingBenchmark({
    size: args.size, m: args.m, steps: args.steps, warmup: args.warmup, variant: args.variant, widthMultiplier: args.width, profile: args.profile,
    onStep: (i, ms, warm) => console.log(`${warm ? 'warm-up' : 'step'} ${i + 1}: ${(ms / 1000).toFixed(2)} s`),
  });
  console.log(formatBenchResult(r));
  if (args.json) writeFileSync(args.json, JSON.stringify({ where: 'node', ...r }, null, 2));
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
