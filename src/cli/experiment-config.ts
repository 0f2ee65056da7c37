// The headless runner's JSON config: a RunConfig plus where the data is and how it is budgeted.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { validateRunConfig, withDefaults, type DeepPartial, type RunConfig, type Variant } from '../core/config';
import { NODE_BACKEND_NAMES, type NodeBackendName } from './node-backend';

export interface ExperimentData {
  /** Kermany layout (`NORMAL/`, `PNEUMONIA/`, optionally under train/val/test). */
  clsTrain?: string;
  clsTest?: string;
  /** Image + mask layout (`images/` + `masks/`). */
  segTrain?: string;
  segTest?: string;
  /** Segmentation set from another source, evaluated only (cross-domain generalisation). */
  crossSegTest?: string;
}

export interface ExperimentConfig {
  run: RunConfig;
  backend: NodeBackendName;
  /** Labeled train images; the rest of the train split is unlabeled. */
  budgets: { seg: number | 'all'; cls: number | 'all' };
  /** Fractions of patients for validation and (when no separate test folder is given) test. */
  valFraction: number;
  testFraction: number;
  /** Overrides epochs × stepsPerEpoch with exactly this many steps (one epoch). */
  steps?: number;
  data: ExperimentData;
  /** Folder paths are resolved against this (the config file's folder). */
  baseDir: string;
}

/** The flat JSON accepted on disk (flat keys are friendlier to write by hand; nested RunConfig parts also work). */
export interface ExperimentFile extends DeepPartial<Omit<RunConfig, 'model'>> {
  variant?: Variant;
  imageSize?: number;
  widthMultiplier?: number;
  /** Alias of batchSize (the paper's M). */
  m?: number;
  backend?: NodeBackendName;
  steps?: number;
  budgets?: { seg?: number | 'all'; cls?: number | 'all' };
  valFraction?: number;
  testFraction?: number;
  data?: ExperimentData;
  model?: DeepPartial<RunConfig['model']>;
}

export async function loadExperimentConfig(file: string): Promise<ExperimentConfig> {
  let raw: ExperimentFile;
  try {
    raw = JSON.parse(await readFile(file, 'utf8')) as ExperimentFile;
  } catch (e) {
    throw new Error(`cannot read experiment config ${file}: ${e instanceof Error ? e.message : String(e)}`);
  }
  return parseExperimentConfig(raw, path.dirname(path.resolve(file)));
}

export function parseExperimentConfig(raw: ExperimentFile, baseDir: string): ExperimentConfig {
  const { variant, imageSize, widthMultiplier, m, backend, steps, budgets, valFraction, testFraction, data, ...rest } = raw;
  const model = { ...rest.model };
  if (variant !== undefined) model.variant = variant;
  if (imageSize !== undefined) model.inputSize = imageSize;
  if (widthMultiplier !== undefined) model.widthMultiplier = widthMultiplier;
  const run = withDefaults({ ...rest, model, ...(m !== undefined ? { batchSize: m } : {}) });
  if (steps !== undefined) {
    run.epochs = 1;
    run.stepsPerEpoch = steps;
  }
  const problems = validateRunConfig(run);
  const be = backend ?? 'wasm';
  if (!NODE_BACKEND_NAMES.includes(be)) problems.push(`backend must be one of ${NODE_BACKEND_NAMES.map((b) => `"${b}"`).join(', ')} in Node (got "${String(be)}")`);
  if (steps !== undefined && (!Number.isInteger(steps) || steps < 1)) problems.push(`steps must be an integer >= 1 (got ${steps})`);
  const vf = valFraction ?? 0.1;
  const tf = testFraction ?? 0.2;
  if (!(vf >= 0 && tf >= 0 && vf + tf < 1)) problems.push(`valFraction + testFraction must be in [0, 1) (got ${vf} + ${tf})`);
  const d = data ?? {};
  if (!d.clsTrain && !d.segTrain) problems.push('data.clsTrain and/or data.segTrain must name a folder');
  for (const k of ['seg', 'cls'] as const) {
    const b = budgets?.[k];
    if (b !== undefined && b !== 'all' && !(Number.isInteger(b) && b >= 0)) problems.push(`budgets.${k} must be a count >= 0 or "all" (got ${String(b)})`);
  }
  if (problems.length > 0) throw new Error(`invalid experiment config:\n  - ${problems.join('\n  - ')}`);
  return {
    run,
    backend: be,
    budgets: { seg: budgets?.seg ?? 'all', cls: budgets?.cls ?? 'all' },
    valFraction: vf,
    testFraction: tf,
    ...(steps !== undefined ? { steps } : {}),
    data: d,
    baseDir,
  };
}
