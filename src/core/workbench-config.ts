// The workbench run config: a RunConfig plus label budgets, dataset roles, backend and checkpoint interval —
// its types, defaults and validation. Pure (no tfjs, no DOM, no IndexedDB), so the page, the training
// worker, the share-link importer and unit tests share it; the worker protocol only references it.
import * as v from 'valibot';
import {
  BACKENDS, DEFAULT_RUN_CONFIG, RUN_CONFIG_SCHEMA, VARIANTS, runConfigFromJson, variantFeatures, withDefaults,
  type BackendName, type DeepPartial, type RunConfig,
} from './config';
import type { LabelBudget, LabelCount } from './data/types';
import { WHOLE_CONFIG, integerField, isPlainObject, mergeOverTemplate, oneOf, problemsOf, showValue, type ConfigProblem } from './config-schema';

/**
 * What a dataset is used for in a run.
 * - `train`: split by its stored split (assignSplits with the run seed for items without one), budgeted with
 *   `budgets` and the run seed (applyLabelBudget); its val split validates (model selection), its test split
 *   tests.
 * - `unlabeled`: every image feeds only the unlabeled streams (labels and masks are ignored).
 * - `validation` / `test` / `cross-domain`: the whole dataset is used for that purpose.
 */
export const DATASET_ROLES = ['train', 'unlabeled', 'validation', 'test', 'cross-domain'] as const;
export type DatasetRole = (typeof DATASET_ROLES)[number];

export interface DatasetUse {
  datasetId: string;
  role: DatasetRole;
}

/** Everything a run needs besides the data itself: reproducible from this + the stored datasets. */
export interface WorkbenchRunConfig {
  run: RunConfig;
  /** Train-split items that keep their mask / class label (per run, over all `train` datasets together). */
  budgets: LabelBudget;
  datasets: DatasetUse[];
  /** `auto` = the ladder webgpu → webgl → wasm → cpu. */
  backend: BackendName | 'auto';
  /** Save a checkpoint every N steps (also at every epoch end, pause and stop). 0 = only at those events. */
  checkpointEverySteps: number;
}

/** Backends that train at CPU speed, where the defaults must stay small to show loss points within a minute. */
export function isCpuClass(backend: BackendName | undefined, softwareGpu = false): boolean {
  return backend === undefined || backend === 'wasm' || backend === 'cpu' || softwareGpu;
}

/**
 * The run config a first visit gets. On CPU-class backends (wasm, cpu, WebGPU on SwiftShader): 32 px,
 * width 0.25, M = 2, 10 steps per epoch — the first loss point arrives in seconds (plus the one-off shader
 * compilation on WebGPU). On a real GPU: 128 px, width 0.5, M = 4.
 */
export function defaultRunConfig(backend?: BackendName, softwareGpu = false): RunConfig {
  const cpu = isCpuClass(backend, softwareGpu);
  return {
    ...DEFAULT_RUN_CONFIG,
    model: { ...DEFAULT_RUN_CONFIG.model, inputSize: cpu ? 32 : 128, widthMultiplier: cpu ? 0.25 : 0.5 },
    loss: { ...DEFAULT_RUN_CONFIG.loss },
    // A higher rate than the paper's 1e-4: the demo runs are hundreds of steps, not tens of thousands.
    optim: { ...DEFAULT_RUN_CONFIG.optim, learningRate: 1e-3, decayEveryEpochs: 8 },
    batchSize: cpu ? 2 : 4,
    epochs: cpu ? 10 : 20,
    stepsPerEpoch: cpu ? 10 : 0,
  };
}

const DEFAULT_BUDGETS: LabelBudget = { seg: 50, cls: 100 };

export function defaultWorkbenchConfig(
  datasets: DatasetUse[] = [],
  backend?: BackendName,
  softwareGpu = false,
): WorkbenchRunConfig {
  return {
    run: defaultRunConfig(backend, softwareGpu),
    // The paper's middle setting: labels for some train images, the rest feeds FixMatch and the KL term
    // (with 'all' labeled nothing is left for the semi-supervised variants to learn from).
    budgets: { ...DEFAULT_BUDGETS },
    datasets: datasets.map((d) => ({ ...d })),
    backend: 'auto',
    checkpointEverySteps: 10,
  };
}

/** A label count: a whole number >= 0 or 'all'. */
const labelCount = v.custom<LabelCount>(
  (x) => x === 'all' || (typeof x === 'number' && Number.isInteger(x) && x >= 0),
  (issue) => `must be a whole number >= 0 or 'all' (got ${showValue(issue.input)})`,
);

