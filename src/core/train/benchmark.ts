// Training-step benchmark shared by `npm run bench` (Node) and the browser benchmark page: times full
// MultiMix steps (sampling, augmentation, saliency, pseudo-labels, forward, backward, Adam) on synthetic
// phantoms — the data's content does not change the cost, and it needs no files.
import * as tf from '@tensorflow/tfjs';
import { withDefaults, type Variant } from '../config';
import { createRng } from '../rng';
import { MultiMixModel } from '../model';
import { buildStepBatch, disposeStepBatch } from './sampler';
import { trainStep } from './step';
import { Adam } from './optimizer';
import { imagesPerStep } from './loop';
import type { TrainingSet } from './data';
import { phantomTrainingSet } from './phantom-set';
import { planStep, stepMemoryBudget, wasmHeapBytes, type StepPlan } from './memory-plan';
import { stepFlops } from './step-flops';

export interface BenchmarkOptions {
  size: number;
  m: number;
  steps: number;
  warmup?: number;
  variant?: Variant;
  widthMultiplier?: number;
  seed?: number;
  onStep?: (i: number, ms: number, warm: boolean) => void;
  /** Step memory budget in bytes; default the active backend's (stepMemoryBudget). */
  memoryBudgetBytes?: number;
  /** After the timed steps, profile two more: transfers counted, then kernels (tf.profile). */
  profile?: boolean;
}

/** What one training step asks of the backend (issue 8: no stalls on the GPU path). */
export interface StepProfile {
  /** Kernel dispatches (tf.profile's kernel list). */
  kernels: number;
  /** GPU→CPU reads (backend.read / readSync / readToGPU calls) during the step, the loss read included. */
  readbacks: number;
  /** Synchronous reads among them (readSync: each stalls a GPU pipeline). */
  syncReadbacks: number;
  /** New tensors with data from JavaScript (backend.write with values): inputs, dropout masks, scalar constants. */
  uploads: number;
  /** Kernels by total time, slowest first (kernelTimeMs; may be absent on GPU backends without timer queries). */
  byKernel: Array<{ name: string; count: number; ms: number }>;
}

type CountedBackend = Record<'read' | 'readSync' | 'readToGPU' | 'write', ((...a: unknown[]) => unknown) | undefined>;

/** Runs `step` once while counting the active backend's reads and writes. */
async function countTransfers(step: () => Promise<void>): Promise<Pick<StepProfile, 'readbacks' | 'syncReadbacks' | 'uploads'>> {
  const backend = tf.backend() as unknown as CountedBackend;
  const counts = { read: 0, readSync: 0, readToGPU: 0, write: 0 };
  const names = Object.keys(counts) as Array<keyof typeof counts>;
  const own = names.map((n) => Object.prototype.hasOwnProperty.call(backend, n));
  // Only outermost calls count: wasm's read() is implemented with readSync(), one transfer.
  let depth = 0;
  for (const n of names) {
    const original = backend[n];
    if (typeof original !== 'function') continue;
    backend[n] = (...a: unknown[]) => {
      // write(null, ...) is how GPU backends allocate a kernel's output: only writes with data are uploads.
      if (depth === 0 && (n !== 'write' || a[0] != null)) counts[n]++;
      depth++;
      try {
        const r = original.apply(backend, a);
        return r;
      } finally {
        depth--;
      }
    };
  }
  try {
    await step();
  } finally {
    names.forEach((n, i) => {
      if (own[i]) return; // never the case for tfjs backends (methods live on the prototype)
      delete (backend as Partial<CountedBackend>)[n];
    });
  }
  return { readbacks: counts.read + counts.readSync + counts.readToGPU, syncReadbacks: counts.readSync, uploads: counts.write };
}

async function profileStep(step: () => Promise<void>): Promise<StepProfile> {
  const transfers = await countTransfers(step);
  const info = await tf.profile(step);
  const byName = new Map<string, { count: number; ms: number }>();
  for (const k of info.kernels) {
    const e = byName.get(k.name) ?? { count: 0, ms: 0 };
    e.count++;
    e.ms += typeof k.kernelTimeMs === 'number' ? k.kernelTimeMs : 0;
    byName.set(k.name, e);
  }
  const byKernel = [...byName.entries()].map(([name, e]) => ({ name, ...e })).sort((a, b) => b.ms - a.ms || b.count - a.count);
  return { kernels: info.kernels.length, ...transfers, byKernel };
}

