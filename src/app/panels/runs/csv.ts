// A run's curves as one CSV table: one row per step that has any value, one column per series
// (`loss/total`, `val/dice`, ...). Epoch-level series (validation) only fill the row of the step at which
// the epoch ended, so a spreadsheet can plot both against the step column. Papaparse writes the CSV
// (quoting series names that contain commas or quotes).
import Papa from 'papaparse';
import type { CurvePoint } from '../../../platform/storage';

export function curvesToCsv(curves: Readonly<Record<string, readonly CurvePoint[]>>): string {
  const names = Object.keys(curves).sort();
  const rows = new Map<number, { epoch: number; values: Map<string, number> }>();
  for (const name of names) {
    for (const p of curves[name] ?? []) {
      let row = rows.get(p.step);
      if (!row) rows.set(p.step, (row = { epoch: p.epoch, values: new Map() }));
      row.values.set(name, p.value);
    }
  }
  const steps = [...rows.keys()].sort((a, b) => a - b);
  const data = steps.map((step) => {
    const row = rows.get(step)!;
    // Empty cell = no value at this step; NaN is written as "NaN" so a failed step stays visible.
    return [step, row.epoch, ...names.map((n) => (row.values.has(n) ? String(row.values.get(n)) : ''))];
  });
  // Papaparse ends a header-only table with a newline but not a full one; always end with one (a text file).
  return `${Papa.unparse({ fields: ['step', 'epoch', ...names], data }, { newline: '\n' }).replace(/\n$/, '')}\n`;
}

/** A file name for the download: the run name with anything unsafe for file systems replaced. */
export function csvFileName(runName: string): string {
  const base = runName.trim().replace(/[^\w.-]+/g, '_').replace(/^_+|_+$/g, '') || 'run';
  return `${base}-curves.csv`;
}
