// Labels from a table: NIH ChestX-ray14's `Data_Entry_2017.csv`, the RSNA Pneumonia Detection Challenge's
// `stage_2_train_labels.csv` (`patientId,x,y,width,height,Target`: one row per box, so a positive patient
// has several rows; the images are `<patientId>.dcm`) and a generic `filename,label` CSV. File names in a
// table are matched as paths from the CSV's folder or by unique base name, with or without extension,
// case-insensitively and in Unicode NFC.
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

function addUnique(map: Map<string, Entry | null>, key: string, e: Entry): void {
  map.set(key, map.has(key) && map.get(key) !== e ? null : e); // null = ambiguous
}

/**
 * Resolve a file name from a CSV: as a path from the CSV's folder, else by unique base name; an id
 * without extension (`xr001`, an RSNA patientId) also matches the file of that stem (`xr001.png`).
 */
function resolver(root: string, candidates: Entry[]): (name: string) => Entry | undefined {
  const byPath = new Map<string, Entry | null>();
  const byBase = new Map<string, Entry | null>();
  const byPathStem = new Map<string, Entry | null>();
  const byBaseStem = new Map<string, Entry | null>();
  for (const e of candidates) {
    const norm = e.norm.toLowerCase();
    addUnique(byPath, norm, e);
    addUnique(byBase, e.name.toLowerCase(), e);
    addUnique(byPathStem, e.ext === '' ? norm : norm.slice(0, norm.length - e.ext.length - 1), e);
    addUnique(byBaseStem, e.stem.toLowerCase(), e);
  }
  return (name) => {
    const rel = normalisePath(name.trim()).toLowerCase();
    const full = root === '' ? rel : `${root.toLowerCase()}/${rel}`;
    const base = rel.slice(rel.lastIndexOf('/') + 1);
    return byPath.get(full) ?? byBase.get(base) ?? byPathStem.get(full) ?? byBaseStem.get(base) ?? undefined;
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

type TableKind = 'nih-csv' | 'rsna-csv' | 'label-csv';

/** Column names per kind: NIH and RSNA by their fixed headers, generic tables by the first matching name. */
function columns(t: Table, kind: TableKind): { file: string; label: string; patient?: string; split?: string } {
  if (kind === 'nih-csv') return { file: 'Image Index', label: 'Finding Labels', patient: 'Patient ID' };
  if (kind === 'rsna-csv') return { file: 'patientId', label: 'Target', patient: 'patientId' };
  const col = (re: RegExp) => t.fields.find((f) => re.test(f));
  const out: { file: string; label: string; patient?: string; split?: string } = { file: col(FILE_COL)!, label: col(LABEL_COL)! };
  const patient = col(PATIENT_COL);
  const split = col(SPLIT_COL);
  if (patient) out.patient = patient;
  if (split) out.split = split;
  return out;
}

function tableClaim(tree: Tree, pool: ReadonlySet<Entry>, t: Table, kind: TableKind): Claim {
  const root = t.entry.dir;
  const candidates = tree.under(root, pool).filter((e) => !isDocument(e));
  const find = resolver(root, candidates);
  const claim: Claim = { root, layout: kind, items: [], issues: [...t.errors], ignored: 0, claimed: [t.entry] };
  const { file: fileCol, label: labelCol, patient: patientCol, split: splitCol } = columns(t, kind);
  const missing: string[] = [];
  const missingSeen = new Set<string>();
  /** Label given by the first row naming each file (RSNA repeats a patient once per box). */
  const used = new Map<Entry, string>();
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
      if (!missingSeen.has(name)) missing.push(name);
      missingSeen.add(name);
      return;
    }
    const earlier = used.get(e);
    if (earlier !== undefined) {
      // A repeated row with the same label is just another box/finding of that image (RSNA); a
      // different label is a contradiction worth a word.
      if (earlier.toLowerCase() !== rawLabel.toLowerCase()) {
        claim.issues.push(issue('csv-bad-row', t.entry.file.path, `row ${i + 2} gives ${name} the label "${rawLabel}" but an earlier row gave "${earlier}"; the first row wins`));
      }
      return;
    }
    used.set(e, rawLabel);
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
    const isRsna = !isNih && t.fields.includes('patientId') && t.fields.includes('Target');
    const isLabels = !isNih && !isRsna && t.fields.some((f) => FILE_COL.test(f)) && t.fields.some((f) => LABEL_COL.test(f));
    if (!isNih && !isRsna && !isLabels) continue;
    const claim = tableClaim(tree, remaining, t, isNih ? 'nih-csv' : isRsna ? 'rsna-csv' : 'label-csv');
    for (const c of claim.claimed) remaining.delete(c);
    claims.push(claim);
  }
  return claims;
}
