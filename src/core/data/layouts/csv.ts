// Labels from a table: NIH ChestX-ray14's `Data_Entry_2017.csv` and a generic `filename,label` CSV.
// A CSV claims only the images it names; images it does not name are left for the unlabeled
// (flat-images) plan. Rows naming files that were not dropped are reported, the first
// MAX_MISSING_REPORTED one by one and the rest in one summary issue (NIH lists 112 120 images; a
// drop usually holds a part of them).
import Papa from 'papaparse';
import { issue } from '../errors';
import type { ClassLabel, ImportIssue, PlannedItem, Split } from '../types';
import { splitFromDirName } from './kermany';
import { type Claim, type Entry, type Tree, isDocument, keyFor, normalisePath } from './tree';

export const MAX_MISSING_REPORTED = 20;

const FILE_COL = /^(file|files|filename|file_name|image|image_name|imagename|image_id|imageid|image_path|path|name|id)$/i;
const LABEL_COL = /^(label|labels|class|target|diagnosis|finding|category)$/i;
const PATIENT_COL = /^(patient|patient_id|patientid|patient id|subject|subject_id)$/i;
const SPLIT_COL = /^(split|subset|fold|set)$/i;

/** NIH rule: "Pneumonia" among the `|`-separated findings → 1; exactly "No Finding" → 0; else none. */
export function nihLabel(findings: string): ClassLabel | undefined {
  const parts = findings.split('|').map((s) => s.trim().toLowerCase());
  if (parts.includes('pneumonia')) return 1;
  if (parts.length === 1 && parts[0] === 'no finding') return 0;
  return undefined;
}

/** Generic CSV labels, case-insensitive: normal/0 → 0, pneumonia/1 → 1. */
export function csvLabel(value: string): ClassLabel | undefined {
  const v = value.trim().toLowerCase();
  if (v === 'normal' || v === '0') return 0;
  if (v === 'pneumonia' || v === '1') return 1;
  return undefined;
}

interface Table {
  entry: Entry;
  fields: string[];
  rows: Array<Record<string, string>>;
  errors: ImportIssue[];
}

async function readTable(e: Entry): Promise<Table> {
  const text = new TextDecoder('utf-8').decode(await e.file.read());
  const parsed = Papa.parse<Record<string, string>>(text.replace(/^\uFEFF/, ''), { header: true, skipEmptyLines: true, transformHeader: (h) => h.trim() });
  const errors = parsed.errors.map((err) =>
    issue('csv-bad-row', e.file.path, `row ${(err.row ?? 0) + 2}: ${err.message}`),
  );
  return { entry: e, fields: parsed.meta.fields ?? [], rows: parsed.data, errors };
}

/** Resolve a file name from a CSV: as a path from the CSV's folder, else by unique base name. */
function resolver(root: string, candidates: Entry[]): (name: string) => Entry | undefined {
  const byPath = new Map<string, Entry>();
  const byBase = new Map<string, Entry | null>();
  for (const e of candidates) {
    byPath.set(e.norm.toLowerCase(), e);
    const b = e.name.toLowerCase();
    byBase.set(b, byBase.has(b) ? null : e); // null = ambiguous
  }
  return (name) => {
    const rel = normalisePath(name.trim()).toLowerCase();
    const hit = byPath.get(root === '' ? rel : `${root.toLowerCase()}/${rel}`);
    if (hit) return hit;
    const base = byBase.get(rel.slice(rel.lastIndexOf('/') + 1));
    return base ?? undefined;
  };
}

function addMissing(claim: Claim, csvPath: string, missing: string[]): void {
  const csvDir = csvPath.includes('/') ? csvPath.slice(0, csvPath.lastIndexOf('/') + 1) : '';
  for (const m of missing.slice(0, MAX_MISSING_REPORTED)) {
    // Named as it would sit beside the CSV, so the report points at where it was expected.
    claim.issues.push(issue('csv-missing-file', csvDir + normalisePath(m), `listed in ${csvPath} but not among the dropped files`));
  }
  if (missing.length > MAX_MISSING_REPORTED) {
    const more = missing.length - MAX_MISSING_REPORTED;
    claim.issues.push(issue('csv-missing-file', csvPath, `${more} more rows name files that were not dropped (e.g. ${missing[MAX_MISSING_REPORTED]})`));
  }
}