export interface BenchmarkResult {
  backend: string;
  variant: Variant;
  size: number;
  m: number;
  widthMultiplier: number;
  imagesPerStep: number;
  warmupMs: number[];
  stepMs: number[];
  medianMs: number;
  meanMs: number;
  flopsPerStep: number;
  gflops: number;
  /** Live tensors after the first timed step and after the last: equal when nothing leaks. */
  tensorsAfterFirst: number;
  tensorsAfterLast: number;
  /** The memory plan the steps ran with: chunk sizes (absent = whole passes) and the estimated peak. */
  plan: StepPlan;
  /** wasm only: the WebAssembly heap after the run (it only grows, so this is the run's high-water mark). */
  wasmHeapBytes?: number;
  /** With `profile`: one step's kernel dispatches, readbacks and uploads. */
  profile?: StepProfile;
}

function phantomSet(size: number, m: number, seed: number): TrainingSet {
  return phantomTrainingSet(size, Math.max(4 * m, 8), createRng(`${seed}/bench-data`));
}

export async function runTrainingBenchmark(opts: BenchmarkOptions): Promise<BenchmarkResult> {
  const variant = opts.variant ?? 'multimix';
  const config = withDefaults({
    model: { variant, inputSize: opts.size, widthMultiplier: opts.widthMultiplier ?? 1 },
    batchSize: opts.m,
    seed: opts.seed ?? 1,
  });
  // Refused here, before any tensor exists, when even one image at a time would not fit (StepMemoryError).
  const plan = planStep(config, opts.memoryBudgetBytes ?? stepMemoryBudget(tf.getBackend()));
  const stepOptions = plan.chunks ? { chunks: plan.chunks } : {};
  const data = phantomSet(opts.size, opts.m, config.seed);
  const model = MultiMixModel.create(config.model, config.seed);
  const optimizer = new Adam({ learningRate: config.optim.learningRate });
  const warm = opts.warmup ?? 1;
  const warmupMs: number[] = [];
  const stepMs: number[] = [];
  let tensorsAfterFirst = 0;
  try {
    for (let i = 0; i < warm + opts.steps; i++) {
      const t0 = performance.now();
      const batch = buildStepBatch(data, model.features, config, i);
      try {
        await trainStep(model, optimizer, batch, config.loss, createRng(`${config.seed}/bench/${i}`), i, stepOptions);
      } finally {
        disposeStepBatch(batch);
      }
      const ms = performance.now() - t0;
      (i < warm ? warmupMs : stepMs).push(ms);
      if (i === warm) tensorsAfterFirst = tf.memory().numTensors;
      opts.onStep?.(i, ms, i < warm);
    }
    const tensorsAfterLast = tf.memory().numTensors;
    let profile: StepProfile | undefined;
    if (opts.profile) {
      let i = warm + opts.steps;
      const oneStep = async () => {
        const batch = buildStepBatch(data, model.features, config, i);
        try {
          await trainStep(model, optimizer, batch, config.loss, createRng(`${config.seed}/bench/${i}`), i, stepOptions);
        } finally {
          disposeStepBatch(batch);
          i++;
        }
      };
      profile = await profileStep(oneStep);
    }
    const heap = wasmHeapBytes();
    const sorted = stepMs.slice().sort((a, b) => a - b);
    const medianMs = sorted[Math.floor(sorted.length / 2)] ?? NaN;
    const flopsPerStep = stepFlops(config);
    return {
      backend: tf.getBackend(),
      variant,
      size: opts.size,
      m: opts.m,
      widthMultiplier: config.model.widthMultiplier,
      imagesPerStep: imagesPerStep(config),
      warmupMs,
      stepMs,
      medianMs,
      meanMs: stepMs.reduce((a, b) => a + b, 0) / Math.max(1, stepMs.length),
      flopsPerStep,
      gflops: flopsPerStep / (medianMs / 1000) / 1e9,
      tensorsAfterFirst,
      tensorsAfterLast,
      plan,
      ...(heap !== undefined ? { wasmHeapBytes: heap } : {}),
      ...(profile ? { profile } : {}),
    };
  } finally {
    optimizer.dispose();
    model.dispose();
  }
}
