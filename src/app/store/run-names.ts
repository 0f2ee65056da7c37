// Run names the user can tell apart (issue 12: two runs started in the same second got the same name).

/** `base`, or `base (2)`, `base (3)`… when a stored run already has that name. */
export function uniqueRunName(base: string, runs: ReadonlyArray<{ name: string }>): string {
  const taken = new Set(runs.map((r) => r.name));
  if (!taken.has(base)) return base;
  let i = 2;
  while (taken.has(`${base} (${i})`)) i++;
  return `${base} (${i})`;
}
