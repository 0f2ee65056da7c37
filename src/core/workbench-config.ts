// The workbench run config: a RunConfig plus label budgets, dataset roles, backend and checkpoint interval —
// its types, defaults and validation. Pure (no tfjs, no DOM, no IndexedDB), so the page, the training
// worker, the share-link importer and unit tests share it; the worker protocol only references it.
import { BACKENDS, DEFAULT_RUN_CONFIG, VARIANTS, validateRunConfig, variantFeatures, type BackendName, type RunConfig } from './config';

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
  budgets: { seg: number | 'all'; cls: number | 'all' };
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

export const DEFAULT_BUDGETS: WorkbenchRunConfig['budgets'] = { seg: 50, cls: 100 };

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

function budgetProblem(name: string, v: unknown): string | undefined {
  if (v === 'all') return undefined;
  if (typeof v === 'number' && Number.isInteger(v) && v >= 0) return undefined;
  return `budgets.${name} must be a whole number >= 0 or 'all' (got ${JSON.stringify(v)})`;
}

/**
 * Human-readable problems; empty when the config can start a run. `knownDatasetIds`, when given, checks that
 * every referenced dataset still exists. Data-dependent problems (no masks in any train dataset for a
 * segmenting variant, ...) are found by the worker when it loads the data.
 */
export function validateWorkbenchConfig(c: WorkbenchRunConfig, knownDatasetIds?: ReadonlySet<string>): string[] {
  const problems: string[] = [];
  if (typeof c !== 'object' || c === null) return ['the run config is missing'];
  if (typeof c.run !== 'object' || c.run === null) problems.push('run (the model/training settings) is missing');
  else problems.push(...validateRunConfig(c.run));
  if (typeof c.budgets !== 'object' || c.budgets === null) problems.push('budgets is missing');
  else {
    for (const k of ['seg', 'cls'] as const) {
      const p = budgetProblem(k, c.budgets[k]);
      if (p) problems.push(p);
    }
  }
  if (!(c.backend === 'auto' || (BACKENDS as readonly string[]).includes(c.backend))) {
    problems.push(`backend "${String(c.backend)}" is not one of auto, ${BACKENDS.join(', ')}`);
  }
  if (!Number.isInteger(c.checkpointEverySteps) || c.checkpointEverySteps < 0) {
    problems.push(`checkpointEverySteps must be a whole number >= 0 (got ${c.checkpointEverySteps})`);
  }
  if (!Array.isArray(c.datasets)) {
    problems.push('datasets must be a list of {datasetId, role}');
    return problems;
  }
  const seen = new Set<string>();
  for (const [i, d] of c.datasets.entries()) {
    if (!d || typeof d.datasetId !== 'string' || d.datasetId === '') {
      problems.push(`datasets[${i}] has no datasetId`);
      continue;
    }
    if (!(DATASET_ROLES as readonly string[]).includes(d.role)) {
      problems.push(`datasets[${i}] role "${String(d.role)}" is not one of ${DATASET_ROLES.join(', ')}`);
    }
    if (seen.has(d.datasetId)) problems.push(`dataset ${d.datasetId} is used twice; give each dataset one role`);
    seen.add(d.datasetId);
    if (knownDatasetIds && !knownDatasetIds.has(d.datasetId)) {
      problems.push(`dataset ${d.datasetId} (datasets[${i}]) no longer exists; pick it again or remove it`);
    }
  }
  if (!c.datasets.some((d) => d.role === 'train')) {
    problems.push('no dataset has the role "train": choose at least one dataset to train on');
  }
  if (c.run?.model && (VARIANTS as readonly string[]).includes(c.run.model.variant) && c.budgets) {
    const f = variantFeatures(c.run.model.variant);
    if (f.seg && c.budgets.seg === 0) problems.push(`variant ${c.run.model.variant} segments, but budgets.seg is 0 (no labeled masks)`);
    if (f.cls && c.budgets.cls === 0) problems.push(`variant ${c.run.model.variant} classifies, but budgets.cls is 0 (no labeled images)`);
  }
  return problems;
}
