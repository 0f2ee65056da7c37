// The workbench run config as a JSON file and as a URL hash. A file carries the whole config with a format
// tag; a URL carries only what differs from the core defaults (base64url of compact JSON in
// `#config=…`), so a shared link stays short. Both come back through the same reader and schema
// (core/workbench-config.ts: workbenchConfigFromJson), whose problems are typed {path, message}.
import { DEFAULT_RUN_CONFIG, runConfigDiff } from '../../core/config';
import { WHOLE_CONFIG, isPlainObject } from '../../core/config-schema';
import { workbenchConfigFromJson, type ParsedConfig, type WorkbenchRunConfig } from '../../core/workbench-config';
import { decodeBase64Url, encodeBase64Url } from './base64url';

export const CONFIG_FILE_FORMAT = 'multimix-workbench-config';
export const CONFIG_FILE_VERSION = 1;
/** The URL hash parameter that carries a shared config. */
export const HASH_PARAM = 'config';

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
  if (isPlainObject(json) && 'format' in json) {
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
  return { config, problems: [{ path: WHOLE_CONFIG, message }] };
}
