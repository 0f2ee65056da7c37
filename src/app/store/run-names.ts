// Run names the user can tell apart (issue 12: two runs started in the same second got the same name).
import { uniqueName } from '../../core/unique-name';

/** `base`, or `base (2)`, `base (3)`… when a stored run already has that name. */
export function uniqueRunName(base: string, runs: ReadonlyArray<{ name: string }>): string {
  return uniqueName(base, runs.map((r) => r.name));
}
