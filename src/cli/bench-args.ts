// Flags and report format shared by the Node benchmark (bench.ts) and the browser one (bench-browser.ts).
import { parseArgs } from 'node:util';
import { VARIANTS, type Variant } from '../core/config';
import type { BenchmarkResult } from '../core/train/benchmark';

/**
 * Native reference: TensorFlow 2.21 CPU (oneDNN, 2 threads) running the same MultiMix step
 * (../shared/bench/tf_multimix.py) on the 2-core dev machine, ms per step (../shared/bench/README.md).
 */
export const TF_CPU_REFERENCE_MS: Record<string, number> = { '128/2': 277, '256/10': 5223 };

export interface BenchArgs {
  size: number;
  m: number;
  steps: number;
  warmup: number;
  backend: string;
  variant: Variant;
  width: number;
  /** Profile one extra step: kernel dispatches, readbacks, uploads, per-kernel time. */
  profile: boolean;
  /** Browser only: wasm threads (default one per core). */
  threads?: number;
  /** Also write the result as JSON to this file. */
  json?: string;
}

export function parseBenchArgs(argv: string[]): BenchArgs {
  const { values } = parseArgs({
    args: argv,
    options: {
      size: { type: 'string', default: '128' },
      m: { type: 'string', default: '2' },
      steps: { type: 'string', default: '3' },
      warmup: { type: 'string', default: '1' },
      backend: { type: 'string', default: 'wasm' },
      variant: { type: 'string', default: 'multimix' },
      width: { type: 'string', default: '1' },
      profile: { type: 'boolean', default: false },
      threads: { type: 'string' },
      json: { type: 'string' },
    },
  });
  const int = (name: string, v: string | undefined, min: number) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < min) throw new Error(`--${name} must be an integer >= ${min} (got ${v})`);
    return n;
  };
  const size = int('size', values.size, 32);
  if (size % 16 !== 0) throw new Error(`--size must be a multiple of 16 (got ${size})`);
  const variant = values.variant as Variant;
  if (!VARIANTS.includes(variant)) throw new Error(`--variant must be one of ${VARIANTS.join(', ')} (got ${values.variant})`);
  const width = Number(values.width);
  if (!(width > 0)) throw new Error(`--width must be > 0 (got ${values.width})`);
  return {
    size, variant, width,
    m: int('m', values.m, 1),
    steps: int('steps', values.steps, 1),
    warmup: int('warmup', values.warmup, 0),
    backend: String(values.backend),
    profile: values.profile === true,
    ...(values.threads !== undefined ? { threads: int('threads', values.threads, 1) } : {}),
    ...(values.json !== undefined ? { json: values.json } : {}),
  };
}

const mib = (b: number) => `${(b / 2 ** 20).toFixed(0)} MiB`;

export function formatBenchResult(r: BenchmarkResult): string {
  const lines = [
    `backend ${r.backend}, ${r.variant}, ${r.size} px, M=${r.m} (${r.imagesPerStep} images/step)`,
    `warm-up steps: ${r.warmupMs.map((ms) => (ms / 1000).toFixed(2) + ' s').join(', ') || 'none'}`,
    `timed steps:   ${r.stepMs.map((ms) => (ms / 1000).toFixed(2) + ' s').join(', ')}`,
    `ms per step (median): ${r.medianMs.toFixed(0)}   mean: ${r.meanMs.toFixed(0)}`,
    `GFLOP per step: ${(r.flopsPerStep / 1e9).toFixed(2)}   achieved: ${r.gflops.toFixed(2)} GFLOP/s`,
    `tensors after first / last timed step: ${r.tensorsAfterFirst} / ${r.tensorsAfterLast}`,
    `memory plan: ${r.plan.chunks ? `chunks of ${r.plan.chunks.seg} seg / ${r.plan.chunks.cls} cls images` : 'whole batch in one pass'}, ` +
      `estimated peak ${mib(r.plan.estimatedPeakBytes)}` +
      (r.plan.budgetBytes ? ` (budget ${mib(r.plan.budgetBytes)})` : '') +
      (r.wasmHeapBytes !== undefined ? `; wasm heap after the run ${mib(r.wasmHeapBytes)}` : ''),
  ];
  const ref = r.variant === 'multimix' && r.widthMultiplier === 1 ? TF_CPU_REFERENCE_MS[`${r.size}/${r.m}`] : undefined;
  if (ref) lines.push(`vs native TensorFlow 2.21 CPU (${ref} ms/step on the 2-core dev machine, ../shared/bench): ${(r.medianMs / ref).toFixed(2)}× the time`);
  if (r.profile) {
    const p = r.profile;
    lines.push(`per step: ${p.kernels} kernel dispatches, ${p.readbacks} readbacks GPU→CPU (${p.syncReadbacks} synchronous), ${p.uploads} uploads CPU→GPU`);
    const total = p.byKernel.reduce((a, k) => a + k.ms, 0);
    if (total > 0) {
      lines.push(`kernel time ${total.toFixed(0)} ms; slowest kernels: ` +
        p.byKernel.slice(0, 8).map((k) => `${k.name} ${k.ms.toFixed(0)} ms ×${k.count}`).join(', '));
    }
  }
  return lines.join('\n');
}
