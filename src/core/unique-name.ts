// Names the user can tell apart (issue 12: two runs started in the same second got the same name; issue 9: a
// re-imported folder made a second dataset of the same name).

/** `base`, or `base (2)`, `base (3)`… when `taken` already holds that name. */
export function uniqueName(base: string, taken: Iterable<string>): string {
  const names = new Set(taken);
  if (!names.has(base)) return base;
  let i = 2;
  while (names.has(`${base} (${i})`)) i++;
  return `${base} (${i})`;
}