/** The rules of label budgets (the workbench's and the headless runner's). */
export const LABEL_BUDGET_SCHEMA: v.GenericSchema<LabelBudget> = v.object(
  { seg: labelCount, cls: labelCount },
  (issue) => `(masks and class labels kept) must be {"seg": …, "cls": …} (got ${showValue(issue.input)})`,
);

/** A dataset role outside DATASET_ROLES, named with the allowed ones; undefined when the role is one of them. */
function roleProblem(path: string, role: unknown): ConfigProblem | undefined {
  if ((DATASET_ROLES as readonly unknown[]).includes(role)) return undefined;
  return { path, message: `${path} role ${showValue(role)} is not one of ${DATASET_ROLES.join(', ')}` };
}

const BACKEND_SCHEMA = v.object({ backend: oneOf(['auto', ...BACKENDS] as const) });

/** Field rules of the workbench config; datasets and cross-field rules follow in validateWorkbenchConfig. */
const WORKBENCH_FIELDS_SCHEMA = v.object({
  run: RUN_CONFIG_SCHEMA,
  budgets: LABEL_BUDGET_SCHEMA,
  ...BACKEND_SCHEMA.entries,
  checkpointEverySteps: integerField(0, 'must be a whole number >= 0'),
});

/**
 * Problems that stop the config from starting a run; empty when it can. `knownDatasetIds`, when given,
 * checks that every referenced dataset still exists. Data-dependent problems (no masks in any train dataset
 * for a segmenting variant, ...) are found by the worker when it loads the data.
 */
export function validateWorkbenchConfig(c: WorkbenchRunConfig, knownDatasetIds?: ReadonlySet<string>): ConfigProblem[] {
  if (typeof c !== 'object' || c === null) return [{ path: WHOLE_CONFIG, message: 'the run config is missing' }];
  const problems = problemsOf(WORKBENCH_FIELDS_SCHEMA, c, 'run');
  if (!Array.isArray(c.datasets)) {
    problems.push({ path: 'datasets', message: 'datasets must be a list of {datasetId, role}' });
    return problems;
  }
  const seen = new Set<string>();
  for (const [i, d] of c.datasets.entries()) {
    const path = `datasets[${i}]`;
    if (!d || typeof d.datasetId !== 'string' || d.datasetId === '') {
      problems.push({ path, message: `${path} has no datasetId` });
      continue;
    }
    const badRole = roleProblem(path, d.role);
    if (badRole) problems.push(badRole);
    if (seen.has(d.datasetId)) problems.push({ path, message: `dataset ${d.datasetId} is used twice; give each dataset one role` });
    seen.add(d.datasetId);
    if (knownDatasetIds && !knownDatasetIds.has(d.datasetId)) {
      problems.push({ path, message: `dataset ${d.datasetId} (${path}) no longer exists; pick it again or remove it` });
    }
  }
  if (!c.datasets.some((d) => d.role === 'train')) {
    problems.push({ path: 'datasets', message: 'no dataset has the role "train": choose at least one dataset to train on' });
  }
  if (c.run?.model && (VARIANTS as readonly string[]).includes(c.run.model.variant) && c.budgets) {
    const f = variantFeatures(c.run.model.variant);
    const variant = c.run.model.variant;
    if (f.seg && c.budgets.seg === 0) problems.push({ path: 'budgets', message: `variant ${variant} segments, but budgets.seg is 0 (no labeled masks)` });
    if (f.cls && c.budgets.cls === 0) problems.push({ path: 'budgets', message: `variant ${variant} classifies, but budgets.cls is 0 (no labeled images)` });
  }
  return problems;
}

/**
 * A stored or shared config of an older build brought to the current shape: fields added since take their
 * defaults (DEFAULT_RUN_CONFIG, DEFAULT_BUDGETS, ...), so adding a config field needs no storage migration
 * as long as its default reproduces what older builds did.
 */
export function upgradeWorkbenchConfig(stored: WorkbenchRunConfig): WorkbenchRunConfig {
  const d = defaultWorkbenchConfig();
  return {
    ...d,
    ...plainFields(stored),
    run: withDefaults(stored.run as DeepPartial<RunConfig>),
    budgets: { ...DEFAULT_BUDGETS, ...stored.budgets },
    datasets: stored.datasets ?? [],
    backend: stored.backend ?? d.backend,
  };
}

