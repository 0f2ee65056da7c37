// `npm run grid` through the CLI, as users run it (tsx, plain Node module loading): a tiny grid of
// 2 variants × 2 seeds on a small subset of ../shared/data/cxr, split into two shards (one by k/n, one by the
// Kubernetes index variable), merged into one table; a re-run with the same --out skips finished runs.
import { describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const CXR = path.resolve('../shared/data/cxr');

/** Copies the first `n` files of each sub-folder (symlinks would be skipped by the folder reader). */
function subset(from: string, to: string, folders: string[], n: number): void {
  for (const f of folders) {
    mkdirSync(path.join(to, f), { recursive: true });
    for (const name of readdirSync(path.join(from, f)).sort().slice(0, n)) copyFileSync(path.join(from, f, name), path.join(to, f, name));
  }
}

const grid = (dir: string, ...args: string[]) =>
  run('npx', ['tsx', 'src/cli/grid.ts', ...args], { maxBuffer: 32 << 20, env: { ...process.env, ...(dir ? { JOB_COMPLETION_INDEX: dir } : {}) } });

describe('npm run grid', () => {
  it('runs 2 variants × 2 seeds in two shards, merges one table, and skips finished runs on a re-run', async () => {
    expect(existsSync(CXR), `${CXR} is missing`).toBe(true);
    const dir = mkdtempSync(path.join(tmpdir(), 'mmw-grid-'));
    subset(path.join(CXR, 'pneumonia'), path.join(dir, 'cls'), ['NORMAL', 'PNEUMONIA'], 14);
    subset(path.join(CXR, 'lungs'), path.join(dir, 'seg'), ['images', 'masks'], 20);
    const configPath = path.join(dir, 'grid.json');
    writeFileSync(configPath, JSON.stringify({
      variants: ['umtl', 'multimix'], seeds: [1, 2], budgets: [{ seg: 5, cls: 8 }], baseline: 'umtl',
      imageSize: 32, widthMultiplier: 0.25, m: 2, steps: 2, backend: 'wasm',
      data: { clsTrain: 'cls', segTrain: 'seg', crossSegTest: path.join(CXR, 'shenzhen') },
    }));
    const a = path.join(dir, 'a');
    const b = path.join(dir, 'b');
    const first = await grid('', '--config', configPath, '--out', a, '--shard', '0/2');
    // Shard 1 of 2 from Kubernetes' JOB_COMPLETION_INDEX (k omitted).
    await grid('1', '--config', configPath, '--out', b, '--shard', '2');
    expect(first.stdout).toMatch(/grid: 4 runs \(2 variants × 2 seeds × 1 budgets\), each 2 steps/);
    expect(first.stdout).toMatch(/\[2\/2\] umtl 5\/8 seed 2: step 2\/2 .* grid ETA/);
    // Cells are budgets × seeds × variants; shard 0 takes cells 0 and 2 (umtl, both seeds), shard 1 multimix.
    expect(existsSync(path.join(a, 'umtl/seg5-cls8/seed1/metrics.json'))).toBe(true);
    expect(existsSync(path.join(a, 'umtl/seg5-cls8/seed2/per-image.json'))).toBe(true);
    expect(existsSync(path.join(b, 'multimix/seg5-cls8/seed2/model/model.json'))).toBe(true);
    const m = JSON.parse(readFileSync(path.join(b, 'multimix/seg5-cls8/seed1/metrics.json'), 'utf8'));
    expect(m.steps).toBe(2);
    expect(m.data.valSeg).toBeGreaterThan(0);
    expect(m.threshold.source).toMatch(/youden|default/);
    expect(typeof m.ssl.activeStepShare).toBe('number');

    const merged = path.join(dir, 'merged');
    const mergeRun = await grid('', '--merge', a, b, '--out', merged);
    expect(mergeRun.stdout).toMatch(/merging 4 runs/);
    const table = JSON.parse(readFileSync(path.join(merged, 'table.json'), 'utf8'));
    expect(table.baseline).toBe('umtl');
    expect(table.rows.map((r: { variant: string }) => r.variant)).toEqual(['umtl', 'multimix']);
    for (const row of table.rows) {
      expect(row.seeds).toEqual([1, 2]);
      expect(row.steps).toEqual([2, 2]);
      const dice = row.blocks.seg.metrics.dice;
      expect(dice.n).toBe(2);
      expect(typeof dice.mean).toBe('number');
      expect(typeof dice.std).toBe('number');
      expect(dice.ci.lo).toBeLessThanOrEqual(dice.ci.hi);
      expect(row.blocks.cls.metrics.acc.ci.method).toBe('wilson');
      expect(row.blocks.crossSeg.small).toBe(true); // Shenzhen: 10 images
    }
    const mm = table.rows[1];
    expect(mm.paired.seg.metric).toBe('dice');
    expect(mm.paired.seg.matched).toHaveLength(2);
    expect(['exact', 'chi-square-cc']).toContain(mm.paired.cls.mcnemar.method);
    const md = readFileSync(path.join(merged, 'table.md'), 'utf8');
    expect(md).toMatch(/### Segmentation, in-domain/);
    expect(md).toMatch(/\| multimix \| 5 \/ 8 \| 2 \| 2 \|/);
    expect(md).toMatch(/Paired comparisons against `umtl`/);
    expect(md).toMatch(/⚠/);
    expect(readFileSync(path.join(merged, 'table.tex'), 'utf8')).toMatch(/\\begin\{tabular\}/);
    const csv = readFileSync(path.join(merged, 'table.csv'), 'utf8').trim().split('\n');
    expect(csv).toHaveLength(3);
    expect(csv[0]).toMatch(/^variant,segBudget,clsBudget,seeds,steps,threshold,cls\.n,cls\.acc\.mean/);

    // Interrupted-and-rerun behaviour: the same --out trains nothing again.
    const again = await grid('', '--config', configPath, '--out', a, '--shard', '0/2');
    expect(again.stdout.match(/^skip /gm)).toHaveLength(2);
    expect(again.stdout).toMatch(/0 runs trained, 2 skipped/);
    expect(existsSync(path.join(a, 'table.md'))).toBe(true);
  }, 240_000);

  it('refuses a grid without a fixed step count and a bad shard with specific messages', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'mmw-grid-'));
    const configPath = path.join(dir, 'grid.json');
    writeFileSync(configPath, JSON.stringify({ variants: ['unet', 'bogus'], seeds: [1], data: { segTrain: 'x' } }));
    const err = await grid('', '--config', configPath, '--out', path.join(dir, 'o')).catch((e: { stderr: string }) => e);
    expect((err as { stderr: string }).stderr).toMatch(/variant "bogus"[\s\S]*same number of optimisation steps/);
    writeFileSync(configPath, JSON.stringify({ variants: ['unet'], seeds: [1], steps: 1, data: { segTrain: 'x' } }));
    const shardErr = await grid('', '--config', configPath, '--out', path.join(dir, 'o'), '--shard', '3/2').catch((e: { stderr: string }) => e);
    expect((shardErr as { stderr: string }).stderr).toMatch(/index 3 of 2 shards is out of range/);
  }, 60_000);
});
