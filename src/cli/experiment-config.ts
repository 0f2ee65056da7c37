// The headless runner's JSON config: a RunConfig plus where the data is and how it is budgeted. Checked by
// the same schema as the app's config form and share links (core/config.ts, core/workbench-config.ts).
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import * as v from 'valibot';
import { DEFAULT_RUN_CONFIG, runConfigFromJson, type DeepPartial, type RunConfig, type Variant } from '../core/config';
import { integerField, problemsOf, showValue, type ConfigProblem } from '../core/config-schema';
import type { LabelBudget } from '../core/data/types';
import { LABEL_BUDGET_SCHEMA } from '../core/workbench-config';
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
  /** Classification set from another source (e.g. NIH, the paper's NIHX), evaluated only: `crossCls` in metrics.json. */
  crossClsTest?: string;
}

export interface ExperimentConfig {
  run: RunConfig;
  backend: NodeBackendName;
  /** Labeled train images; the rest of the train split is unlabeled. */
  budgets: LabelBudget;
  /** Fractions of patients for validation and (when no separate test folder is given) test. */
  valFraction: number;
  testFraction: number;
  /** Overrides epochs × stepsPerEpoch with exactly this many steps (one epoch). */
  steps?: number;
  data: ExperimentData;
  /** Classification decision threshold: chosen on validation by Youden's J (default) or a fixed probability. */
  decisionThreshold: 'youden' | number;
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
  budgets?: Partial<LabelBudget>;
  valFraction?: number;
  testFraction?: number;
  data?: ExperimentData;
  model?: DeepPartial<RunConfig['model']>;
  decisionThreshold?: 'youden' | number;
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

/** Thrown for a config the runner cannot use; `problems` are the typed problems its message lists. */
export class ExperimentConfigError extends Error {
  constructor(readonly problems: ConfigProblem[]) {
    super(`invalid experiment config:\n  - ${problems.map((p) => p.message).join('\n  - ')}`);
    this.name = 'ExperimentConfigError';
  }
}

/** The runner's own fields; the run part is RUN_CONFIG_SCHEMA's and the budgets LABEL_BUDGET_SCHEMA's. */
const RUNNER_FIELDS_SCHEMA = v.object({
  backend: v.custom<NodeBackendName>(
    (x) => NODE_BACKEND_NAMES.includes(x as NodeBackendName),
    (issue) => `must be one of ${NODE_BACKEND_NAMES.map((b) => `"${b}"`).join(', ')} in Node (got ${showValue(issue.input)})`,
  ),
  steps: v.optional(integerField(1, 'must be an integer >= 1')),
});

const DATA_KEYS: string[] = ['clsTrain', 'clsTest', 'segTrain', 'segTest', 'crossSegTest', 'crossClsTest'] satisfies Array<keyof ExperimentData>;

/** The runner's own top-level keys (besides the RunConfig's). */
const RUNNER_KEYS = ['variant', 'imageSize', 'widthMultiplier', 'm', 'backend', 'steps', 'budgets', 'valFraction', 'testFraction', 'data', 'decisionThreshold'];

export function parseExperimentConfig(raw: ExperimentFile, baseDir: string): ExperimentConfig {
  const { variant, imageSize, widthMultiplier, m, backend, steps, budgets, valFraction, testFraction, data, decisionThreshold, ...rest } = raw;
  // Unknown top-level keys are named with every key the runner knows; nested ones by the run reader below.
  const known = [...RUNNER_KEYS, ...Object.keys(DEFAULT_RUN_CONFIG)];
  const unknown: ConfigProblem[] = Object.keys(rest)
    .filter((k) => !known.includes(k))
    .map((k) => ({ path: k, message: `${k} is not a config field (known: ${known.join(', ')})` }));
  for (const u of unknown) delete (rest as Record<string, unknown>)[u.path];
  const model = { ...rest.model };
  if (variant !== undefined) model.variant = variant;
  if (imageSize !== undefined) model.inputSize = imageSize;
  if (widthMultiplier !== undefined) model.widthMultiplier = widthMultiplier;
  // The same reader as a config file or share link: unknown fields and wrong types are named, then the rules.
  const parsed = runConfigFromJson({ ...rest, model, ...(m !== undefined ? { batchSize: m } : {}) });
  const run = parsed.config;
  if (steps !== undefined) {
    run.epochs = 1;
    run.stepsPerEpoch = steps;
  }
  const be = backend ?? 'wasm';
  const problems = [...unknown, ...parsed.problems, ...problemsOf(RUNNER_FIELDS_SCHEMA, { backend: be, steps })];
  const vf = valFraction ?? 0.1;
  const tf = testFraction ?? 0.2;
  if (!(vf >= 0 && tf >= 0 && vf + tf < 1)) {
    problems.push({ path: 'valFraction', message: `valFraction + testFraction must be in [0, 1) (got ${vf} + ${tf})` });
  }
  const d = data ?? {};
  for (const [k, x] of Object.entries(d)) {
    const path = `data.${k}`;
    if (!DATA_KEYS.includes(k)) problems.push({ path, message: `${path} is not a data field (known: ${DATA_KEYS.join(', ')})` });
    else if (typeof x !== 'string') problems.push({ path, message: `${path} must be a folder path (got ${showValue(x)})` });
  }
  if (!d.clsTrain && !d.segTrain) problems.push({ path: 'data', message: 'data.clsTrain and/or data.segTrain must name a folder' });
  const budget: LabelBudget = { seg: budgets?.seg ?? 'all', cls: budgets?.cls ?? 'all' };
  problems.push(...problemsOf(v.object({ budgets: LABEL_BUDGET_SCHEMA }), { budgets: budget }));
  const dt = decisionThreshold ?? 'youden';
  if (dt !== 'youden' && !(typeof dt === 'number' && dt >= 0 && dt <= 1)) {
    problems.push({ path: 'decisionThreshold', message: `decisionThreshold must be "youden" or a probability in [0, 1] (got ${showValue(dt)})` });
  }
  if (problems.length > 0) throw new ExperimentConfigError(problems);
  return {
    run,
    backend: be,
    budgets: budget,
    valFraction: vf,
    testFraction: tf,
    ...(steps !== undefined ? { steps } : {}),
    data: d,
    decisionThreshold: dt,
    baseDir,
  };
}