// ---------------------------------------------------------------------------------------------------------
// Reading untrusted JSON (a config file, a share link)
// ---------------------------------------------------------------------------------------------------------

export interface ParsedConfig {
  /** Best effort: defaults where the input was missing or unusable, so the panel can still show it. */
  config: WorkbenchRunConfig;
  problems: ConfigProblem[];
}

/**
 * The workbench fields that are plain numbers or booleans (checkpointEverySteps, ...): read, typed and
 * defaulted like RunConfig leaves, so a new one needs no code in the readers here.
 */
function plainFields(c: Partial<WorkbenchRunConfig>): Record<string, unknown> {
  const { run: _run, budgets: _budgets, datasets: _datasets, backend: _backend, ...plain } = c;
  return Object.fromEntries(Object.entries(plain).filter(([, x]) => x !== undefined));
}

function budgetFrom(x: unknown, fallback: LabelCount, path: string, problems: ConfigProblem[]): LabelCount {
  if (x === undefined) return fallback;
  if (x === 'all' || typeof x === 'number') return x; // range: the schema
  problems.push({ path, message: `${path} must be a number or "all" (got ${JSON.stringify(x)})` });
  return fallback;
}

function datasetsFrom(x: unknown, fallback: DatasetUse[], problems: ConfigProblem[]): DatasetUse[] {
  if (x === undefined) return fallback;
  if (!Array.isArray(x)) {
    problems.push({ path: 'datasets', message: 'datasets must be a list of {"datasetId", "role"}' });
    return fallback;
  }
  const out: DatasetUse[] = [];
  x.forEach((d: unknown, i) => {
    const path = `datasets[${i}]`;
    if (!isPlainObject(d) || typeof d.datasetId !== 'string' || typeof d.role !== 'string') {
      problems.push({ path, message: `${path} must be {"datasetId": "…", "role": "…"}` });
    } else {
      const badRole = roleProblem(path, d.role);
      if (badRole) problems.push(badRole);
      else out.push({ datasetId: d.datasetId, role: d.role as DatasetRole });
    }
  });
  return out;
}

/**
 * A workbench config from parsed JSON; missing parts take `defaults` (the run part merges over the core
 * defaults, which a share link's diff was taken against). Unknown fields and wrong types are reported and
 * keep the default; then validateWorkbenchConfig's rules run, once per field.
 */
export function workbenchConfigFromJson(value: unknown, defaults: WorkbenchRunConfig): ParsedConfig {
  const problems: ConfigProblem[] = [];
  if (!isPlainObject(value)) {
    return { config: defaults, problems: [{ path: WHOLE_CONFIG, message: 'the config must be a JSON object' }] };
  }
  const topFields = Object.keys(defaults);
  for (const key of Object.keys(value)) {
    if (!topFields.includes(key)) problems.push({ path: key, message: `${key} is not a config field (known: ${topFields.join(', ')})` });
  }
  const run = value.run === undefined ? { config: defaults.run, problems: [] } : runConfigFromJson(value.run, DEFAULT_RUN_CONFIG);
  problems.push(...run.problems);
  const b = isPlainObject(value.budgets) ? value.budgets : {};
  if (value.budgets !== undefined && !isPlainObject(value.budgets)) problems.push({ path: 'budgets', message: 'budgets must be {"seg": …, "cls": …}' });
  const backendProblems = problemsOf(BACKEND_SCHEMA, { backend: value.backend ?? defaults.backend });
  const config: WorkbenchRunConfig = {
    ...defaults,
    run: run.config,
    budgets: { seg: budgetFrom(b.seg, defaults.budgets.seg, 'budgets.seg', problems), cls: budgetFrom(b.cls, defaults.budgets.cls, 'budgets.cls', problems) },
    datasets: datasetsFrom(value.datasets, defaults.datasets, problems),
    backend: backendProblems.length === 0 && value.backend !== undefined ? (value.backend as WorkbenchRunConfig['backend']) : defaults.backend,
  };
  problems.push(...backendProblems);
  const plainDefaults = plainFields(defaults);
  const plainJson = Object.fromEntries(Object.entries(value).filter(([k]) => k in plainDefaults));
  Object.assign(config, mergeOverTemplate(plainDefaults, plainJson, problems));
  // The rules on what parsed; fields with a type problem already have their message.
  const seen = new Set(problems.map((p) => p.path));
  for (const p of validateWorkbenchConfig(config)) {
    if (!seen.has(p.path) && !problems.some((q) => q.message === p.message)) problems.push(p);
  }
  return { config, problems };
}
