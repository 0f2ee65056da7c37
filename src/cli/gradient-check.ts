// `npm run gradcheck -- --backends cpu,webgpu [--size 64] [--m 2] [--width 0.5] [--json FILE]`
// One full MultiMix step's loss terms and gradients on each Node backend against the first (the reference),
// from identical weights and minibatches (core/train/gradient-check.ts), plus the tensor-leak check.
// Exit status: 0 all agree, 1 a backend disagrees or failed, 3 the webgpu backend has no adapter here.
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { compareStepGradients } from '../core/train/gradient-check';
import { NODE_BACKEND_NAMES, setUpNodeWebGpu, useNodeBackend, WebGpuUnavailableError, type NodeBackendName } from './node-backend';

/** Relative L2 gradient error allowed per backend (float32 everywhere; a wrong kernel is off by percent). */
export const GRADIENT_TOLERANCE: Record<NodeBackendName, number> = { cpu: 1e-4, wasm: 1e-4, webgpu: 1e-4 };
const TERM_TOLERANCE = 1e-5;
export const EXIT_NO_ADAPTER = 3;

async function main(): Promise<number> {
  const { values } = parseArgs({
    args: process.argv.slice(2),
    options: {
      backends: { type: 'string', default: 'cpu,wasm' },
      size: { type: 'string', default: '64' },
      m: { type: 'string', default: '2' },
      width: { type: 'string', default: '0.5' },
      json: { type: 'string' },
    },
  });
  const backends = String(values.backends).split(',').map((b) => b.trim()) as NodeBackendName[];
  const bad = backends.filter((b) => !NODE_BACKEND_NAMES.includes(b));
  if (bad.length > 0 || backends.length < 2) throw new Error(`--backends: two or more of ${NODE_BACKEND_NAMES.join(', ')}, comma-separated (got ${values.backends})`);
  const size = Number(values.size);
  const m = Number(values.m);
  const width = Number(values.width);
  if (backends.includes('webgpu')) {
    try {
      console.log(`webgpu adapter: ${await setUpNodeWebGpu()}`);
    } catch (e) {
      if (!(e instanceof WebGpuUnavailableError)) throw e;
      console.log(`SKIPPED: ${e.message}`);
      if (values.json) writeFileSync(values.json, JSON.stringify({ skipped: e.message }, null, 2));
      return EXIT_NO_ADAPTER;
    }
  }
  const { reference, results } = await compareStepGradients(backends, (b) => useNodeBackend(b as NodeBackendName), { size, m, widthMultiplier: width, leakSteps: 3 });
  let ok = true;
  for (const r of results) {
    const tol = GRADIENT_TOLERANCE[r.backend as NodeBackendName];
    const pass = r.ok && (r.maxRelativeError ?? Infinity) <= tol && (r.maxTermDifference ?? Infinity) <= TERM_TOLERANCE && r.tensorsAfterFirstStep === r.tensorsAfterLastStep;
    ok &&= pass;
    console.log(
      `${r.backend} vs ${reference}: ${r.ok ? `max relative gradient error ${r.maxRelativeError?.toExponential(2)} (${r.worstVariable || '-'}), ` +
        `max loss-term difference ${r.maxTermDifference?.toExponential(2)}, tensors ${r.tensorsAfterFirstStep}→${r.tensorsAfterLastStep}, ${((r.ms ?? 0) / 1000).toFixed(1)} s` : `FAILED: ${r.error}`}` +
        ` → ${pass ? 'PASS' : 'FAIL'} (tolerance ${tol})`,
    );
  }
  if (values.json) writeFileSync(values.json, JSON.stringify({ reference, size, m, width, ok, results }, null, 2));
  return ok ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  },
);
