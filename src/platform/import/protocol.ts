// The typed message protocol between the page and the import worker: one union per direction, tagged
// by `type`. Every request carries a `requestId`; every answer names the request it belongs to.
import type { ImportIssue, LabelBudget, LayoutName, PlanSummary, SplitFractions } from '../../core/data/types';
import type { DatasetRecord, DomainTag } from '../storage/schema';

/** A dropped or picked file with its path relative to what the user dropped (folders included). */
export interface DroppedFile {
  path: string;
  file: File;
}

/** What the preview shows for one recognised dataset, before anything is decoded or stored. */
export interface PlanPreview {
  /** Index into the worker's current plans; used to say which ones to import. */
  index: number;
  root: string;
  layout: LayoutName;
  summary: PlanSummary;
  issues: ImportIssue[];
  suggestedName: string;
  /** A workbench export's own domain tag, the default of the preview's domain choice. */
  suggestedDomain?: DomainTag;
  /** A workbench export of a synthetic phantom dataset (it stays marked synthetic). */
  synthetic?: boolean;
  /** A few image paths, so the user can see what was understood. */
  examples: string[];
  /** When the plan has masks: how a mask pixel is read as lung (core/data/mask.ts MASK_RULE). */
  maskRule?: string;
}

export interface PlanChoice {
  index: number;
  name: string;
  domain: DomainTag;
}

/**
 * Images whose content (the stored `contentHash`) already exists in a stored dataset: `ask` stops before
 * anything is kept and answers `duplicates-found`; `skip` leaves them out (reported as skipped); `import` keeps them.
 */
export type StoredDuplicatePolicy = 'ask' | 'skip' | 'import';

/** How many images of one planned dataset are already stored, and where. */
export interface StoredDuplicates {
  /** The planned dataset's chosen name. */
  dataset: string;
  existingId: string;
  existingName: string;
  count: number;
  /** Images the planned dataset had in all (after its own duplicates). */
  of: number;
}

export interface AssignmentOptions {
  seed: number;
  fractions: SplitFractions;
  budget: LabelBudget;
}

export interface PhantomRequestOptions {
  count: number;
  seed: number;
}

export type ImportRequest =
  | { type: 'plan'; requestId: number; files: DroppedFile[] }
  | { type: 'commit'; requestId: number; choices: PlanChoice[]; assignment: AssignmentOptions; duplicates: StoredDuplicatePolicy }
  | { type: 'phantom'; requestId: number; options: PhantomRequestOptions; assignment: AssignmentOptions }
  | { type: 'export'; requestId: number; datasetId: string }
  /** Stops the request with this id at the next image; what it wrote is removed. */
  | { type: 'cancel'; requestId: number }
  /** Forget the planned files (the user closed the preview). */
  | { type: 'discard'; requestId: number };

export interface ImportProgress {
  /** Name of the dataset being written (or exported). */
  dataset: string;
  done: number;
  total: number;
  /** Images per second since this request started. */
  rate: number;
  currentPath: string;
}

/** One dataset written by a commit: what went in and every file that was skipped, with its reason. */
export interface DatasetImportResult {
  /** Null when no image survived (then nothing was kept). */
  dataset: DatasetRecord | null;
  name: string;
  imported: number;
  skipped: ImportIssue[];
  seconds: number;
  /** Images whose content was already stored, per existing dataset (skipped or kept, as the commit said). */
  alreadyStored?: StoredDuplicates[];
}

export interface ImportReport {
  datasets: DatasetImportResult[];
  /** Files outside any recognised dataset, unreadable zips and the like. */
  unplaced: ImportIssue[];
  /** Total images written / wall time, over all datasets of this request. */
  imagesPerSecond: number;
}

export type ImportResponse =
  | { type: 'planned'; requestId: number; plans: PlanPreview[]; unplaced: ImportIssue[]; fileCount: number }
  | { type: 'progress'; requestId: number; progress: ImportProgress }
  | { type: 'imported'; requestId: number; report: ImportReport }
  /** A `duplicates: 'ask'` commit found stored content; nothing of it was kept, the plan stays for the answer. */
  | { type: 'duplicates-found'; requestId: number; found: StoredDuplicates[] }
  | { type: 'exported'; requestId: number; fileName: string; zip: Blob; files: number }
  | { type: 'cancelled'; requestId: number }
  | { type: 'failed'; requestId: number; message: string; code?: string };
