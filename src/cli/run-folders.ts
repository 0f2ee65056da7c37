// Reading finished runs back from disk (metrics.json + per-image.json under any folder depth), as
// `npm run grid` (its table, and `--merge` of shard folders) and the grid-plots browser test do.
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { LabelBudget } from '../core/data/types';
import type { RunRecord } from '../core/research/table';

/** Every run folder under `dir` (any depth) that holds a metrics.json. */
async function findRunDirs(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries
    .filter((e) => e.isFile() && e.name === 'metrics.json')
    .map((e) => e.parentPath)
    .filter((p) => !p.split(path.sep).includes('model'))
    .sort();
}

async function readRun(dir: string): Promise<RunRecord> {
  const metrics = JSON.parse(await readFile(path.join(dir, 'metrics.json'), 'utf8')) as Record<string, unknown>;
  const perImagePath = path.join(dir, 'per-image.json');
  const perImage = existsSync(perImagePath) ? (JSON.parse(await readFile(perImagePath, 'utf8')) as RunRecord['perImage']) : {};
  const config = metrics.config as { model?: { variant?: string }; seed?: number; budgets?: LabelBudget } | undefined;
  if (!config?.model?.variant || config.seed === undefined || !config.budgets) {
    throw new Error(`${dir}/metrics.json has no config.model.variant / config.seed / config.budgets: not written by npm run experiment or npm run grid`);
  }
  return { variant: config.model.variant, seed: config.seed, budget: config.budgets, metrics, perImage };
}

/** Every run under `dirs`; a cell (variant × budget × seed) found twice is taken once, with a warning to `log`. */
export async function collectRuns(dirs: readonly string[], log: (l: string) => void): Promise<RunRecord[]> {
  const seen = new Map<string, string>();
  const runs: RunRecord[] = [];
  for (const d of dirs) {
    for (const runDir of await findRunDirs(path.resolve(d))) {
      const r = await readRun(runDir);
      const key = `${r.variant}|seg${r.budget.seg}-cls${r.budget.cls}|${r.seed}`;
      const prev = seen.get(key);
      if (prev) {
        log(`warning: ${runDir} repeats ${key} (already read from ${prev}); left out`);
        continue;
      }
      seen.set(key, runDir);
      runs.push(r);
    }
  }
  return runs;
}
