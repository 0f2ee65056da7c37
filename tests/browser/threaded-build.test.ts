// Issue 8: the *production* build (minified as `npm run build` does) must still start tfjs' threaded wasm —
// mangled or compressed bundles broke its pthread workers. Runs the script a user would run.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

describe('production build with threaded wasm', () => {
  it('starts threaded wasm in a cross-origin-isolated page served by vite preview', () => {
    const r = spawnSync('npx', ['tsx', 'scripts/check-threaded-build.ts'], { encoding: 'utf8', timeout: 540_000 });
    const out = `${r.stdout}${r.stderr}`;
    console.log(out.split('\n').filter((l) => l.startsWith('minified build')).join('\n'));
    expect(out).toMatch(/minified build: \{"threading":\{"crossOriginIsolated":true,"threads":(\d+),"cores":\1\},"matmulOk":true\}; page errors: none/);
    expect(r.status, out).toBe(0);
  });
});
