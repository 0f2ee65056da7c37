// Issue 8: `npm run bench` refuses a step that cannot fit wasm's heap before building anything, with a message
// that says what fits — never a wasm abort mid-step.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

describe('npm run bench memory refusal', () => {
  it('refuses 1024 px on wasm up front, naming that no M fits at that size', () => {
    const r = spawnSync('npx', ['tsx', 'src/cli/bench.ts', '--size', '1024', '--m', '2', '--steps', '1', '--backend', 'wasm'], { encoding: 'utf8', timeout: 120_000 });
    const out = `${r.stdout}${r.stderr}`;
    expect(r.status, out).toBe(1);
    expect(out).toMatch(/a training step at 1024 px, width 1, M = 2 needs about [\d.]+ GiB even one image at a time, more than the 2\.75 GiB this backend allows; no M fits at 1024 px/);
    expect(out).not.toMatch(/warm-up|memory access out of bounds|RuntimeError/);
  });
});
