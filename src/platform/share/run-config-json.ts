// A RunConfig from untrusted JSON (a file someone edited, a URL someone shortened): every field is checked
// against the type of the default, unknown fields are reported rather than silently dropped, missing
// fields take the default (so a URL only needs what differs), and then the core's range checks run.
// Problems name the field in the same dotted form validateRunConfig uses (`model.inputSize`), so the
// config panel can show each message next to its input.
import { DEFAULT_RUN_CONFIG, VARIANTS, validateRunConfig, type DeepPartial, type RunConfig } from '../../core/config';

export interface ConfigProblem {
  /** Dotted path inside the RunConfig (`model.inputSize`, `batchSize`), or a workbench field (`budgets.seg`). */
  field: string;
  message: string;
}

type Plain = Record<string, unknown>;
const isPlain = (v: unknown): v is Plain => typeof v === 'object' && v !== null && !Array.isArray(v);
const show = (v: unknown) => (typeof v === 'string' ? `"${v}"` : Array.isArray(v) ? 'a list' : v === null ? 'null' : String(v));

/** Copies `value` over `template`, leaf by leaf, where the JSON type matches the template's. */
function mergeChecked(template: Plain, value: unknown, path: string, problems: ConfigProblem[]): Plain {
  const out: Plain = { ...template };
  if (!isPlain(value)) {
    problems.push({ field: path || '(config)', message: `${path || 'the config'} must be an object (got ${show(value)})` });
    return out;
  }
  for (const [key, v] of Object.entries(value)) {
    const field = path ? `${path}.${key}` : key;
    if (!(key in template)) {
      problems.push({ field, message: `${field} is not a config field (known here: ${Object.keys(template).join(', ')})` });
      continue;
    }
    const t = template[key];
    if (isPlain(t)) out[key] = mergeChecked(t, v, field, problems);
    else if (typeof v !== typeof t || v === null) {
      problems.push({ field, message: `${field} must be a ${typeof t} (got ${show(v)})` });
    } else out[key] = v;
  }
  return out;
}

/** The field a validateRunConfig message is about: its first word (`batchSize (M) must be …` → `batchSize`). */
export function fieldOfMessage(message: string): string {
  return message.split(/[\s(]/, 1)[0] ?? '';
}

export function runConfigFromJson(value: unknown, defaults: RunConfig = DEFAULT_RUN_CONFIG): { config: RunConfig; problems: ConfigProblem[] } {
  const problems: ConfigProblem[] = [];
  const config = mergeChecked(defaults as unknown as Plain, value, '', problems) as unknown as RunConfig;
  // Range checks only on fields that had the right type; a wrong type already has its message.
  const typed = new Set(problems.map((p) => p.field));
  for (const message of validateRunConfig(config)) {
    const field = fieldOfMessage(message);
    if (!typed.has(field)) problems.push({ field, message });
  }
  // A variant has no free-text input to correct it in: keep the message, show the default variant.
  if (!VARIANTS.includes(config.model.variant)) config.model = { ...config.model, variant: defaults.model.variant };
  return { config, problems };
}

/** Only the leaves of `config` that differ from `defaults`: what a short URL needs to carry. */
export function runConfigDiff(config: RunConfig, defaults: RunConfig = DEFAULT_RUN_CONFIG): DeepPartial<RunConfig> {
  const diff = (c: Plain, d: Plain): Plain => {
    const out: Plain = {};
    for (const [k, v] of Object.entries(c)) {
      if (isPlain(v) && isPlain(d[k])) {
        const sub = diff(v, d[k] as Plain);
        if (Object.keys(sub).length > 0) out[k] = sub;
      } else if (!Object.is(v, d[k])) out[k] = v;
    }
    return out;
  };
  return diff(config as unknown as Plain, defaults as unknown as Plain) as DeepPartial<RunConfig>;
}
