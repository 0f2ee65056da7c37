// Names the user can tell apart (issue 12: two runs started in the same second got the same name; issue 9: a
// re-imported folder made a second dataset of the same name).

/**
 * `base`, or `base (2)`, `base (3)`… when `taken` already holds that name. A taken `x (2)` counts on from `x`
 * (→ `x (3)`), never `x (2) (2)`.
 */
export function uniqueName(base: string, taken: Iterable<string>): string {
  const names = new Set(taken);
  if (!names.has(base)) return base;
  const stem = /^(.*\S) \(\d+\)$/.exec(base)?.[1] ?? base;
  let i = 2;
  while (names.has(`${stem} (${i})`)) i++;
  return `${stem} (${i})`;
}
