// The workbench run config as a JSON file and as a URL hash. A file carries the whole config with a format
// tag; a URL carries only what differs from the core defaults (base64url of compact JSON in
// `#config=…`), so a shared link stays short. Both come back through the same checks: structure and types
// here (unknown fields, wrong types), ranges and dataset roles in validateWorkbenchConfig. Every problem
// is a sentence naming the field.
import { BACKENDS, DEFAULT_RUN_CONFIG } from '../../core/config';
import { validateWorkbenchConfig } from '../../core/workbench-config';
import { DATASET_ROLES, type DatasetRole, type DatasetUse, type WorkbenchRunConfig } from '../../core/workbench-config';
import { decodeBase64Url, encodeBase64Url } from './base64url';
import { fieldOfMessage, runConfigDiff, runConfigFromJson, type ConfigProblem } from './run-config-json';

export const CONFIG_FILE_FORMAT = 'multimix-workbench-config';
export const CONFIG_FILE_VERSION = 1;
/** The URL hash parameter that carries a shared config. */
export const HASH_PARAM = 'config';

export interface ParsedConfig {
  /** Best effort: defaults where the input was missing or unusable, so the panel can still show it. */
  config: WorkbenchRunConfig;
  problems: ConfigProblem[];
}

type Plain = Record<string, unknown>;
const isPlain = (v: unknown): v is Plain => typeof v === 'object' && v !== null && !Array.isArray(v);
const TOP_FIELDS = ['run', 'budgets', 'datasets', 'backend', 'checkpointEverySteps'];

function budgetFrom(v: unknown, fallback: number | 'all', field: string, problems: ConfigProblem[]): number | 'all' {
  if (v === undefined) return fallback;
  if (v === 'all' || typeof v === 'number') return v; // range: validateWorkbenchConfig
  problems.push({ field, message: `${field} must be a number or "all" (got ${JSON.stringify(v)})` });
  return fallback;
}

function datasetsFrom(v: unknown, fallback: DatasetUse[], problems: ConfigProblem[]): DatasetUse[] {
  if (v === undefined) return fallback;
  if (!Array.isArray(v)) {
    problems.push({ field: 'datasets', message: 'datasets must be a list of {"datasetId", "role"}' });
    return fallback;
  }
  const out: DatasetUse[] = [];
  v.forEach((d: unknown, i) => {
    if (!isPlain(d) || typeof d.datasetId !== 'string' || typeof d.role !== 'string') {
      problems.push({ field: 'datasets', message: `datasets[${i}] must be {"datasetId": "…", "role": "…"}` });
    } else if (!(DATASET_ROLES as readonly string[]).includes(d.role)) {
      problems.push({ field: 'datasets', message: `datasets[${i}] role "${d.role}" is not one of ${DATASET_ROLES.join(', ')}` });
    } else out.push({ datasetId: d.datasetId, role: d.role as DatasetRole });
  });
  return out;
}

/** A workbench config from parsed JSON; missing parts take `defaults`. */
export function workbenchConfigFromJson(value: unknown, defaults: WorkbenchRunConfig): ParsedConfig {
  const problems: ConfigProblem[] = [];
  if (!isPlain(value)) {
    return { config: defaults, problems: [{ field: '(config)', message: 'the config must be a JSON object' }] };
  }
  for (const key of Object.keys(value)) {
    if (!TOP_FIELDS.includes(key)) problems.push({ field: key, message: `${key} is not a config field (known: ${TOP_FIELDS.join(', ')})` });
  }
  // The run part merges over the core defaults, as the URL's diff was taken against them.
  const run = value.run === undefined ? { config: defaults.run, problems: [] } : runConfigFromJson(value.run, DEFAULT_RUN_CONFIG);
  problems.push(...run.problems);
  const b = isPlain(value.budgets) ? value.budgets : {};
  if (value.budgets !== undefined && !isPlain(value.budgets)) problems.push({ field: 'budgets', message: 'budgets must be {"seg": …, "cls": …}' });
  const backend = value.backend ?? defaults.backend;
  const config: WorkbenchRunConfig = {
    run: run.config,
    budgets: { seg: budgetFrom(b.seg, defaults.budgets.seg, 'budgets.seg', problems), cls: budgetFrom(b.cls, defaults.budgets.cls, 'budgets.cls', problems) },
    datasets: datasetsFrom(value.datasets, defaults.datasets, problems),
    backend: backend === 'auto' || (BACKENDS as readonly unknown[]).includes(backend) ? (backend as WorkbenchRunConfig['backend']) : defaults.backend,
    checkpointEverySteps: typeof value.checkpointEverySteps === 'number' ? value.checkpointEverySteps : defaults.checkpointEverySteps,
  };
  if (config.backend !== backend) problems.push({ field: 'backend', message: `backend "${String(backend)}" is not one of auto, ${BACKENDS.join(', ')}` });
  if (value.checkpointEverySteps !== undefined && typeof value.checkpointEverySteps !== 'number') {
    problems.push({ field: 'checkpointEverySteps', message: `checkpointEverySteps must be a number (got ${JSON.stringify(value.checkpointEverySteps)})` });
  }
  // Range and consistency checks on what parsed; fields with a type problem already have their message.
  const seen = new Set(problems.map((p) => p.field));
  for (const message of validateWorkbenchConfig(config)) {
    const field = fieldOfMessage(message);
    if (!seen.has(field) && !problems.some((p) => p.message === message)) problems.push({ field, message });
  }
  return { config, problems };
}

export function configToFileText(config: WorkbenchRunConfig): string {
  return `${JSON.stringify({ format: CONFIG_FILE_FORMAT, version: CONFIG_FILE_VERSION, config }, null, 2)}\n`;
}

/** Reads an exported config file (or a bare config object someone wrote by hand). */
export function configFromFileText(text: string, defaults: WorkbenchRunConfig): ParsedConfig {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    return fail(defaults, `The file is not valid JSON: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (isPlain(json) && 'format' in json) {
    if (json.format !== CONFIG_FILE_FORMAT) return fail(defaults, `The file's format is "${String(json.format)}", not "${CONFIG_FILE_FORMAT}".`);
    if (json.version !== CONFIG_FILE_VERSION) {
      return fail(defaults, `The file is version ${String(json.version)} of the config format; this app reads version ${CONFIG_FILE_VERSION}.`);
    }
    return workbenchConfigFromJson(json.config, defaults);
  }
  return workbenchConfigFromJson(json, defaults);
}

/** `config=<base64url>` for a URL hash: the run fields that differ from the core defaults, plus the rest. */
export function configToHash(config: WorkbenchRunConfig): string {
  const compact = { ...config, run: runConfigDiff(config.run, DEFAULT_RUN_CONFIG) };
  return `${HASH_PARAM}=${encodeBase64Url(JSON.stringify(compact))}`;
}

/** null when the hash carries no config; otherwise the config with any problems. */
export function configFromHash(hash: string, defaults: WorkbenchRunConfig): ParsedConfig | null {
  const code = new URLSearchParams(hash.replace(/^#/, '')).get(HASH_PARAM);
  if (code === null) return null;
  let text: string;
  try {
    text = decodeBase64Url(code);
  } catch (err) {
    return fail(defaults, `The config in the link ${err instanceof Error ? err.message : String(err)}.`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return fail(defaults, 'The config in the link is not valid JSON (it was probably cut off).');
  }
  return workbenchConfigFromJson(json, defaults);
}

function fail(config: WorkbenchRunConfig, message: string): ParsedConfig {
  return { config, problems: [{ field: '(config)', message }] };
}
