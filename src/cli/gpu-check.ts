// The whole GPU check in one command (scripts/gpu-check.sh): on a machine with a GPU, its Vulkan driver and
// libvulkan1 — no network needed once `npm ci` has run — it runs, each in its own process,
//   1. the gradient check webgpu vs cpu (one full MultiMix step, 64 px, width 0.5, M = 2),
//   2. the training benchmark on webgpu at 128 px, M = 2 and at the paper's 256 px, M = 10 (width 1),
// and prints one table: agreement, ms/step, GFLOP/s, the ratio to native TensorFlow CPU on the 2-core dev
// machine, readbacks and kernel dispatches per step. Where Dawn finds no adapter it says so and measures nothing.
// Exit status 0; with --strict, 3 when no adapter was found and 1 when a check failed.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { BenchmarkResult } from '../core/train/benchmark';
import { TF_CPU_REFERENCE_MS } from './bench-args';

const EXIT_NO_ADAPTER = 3;
const { values } = parseArgs({ args: process.argv.slice(2), options: { strict: { type: 'boolean', default: false }, steps: { type: 'string', default: '3' } } });
const dir = mkdtempSync(join(tmpdir(), 'mmw-gpu-check-'));

function run(label: string, script: string, args: string[], timeoutS: number): { code: number; json?: unknown; tail: string } {
  const file = join(dir, `${label}.json`);
  console.log(`\n== ${label}: tsx ${script} ${args.join(' ')}`);
  const r = spawnSync(process.execPath, ['--import', 'tsx', script, ...args, '--json', file], {
    stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8', timeout: timeoutS * 1000, maxBuffer: 64 * 2 ** 20,
  });
  const out = `${r.stdout ?? ''}${r.stderr ?? ''}`;
  process.stdout.write(out);
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    json = undefined;
  }
  const code = r.status ?? (r.signal ? 124 : 1);
  if (r.signal) console.log(`(stopped after ${timeoutS} s: ${r.signal})`);
  return { code, json, tail: out.trim().split('\n').slice(-1)[0] ?? '' };
}

interface Row { check: string; result: string; msPerStep: string; gflops: string; vsTf: string; readbacks: string; dispatches: string }
const rows: Row[] = [];
const dash = { msPerStep: '–', gflops: '–', vsTf: '–', readbacks: '–', dispatches: '–' };

const grad = run('gradient-check', 'src/cli/gradient-check.ts', ['--backends', 'cpu,webgpu', '--size', '64', '--m', '2', '--width', '0.5'], 1800);
const noAdapter = grad.code === EXIT_NO_ADAPTER;
const gj = grad.json as { skipped?: string; results?: Array<{ backend: string; maxRelativeError?: number; maxTermDifference?: number; error?: string }> } | undefined;
const webgpu = gj?.results?.find((r) => r.backend === 'webgpu');
rows.push({
  check: 'gradient check webgpu vs cpu, 64 px, M=2',
  result: noAdapter ? 'skipped: no GPU adapter' : webgpu ? (grad.code === 0 ? 'PASS' : 'FAIL') + ` (rel. grad err ${webgpu.maxRelativeError?.toExponential(1) ?? webgpu.error})` : `FAIL (${grad.tail})`,
  ...dash,
});

let failed = !noAdapter && grad.code !== 0;
for (const [size, m] of [[128, 2], [256, 10]] as const) {
  const check = `bench webgpu, ${size} px, M=${m}`;
  if (noAdapter) {
    rows.push({ check, result: 'skipped: no GPU adapter', ...dash });
    continue;
  }
  const b = run(`bench-${size}-${m}`, 'src/cli/bench.ts', ['--backend', 'webgpu', '--size', String(size), '--m', String(m), '--steps', String(values.steps), '--profile'], 3600);
  const r = b.json as BenchmarkResult | undefined;
  if (b.code !== 0 || !r) {
    failed = true;
    rows.push({ check, result: `FAIL (${b.tail})`, ...dash });
    continue;
  }
  const ref = TF_CPU_REFERENCE_MS[`${size}/${m}`];
  rows.push({
    check,
    result: r.tensorsAfterFirst === r.tensorsAfterLast ? 'ok' : `LEAK ${r.tensorsAfterFirst}→${r.tensorsAfterLast} tensors`,
    msPerStep: r.medianMs.toFixed(0),
    gflops: r.gflops.toFixed(1),
    vsTf: ref ? `${(ref / r.medianMs).toFixed(2)}× TF CPU speed` : '–',
    readbacks: r.profile ? `${r.profile.readbacks} (${r.profile.syncReadbacks} sync)` : '–',
    dispatches: r.profile ? String(r.profile.kernels) : '–',
  });
}
rmSync(dir, { recursive: true, force: true });

const head: Row = { check: 'check', result: 'result', msPerStep: 'ms/step', gflops: 'GFLOP/s', vsTf: 'vs TF 2.21 CPU (2-core dev box)', readbacks: 'readbacks/step', dispatches: 'dispatches/step' };
const cols = Object.keys(head) as Array<keyof Row>;
const width = cols.map((c) => Math.max(...[head, ...rows].map((r) => r[c].length)));
const line = (r: Row) => '| ' + cols.map((c, i) => r[c].padEnd(width[i] as number)).join(' | ') + ' |';
console.log('\n' + line(head));
console.log('|' + width.map((w) => '-'.repeat(w + 2)).join('|') + '|');
for (const r of rows) console.log(line(r));
if (noAdapter) {
  console.log(`\nNO GPU ADAPTER FOUND — nothing was measured on a GPU. ${gj?.skipped ?? ''}`);
  console.log('On a GPU machine: install its Vulkan driver and libvulkan1 (apt-get install libvulkan1), then run this again.');
}
process.exit(values.strict ? (noAdapter ? EXIT_NO_ADAPTER : failed ? 1 : 0) : 0);
