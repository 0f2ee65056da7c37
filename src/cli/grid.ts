// Headless experiment grid (issue 10, item 9):
//   npm run grid -- --config grid.json --out dir [--shard k/n]
//   npm run grid -- --merge dirA dirB … --out merged
// The grid file is an experiment file (see README, "Headless runner") plus `variants`, `seeds`, a list of
// `budgets` and optionally `baseline`. Every cell runs through the experiment runner (`runExperiment`) into
// `dir/<variant>/seg<k>-cls<k>/seed<s>/` (metrics.json, per-image.json, history.json, model/, log.txt); the
// table of all finished runs goes to dir/table.{csv,md,json}. A cell whose metrics.json exists is skipped, so
// an interrupted grid continues where it stopped.
import { appendFileSync, existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { gridCells, gridProblems, parseShard, shardCells, type GridCell } from '../core/research/grid';
import type { LabelBudget } from '../core/data/types';
import { buildResultsTable, type RunRecord } from '../core/research/table';
import { tableToCsv, tableToJson, tableToLatex, tableToMarkdown } from '../core/research/table-format';
import type { Variant } from '../core/config';
import { collectRuns } from './run-folders';
import { parseExperimentConfig, type ExperimentConfig, type ExperimentFile } from './experiment-config';
import { useNodeBackend } from './node-backend';
import { cachingFolderLoader, runExperiment } from './run-experiment';

const USAGE = 'usage: npm run grid -- --config grid.json --out <dir> [--shard k/n | --shard n]   or   npm run grid -- --merge <dir>... --out <dir>';

export interface GridFile extends Omit<ExperimentFile, 'variant' | 'seed' | 'budgets'> {
  variants: Variant[];
  seeds: number[];
  budgets?: LabelBudget[];
  baseline?: Variant;
}

interface LoadedGrid {
  file: GridFile;
  baseDir: string;
  cells: Array<GridCell & { config: ExperimentConfig }>;
  baseline: Variant;
}

async function loadGrid(file: string): Promise<LoadedGrid> {
  let raw: GridFile;
  try {
    raw = JSON.parse(await readFile(file, 'utf8')) as GridFile;
  } catch (e) {
    throw new Error(`cannot read grid config ${file}: ${e instanceof Error ? e.message : String(e)}`);
  }
  const problems = gridProblems(raw);
  if (problems.length > 0) throw new Error(`invalid grid config ${file}:\n  - ${problems.join('\n  - ')}`);
  const baseDir = path.dirname(path.resolve(file));
  const { variants, seeds, budgets = [{ seg: 'all', cls: 'all' }], baseline, ...shared } = raw;
  const cells = gridCells({ variants, seeds, budgets }).map((c) => {
    try {
      return { ...c, config: parseExperimentConfig({ ...shared, variant: c.variant, seed: c.seed, budgets: c.budget }, baseDir) };
    } catch (e) {
      throw new Error(`grid cell ${c.id}: ${e instanceof Error ? e.message : String(e)}`);
    }
  });
  return { file: raw, baseDir, cells, baseline: baseline ?? (variants[0] as Variant) };
}

async function writeTables(runs: RunRecord[], out: string, baseline: string, log: (l: string) => void): Promise<void> {
  if (runs.length === 0) {
    log('no finished runs: no table written');
    return;
  }
  const table = buildResultsTable(runs, { baseline });
  await mkdir(out, { recursive: true });
  await writeFile(path.join(out, 'table.csv'), tableToCsv(table));
  await writeFile(path.join(out, 'table.md'), tableToMarkdown(table));
  await writeFile(path.join(out, 'table.json'), tableToJson(table));
  await writeFile(path.join(out, 'table.tex'), tableToLatex(table));
  log(`table of ${runs.length} runs (${table.rows.length} rows, baseline ${baseline}): ${path.join(out, 'table.{csv,md,json,tex}')}`);
}

/** The parts of metrics.config that must match for a finished run to count as this cell's. */
function sameRunConfig(metrics: Record<string, unknown>, cfg: ExperimentConfig): boolean {
  const { budgets: _b, data: _d, decisionThreshold: _t, ...run } = (metrics.config ?? {}) as Record<string, unknown>;
  return JSON.stringify(run) === JSON.stringify(cfg.run);
}

const minutes = (ms: number) => (ms < 90_000 ? `${Math.round(ms / 1000)} s` : `${(ms / 60_000).toFixed(1)} min`);

async function runGrid(configFile: string, out: string, shardArg: string | undefined, log: (l: string) => void): Promise<void> {
  const grid = await loadGrid(configFile);
  const shard = shardArg ? parseShard(shardArg, process.env) : { index: 0, count: 1 };
  const mine = shardCells(grid.cells, shard);
  await mkdir(out, { recursive: true });
  await writeFile(path.join(out, 'grid.json'), JSON.stringify({ ...grid.file, baseline: grid.baseline }, null, 2));
  const steps = (grid.cells[0] as { config: ExperimentConfig }).config.run;
  log(
    `grid: ${grid.cells.length} runs (${grid.file.variants.length} variants × ${grid.file.seeds.length} seeds × ${grid.cells.length / grid.file.variants.length / grid.file.seeds.length} budgets), ` +
      `each ${steps.epochs * steps.stepsPerEpoch} steps (${steps.epochs} × ${steps.stepsPerEpoch}); shard ${shard.index}/${shard.count}: ${mine.length} runs → ${out}`,
  );
  await useNodeBackend(grid.cells[0]!.config.backend);
  const load = cachingFolderLoader(log); // each folder decoded once per grid, its import report shown once
  const todo: typeof mine = [];
  for (const c of mine) {
    const metricsPath = path.join(out, c.id, 'metrics.json');
    if (!existsSync(metricsPath)) {
      todo.push(c);
      continue;
    }
    const metrics = JSON.parse(await readFile(metricsPath, 'utf8')) as Record<string, unknown>;
    if (!sameRunConfig(metrics, c.config)) throw new Error(`${metricsPath} was trained with another config than this grid's cell ${c.id}; use another --out`);
    log(`skip ${c.id}: finished`);
  }
  const totalSteps = todo.reduce((s, c) => s + c.config.run.epochs * c.config.run.stepsPerEpoch, 0);
  let doneSteps = 0;
  const msPerStep: number[] = [];
  const t0 = performance.now();
  for (const [i, c] of todo.entries()) {
    const runDir = path.join(out, c.id);
    await mkdir(runDir, { recursive: true });
    const logFile = path.join(runDir, 'log.txt');
    await writeFile(logFile, '');
    const head = `[${i + 1}/${todo.length}] ${c.variant} ${c.budget.seg}/${c.budget.cls} seed ${c.seed}`;
    log(`${head}: start`);
    const runStart = performance.now();
    let lastPrint = 0;
    const metrics = await runExperiment(c.config, runDir, {
      log: (line) => appendFileSync(logFile, `${line}\n`),
      quietSteps: true,
      load,
      onStep: (p) => {
        doneSteps++;
        msPerStep.push(p.msPerStep);
        const now = performance.now();
        if (now - lastPrint < 5000 && p.step + 1 < p.totalSteps) return;
        lastPrint = now;
        const recent = msPerStep.slice(-20);
        const avg = recent.reduce((s, v) => s + v, 0) / recent.length;
        log(`${head}: step ${p.step + 1}/${p.totalSteps} · ${(avg / 1000).toFixed(2)} s/step · grid ETA ${minutes((totalSteps - doneSteps) * avg)}`);
      },
    });
    const cls = metrics.cls as Record<string, number> | undefined;
    const seg = metrics.seg as Record<string, number> | undefined;
    log(
      `${head}: done in ${minutes(performance.now() - runStart)}` +
        `${cls ? ` · acc ${cls.acc?.toFixed(3)} AUC ${cls.auc?.toFixed(3)}` : ''}${seg ? ` · Dice ${seg.dice?.toFixed(3)}` : ''}`,
    );
  }
  log(`shard ${shard.index}/${shard.count} done: ${todo.length} runs trained, ${mine.length - todo.length} skipped, ${minutes(performance.now() - t0)}`);
  await writeTables(await collectRuns([out], log), out, grid.baseline, log);
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      config: { type: 'string' }, out: { type: 'string' }, shard: { type: 'string' },
      merge: { type: 'boolean' }, baseline: { type: 'string' },
    },
  });
  const log = (line: string) => console.log(line);
  if (!values.out) throw new Error(USAGE);
  const out = path.resolve(values.out);
  if (values.merge) {
    if (positionals.length === 0) throw new Error(`--merge needs the shard output folders\n${USAGE}`);
    const runs = await collectRuns(positionals, log);
    let baseline = values.baseline;
    for (const d of positionals) {
      if (baseline) break;
      const g = path.join(path.resolve(d), 'grid.json');
      if (existsSync(g)) baseline = (JSON.parse(await readFile(g, 'utf8')) as { baseline?: string }).baseline;
    }
    log(`merging ${runs.length} runs from ${positionals.join(', ')}`);
    await writeTables(runs, out, baseline ?? runs[0]?.variant ?? '', log);
    return;
  }
  if (!values.config || positionals.length > 0) throw new Error(USAGE);
  await runGrid(values.config, out, values.shard, log);
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
