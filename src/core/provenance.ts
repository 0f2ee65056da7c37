// Training provenance (issue 9, item 6): which datasets a run, its checkpoints and its models were trained on
// — ids, names, content hashes, roles, image counts — and whether any of them was synthetic (the phantom
// generator's datasets). The page's storage records, the exported model.json (`userDefinedMetadata.provenance`)
// and `npm run experiment`'s model folder all carry this one shape. Records written before it existed have none:
// every reader treats an absent provenance as "unknown", never as "real data". Pure: no DOM, no storage.
import { pixelHash } from './data/hash';
import { DATASET_ROLES, type DatasetRole } from './workbench-config';

/** Format tag, so a later shape can be told apart in files written by this version. */
export const PROVENANCE_FORMAT = 'multimix-provenance/1';

/** One dataset a run used. */
export interface DatasetProvenance {
  /** The stored dataset's id in the browser; the config field (`segTrain`, …) in `npm run experiment`. */
  id: string;
  /** The dataset's name when the run started; the folder (as written in the config) for `npm run experiment`. */
  name: string;
  role: DatasetRole;
  /** A generated phantom dataset ("Synthetic phantom — not real data"). */
  synthetic: boolean;
  /** Images of the dataset the run loaded (before splits and label budgets). */
  images: number;
  /** `datasetContentHash` of those images: equal content → equal hash, whatever the names or order. */
  contentHash: string;
  domain?: 'in-domain' | 'cross-domain';
}

export interface TrainingProvenance {
  format: typeof PROVENANCE_FORMAT;
  datasets: DatasetProvenance[];
  /** True when a dataset whose images shape the weights (see `TRAINING_ROLES`) is synthetic. */
  synthetic: boolean;
  /**
   * The run had trained before provenance was recorded (a run of an older build, resumed): `datasets` lists only
   * what it trained on since, so the whole is partly unknown.
   */
  incomplete?: true;
}

/**
 * Roles whose images shape the weights: `train` and `unlabeled` feed the gradient, `validation` chooses the best
 * epoch. A phantom used only as a `test` / `cross-domain` set does not make a model phantom-trained.
 */
export const TRAINING_ROLES: readonly DatasetRole[] = ['train', 'unlabeled', 'validation'];

const HEX16 = /^[0-9a-f]{16}$/;

/**
 * A dataset's content hash (16 hex chars) from its images' content hashes (`pixelHash`): the 64-bit `pixelHash`
 * of the sorted, de-duplicated image hashes (as UTF-16 code units, newline-separated), so the same pictures give
 * the same hash however they are named, ordered or split. Any string is accepted — a record restored from an
 * old workspace file must never stop a run over its provenance; an empty dataset hashes the empty list.
 */
export function datasetContentHash(imageHashes: Iterable<string>): string {
  const text = [...new Set(imageHashes)].sort().join('\n');
  const bytes = new Uint8Array(text.length * 2);
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    bytes[2 * i] = c & 255;
    bytes[2 * i + 1] = c >>> 8;
  }
  return pixelHash(bytes, bytes.length, 1);
}

/** The provenance of a run over these datasets; `synthetic` follows `TRAINING_ROLES`. */
export function trainingProvenance(datasets: readonly DatasetProvenance[]): TrainingProvenance {
  return {
    format: PROVENANCE_FORMAT,
    datasets: datasets.map((d) => ({ ...d })),
    synthetic: datasets.some((d) => d.synthetic && TRAINING_ROLES.includes(d.role)),
  };
}

/**
 * A resumed run that was re-pointed to other datasets was trained on both: the union, by (id, role, content
 * hash), the earlier entries first. Without an earlier record, `trainedBefore` says whether steps were trained
 * before it (a run of an older build): then the result is `incomplete` — its earlier data stays unknown.
 */