function tableClaim(tree: Tree, pool: ReadonlySet<Entry>, t: Table, kind: 'nih-csv' | 'label-csv'): Claim {
  const root = t.entry.dir;
  const candidates = tree.under(root, pool).filter((e) => !isDocument(e));
  const find = resolver(root, candidates);
  const claim: Claim = { root, layout: kind, items: [], issues: [...t.errors], ignored: 0, claimed: [t.entry] };
  const col = (re: RegExp) => t.fields.find((f) => re.test(f));
  const fileCol = kind === 'nih-csv' ? 'Image Index' : col(FILE_COL)!;
  const labelCol = kind === 'nih-csv' ? 'Finding Labels' : col(LABEL_COL)!;
  const patientCol = kind === 'nih-csv' ? 'Patient ID' : col(PATIENT_COL);
  const splitCol = kind === 'nih-csv' ? undefined : col(SPLIT_COL);
  const missing: string[] = [];
  const used = new Set<Entry>();
  t.rows.forEach((row, i) => {
    const name = (row[fileCol] ?? '').trim();
    const rawLabel = (row[labelCol] ?? '').trim();
    const where = `${t.entry.file.path} row ${i + 2}`;
    if (name === '') {
      claim.issues.push(issue('csv-bad-row', t.entry.file.path, `row ${i + 2} has no "${fileCol}" value`));
      return;
    }
    const e = find(name);
    if (!e) {
      missing.push(name);
      return;
    }
    if (used.has(e)) {
      claim.issues.push(issue('csv-bad-row', t.entry.file.path, `row ${i + 2} names ${name} again; the first row wins`));
      return;
    }
    used.add(e);
    claim.claimed.push(e);
    const label = kind === 'nih-csv' ? nihLabel(rawLabel) : csvLabel(rawLabel);
    if (label === undefined) {
      const why = kind === 'nih-csv' ? `findings "${rawLabel}" are neither "No Finding" nor include "Pneumonia"` : `label "${rawLabel}" is not normal/pneumonia/0/1`;
      claim.issues.push(issue('unknown-label', e.file.path, `${why} (${where})`));
      return;
    }
    const item: PlannedItem = { key: keyFor(root, e), imagePath: e.file.path, label };
    const patient = patientCol ? (row[patientCol] ?? '').trim() : '';
    if (patient) item.patientId = patient;
    const split: Split | undefined = splitCol ? splitFromDirName((row[splitCol] ?? '').trim()) : undefined;
    if (split) item.split = split;
    claim.items.push(item);
  });
  addMissing(claim, t.entry.file.path, missing);
  return claim;
}

/** CSV tables that are NIH entries (`Image Index`, `Finding Labels`) or generic label tables. */
export async function recogniseCsv(tree: Tree, pool: ReadonlySet<Entry>): Promise<Claim[]> {
  const claims: Claim[] = [];
  const remaining = new Set(pool);
  for (const e of tree.entries) {
    if (!remaining.has(e) || e.ext !== 'csv') continue;
    let t: Table;
    try {
      t = await readTable(e);
    } catch {
      continue; // unreadable CSV: left to the leftovers, where it is ignored as a document
    }
    const isNih = t.fields.includes('Image Index') && t.fields.includes('Finding Labels');
    const isLabels = !isNih && t.fields.some((f) => FILE_COL.test(f)) && t.fields.some((f) => LABEL_COL.test(f));
    if (!isNih && !isLabels) continue;
    const claim = tableClaim(tree, remaining, t, isNih ? 'nih-csv' : 'label-csv');
    for (const c of claim.claimed) remaining.delete(c);
    claims.push(claim);
  }
  return claims;
}
