// Sorting config problems into "next to a field" and "about the whole config". Problems are typed
// ({path, message}, core/config-schema.ts) and every field message starts with its path; the panel shows the
// rest of the sentence under the input, and anything it has no input for in a list.
import { leafPaths, type ConfigProblem } from '../../../core/config-schema';
import { defaultWorkbenchConfig } from '../../../core/workbench-config';

/**
 * Field paths the form has an input for: every leaf of the workbench config (RunConfig fields named from the
 * RunConfig root) except the dataset roles (their problems go to the list) and the backend (Train panel).
 */
export const FORM_FIELDS: ReadonlySet<string> = (() => {
  const { run, datasets: _datasets, backend: _backend, ...rest } = defaultWorkbenchConfig();
  return new Set([...leafPaths(run), ...leafPaths(rest)]);
})();

export interface SortedProblems {
  byField: Map<string, string>;
  general: string[];
}

/** "model.inputSize must be a multiple of 16 … (got 40)" → "Must be a multiple of 16 … (got 40)". */
export function withoutField(message: string, field: string): string {
  const rest = message.slice(field.length).replace(/^\s*\([^)]*\)/, '').trim();
  return rest.charAt(0).toUpperCase() + rest.slice(1);
}

export function sortProblems(problems: readonly ConfigProblem[]): SortedProblems {
  const byField = new Map<string, string>();
  const general: string[] = [];
  for (const { path, message } of problems) {
    if (FORM_FIELDS.has(path) && message.startsWith(path)) {
      if (!byField.has(path)) byField.set(path, withoutField(message, path));
    } else if (!general.includes(message)) general.push(message);
  }
  return { byField, general };
}