export function mergeProvenance(previous: TrainingProvenance | undefined, next: TrainingProvenance, trainedBefore = false): TrainingProvenance {
  if (!previous) return trainedBefore ? { ...next, incomplete: true } : next;
  const key = (d: DatasetProvenance) => `${d.id}\u0000${d.role}\u0000${d.contentHash}`;
  const seen = new Set(previous.datasets.map(key));
  const merged = trainingProvenance([...previous.datasets, ...next.datasets.filter((d) => !seen.has(key(d)))]);
  const synthetic = merged.synthetic || previous.synthetic;
  return { ...merged, synthetic, ...(previous.incomplete ? { incomplete: true as const } : {}) };
}

/** Three states the UI shows: phantom-trained, real data only, or not recorded (older records, foreign files). */
export type ProvenanceKind = 'synthetic' | 'real' | 'unknown';

/** Phantom-trained wins: a partly unknown run that trained on phantoms since is phantom-trained all the same. */
export function provenanceKind(p: TrainingProvenance | undefined): ProvenanceKind {
  return p === undefined ? 'unknown' : p.synthetic ? 'synthetic' : p.incomplete ? 'unknown' : 'real';
}

/** One line per dataset, for tooltips and exported text: `name — role, N images, synthetic phantom, hash h`. */
export function describeProvenance(p: TrainingProvenance | undefined): string {
  if (!p) return 'Unknown provenance: this was saved before the workbench recorded training datasets, or came from a file without them.';
  const head = p.synthetic ? 'Trained on synthetic phantom data (not real X-rays):' : 'Trained on:';
  const lines = p.datasets.map(
    (d) => `• ${d.name} — ${d.role}, ${d.images} images${d.synthetic ? ', synthetic phantom' : ''}${d.domain === 'cross-domain' ? ', cross-domain' : ''}, content ${d.contentHash}`,
  );
  const partly = p.incomplete ? ['Partly unknown: it trained before the workbench recorded datasets; listed are those since.'] : [];
  return [head, ...(lines.length > 0 ? lines : ['• (no datasets recorded)']), ...partly].join('\n');
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Reads a provenance from untrusted JSON (an imported model.json's `userDefinedMetadata.provenance`, a workspace
 * file). Returns undefined — unknown provenance — when it is absent; throws with the offending field when it is
 * present but malformed, so a damaged file is not silently shown as "unknown" or "real".
 */
export function provenanceFromJson(value: unknown, where = 'provenance'): TrainingProvenance | undefined {
  if (value === undefined || value === null) return undefined;
  if (!isRecord(value)) throw new Error(`${where} must be an object`);
  if (value.format !== PROVENANCE_FORMAT) throw new Error(`${where}.format must be "${PROVENANCE_FORMAT}" (got ${JSON.stringify(value.format)})`);
  if (!Array.isArray(value.datasets)) throw new Error(`${where}.datasets must be a list`);
  const datasets = value.datasets.map((d: unknown, i): DatasetProvenance => {
    const at = `${where}.datasets[${i}]`;
    if (!isRecord(d)) throw new Error(`${at} must be an object`);
    if (typeof d.id !== 'string' || typeof d.name !== 'string') throw new Error(`${at} needs string "id" and "name"`);
    if (!DATASET_ROLES.includes(d.role as DatasetRole)) throw new Error(`${at}.role must be one of ${DATASET_ROLES.join(', ')} (got ${JSON.stringify(d.role)})`);
    if (typeof d.synthetic !== 'boolean') throw new Error(`${at}.synthetic must be true or false`);
    if (typeof d.images !== 'number' || !Number.isInteger(d.images) || d.images < 0) throw new Error(`${at}.images must be a count`);
    if (typeof d.contentHash !== 'string' || !HEX16.test(d.contentHash)) throw new Error(`${at}.contentHash must be 16 hex digits`);
    const out: DatasetProvenance = { id: d.id, name: d.name, role: d.role as DatasetRole, synthetic: d.synthetic, images: d.images, contentHash: d.contentHash };
    if (d.domain === 'in-domain' || d.domain === 'cross-domain') out.domain = d.domain;
    return out;
  });
  const p = trainingProvenance(datasets);
  // A file that says "synthetic" keeps saying it even if its list was trimmed by hand.
  return { ...p, ...(value.synthetic === true ? { synthetic: true } : {}), ...(value.incomplete === true ? { incomplete: true as const } : {}) };
}
