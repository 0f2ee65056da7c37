// Issue 8: the GPU check is one command. Here (no GPU) it must run end to end and say that no adapter was
// found; on a GPU machine the same test checks that the gradient check passed and both benchmarks ran.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { setUpNodeWebGpu, WebGpuUnavailableError } from '../../../src/cli/node-backend';

describe('scripts/gpu-check.sh', () => {
  it('runs end to end and prints one table (or says clearly that no GPU adapter was found)', async () => {
    let reason: string | undefined;
    try {
      await setUpNodeWebGpu();
    } catch (e) {
      if (!(e instanceof WebGpuUnavailableError)) throw e;
      reason = e.message;
    }
    const r = spawnSync('bash', ['scripts/gpu-check.sh', '--strict', '--steps', '1'], { encoding: 'utf8', timeout: reason ? 120_000 : 3_600_000 });
    const out = `${r.stdout}${r.stderr}`;
    expect(out).toMatch(/\| check +\| result +\| ms\/step/);
    expect(out).toMatch(/gradient check webgpu vs cpu/);
    expect(out).toMatch(/bench webgpu, 256 px, M=10/);
    if (reason) {
      expect(r.status, out).toBe(3);
      expect(out).toContain('NO GPU ADAPTER FOUND');
      expect(out).toContain('no WebGPU adapter found');
    } else {
      expect(r.status, out).toBe(0);
      expect(out).toMatch(/\| PASS/);
    }
  }, 3_700_000);
});
