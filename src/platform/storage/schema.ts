// The IndexedDB schema of the workbench: record types, store names and the idb DBSchema that types
// every transaction. Pixels live in their own store, apart from image metadata, so that listing,
// counting, re-splitting and re-budgeting a dataset of thousands of images never reads (or rewrites)
// 64 KiB of pixels per image.
import type { DBSchema } from 'idb';
import type { RunConfig, ModelConfig } from '../../core/config';
import type { TrainerState } from '../../core/train/checkpoint';
import type { WeightSpec } from '../../core/model/weights-io';
import type { WorkbenchRunConfig } from '../../core/workbench-config';
import type { RunImageKeys } from '../../core/train/run-assembly';
import type { TrainingProvenance } from '../../core/provenance';
import type { GridSpec, QueuedCell } from '../../core/research/grid-plan';
import type { ClassLabel, LabelBudget, LabeledFlags, LayoutName, Split, SplitFractions } from '../../core/data/types';

export const DB_NAME = 'multimix-workbench';

export const DOMAIN_TAGS = ['in-domain', 'cross-domain'] as const;
export type DomainTag = (typeof DOMAIN_TAGS)[number];

/** `importing` datasets are invisible to the app and removed if their writer stops (see datasets.ts). */
export type DatasetStatus = 'importing' | 'ready';

/** Where a dataset came from: a recognised layout of real files, or the built-in phantom generator. */
export type DatasetLayout = LayoutName | 'synthetic-phantom';

export interface DatasetCounts {
  images: number;
  byClass: { normal: number; pneumonia: number; unlabeled: number };
  bySplit: { train: number; val: number; test: number };
  withMask: number;
  /** Items usable with the classification / segmentation losses after the label budget. */
  labeledCls: number;
  labeledSeg: number;
  /** Train items without class / mask supervision: the semi-supervised pools (FixMatch, KL). */
  unlabeledTrain: { cls: number; seg: number };
}

/** How the current split and budget were made, so they can be shown and reproduced. */
export interface DatasetAssignment {
  seed: number;
  fractions: SplitFractions;
  budget: LabelBudget;
  /** True when the splits came from the layout (Kermany folders) rather than from assignSplits. */
  splitsFromLayout: boolean;
}

export interface DatasetRecord {
  id: string;
  name: string;
  layout: DatasetLayout;
  domain: DomainTag;
  /** Generated phantoms; the UI labels them "Synthetic phantom — not real data" everywhere. */
  synthetic: boolean;
  created: number;
  updated: number;
  status: DatasetStatus;
  /** Last write of an import in progress; an `importing` dataset whose heartbeat is stale was abandoned. */
  heartbeat: number;
  /** Web Lock held by the importing tab while `importing` (issue 12); free lock = abandoned import. */
  importLock?: string;
  /** Side of the stored square images (256). */
  imageSize: number;
  counts: DatasetCounts;
  assignment: DatasetAssignment;
  /** Free text for the user: the dropped folder or zip name, the generator parameters. */
  source: string;
}

/** Per-image metadata; everything training needs to build its streams without touching pixels. */
export interface ImageRecord {
  datasetId: string;
  /** Unique within the dataset (the planner's key: relative path without extension). */
  key: string;
  sourcePath: string;
  /** The mask file(s) the stored mask was made from (unioned), for provenance. */
  maskPaths?: string[];
  originalWidth: number;
  originalHeight: number;
  label?: ClassLabel;
  hasMask: boolean;
  patientId?: string;
  split: Split;
  /** The split the source layout gave (Kermany folders), kept so re-splitting can honour it. */
  layoutSplit?: Split;
  labeled: LabeledFlags;
  contentHash: string;
  synthetic?: true;
}

export interface PixelRecord {
  datasetId: string;
  key: string;
  /** imageSize² 8-bit gray, row-major. */
  pixels: Uint8Array;
  /** imageSize², values 0 or 255. */
  mask?: Uint8Array;
}

export interface CurvePoint {
  step: number;
  epoch: number;
  value: number;
}

/**
 * A run as the `runs` store keeps it: its config and bookkeeping, small and of fixed size however long the run
 * trained, so listing runs never reads a curve. The per-step series live apart, in `curveChunks`.
 */
export interface RunSummary {
  id: string;
  name: string;
  created: number;
  updated: number;
  status: 'running' | 'paused' | 'stopped' | 'finished' | 'failed';
  config: RunConfig;
  datasetIds: string[];
  /** The per-epoch series (`val/score`, `val/seg/dice`, …): one point per epoch; the runs table reads them. */
  validation: Record<string, CurvePoint[]>;
  backend?: string;
  error?: string;
  /** The workbench config (budgets, dataset roles, backend) the run was started with; `config` is its `run`. */
  workbench?: WorkbenchRunConfig;
  /** Steps done / planned, and the best validation score so far with its step (for the runs list). */
  step?: number;
  totalSteps?: number;
  bestScore?: number;
  bestStep?: number;
  /**
   * The image keys of every set the run used (`<dataset id>/<image key>` per role: train labeled / unlabeled seg
   * and cls, validation, test, cross-domain), recorded when it started: a resume trains on exactly these even
   * if a dataset was edited since (issue 10). Absent in runs stored before; they are assembled afresh.
   */
  dataKeys?: RunImageKeys;
  /**
   * The datasets the run trained on (ids, names, content hashes, roles, counts) and whether any was synthetic
   * (core/provenance.ts). Absent in runs stored before issue 9: their provenance is unknown, and shown so.
   */
  provenance?: TrainingProvenance;
  /** A fine-tuning run: the model whose weights step 0 started from (issue 9; absent: fresh weights). */
  initFrom?: { runId: string; which?: 'best' | 'latest' } | { modelId: string };
}

/** A run with all its curves (summary + every chunk), as `getRun` assembles it. */
export interface RunRecord extends Omit<RunSummary, 'validation'> {
  /** Named series (e.g. `loss/total`, `val/dice`), appended as training goes. */
  curves: Record<string, CurvePoint[]>;
}

/** The bookkeeping fields a run's writer may change (not its identity, creation time or curves). */
export type RunPatch = Partial<Omit<RunSummary, 'id' | 'created' | 'validation'>>;

/**
 * The per-step points (`loss/…`, `train/…`) one checkpoint added to a run: written once, never rewritten, so
 * saving curves costs the points since the last checkpoint rather than the whole run. Key [runId, seq].
 */
export interface CurveChunkRecord {
  runId: string;
  /** 0, 1, 2, … in the order the chunks were written. */
  seq: number;
  /** Smallest and largest step of any point inside. */
  firstStep: number;
  lastStep: number;
  curves: Record<string, CurvePoint[]>;
}

export interface CheckpointRecord {
  id: string;
  runId: string;
  step: number;
  epoch: number;
  created: number;
  weightSpecs: WeightSpec[];
  weights: ArrayBuffer;
  optimizerSpecs: WeightSpec[];
  optimizerState: ArrayBuffer;
  /** Where the trainer was (step, epoch, best score/step): with it a resume continues exactly. */
  trainerState?: TrainerState;
  config?: RunConfig;
  /** Weights of the best validation epoch so far, so model selection survives a resume. */
  bestSpecs?: WeightSpec[];
  bestWeights?: ArrayBuffer;
  /** The run's provenance when this checkpoint was written; absent in older records (unknown). */
  provenance?: TrainingProvenance;
}

export interface ModelRecord {
  id: string;
  name: string;
  created: number;
  runId?: string;
  model: ModelConfig;
  weightSpecs: WeightSpec[];
  weights: ArrayBuffer;
  /** Headline validation metrics at save time (e.g. `accuracy`, `dice`). */
  metrics: Record<string, number>;
  /**
   * What the weights were trained on: copied from the run when saved, read from model.json's
   * `userDefinedMetadata.provenance` when imported. Absent in older records and foreign files (unknown).
   */
  provenance?: TrainingProvenance;
}

/**
 * An experiment grid of the Research panel (issue 10): what was asked for and the queue of its cells, each
 * with its state, its run (an ordinary `runs` record) and, once finished, its test metrics and per-image
 * values. One record per grid, rewritten as cells move on; small (per-image values are a few kB per cell).
 */
export interface GridRecord {
  id: string;
  name: string;
  created: number;
  updated: number;
  spec: GridSpec;
  cells: QueuedCell[];
  /** `paused`: no further cell starts (the running one is paused); `cancelled`: the whole grid was cancelled. */
  status: 'active' | 'paused' | 'finished' | 'cancelled';
}

/** Primary key of images and pixels: one contiguous key range per dataset. */
export type ImageKey = [datasetId: string, key: string];

export interface WorkbenchDB extends DBSchema {
  datasets: { key: string; value: DatasetRecord; indexes: { 'by-status': DatasetStatus } };
  images: { key: ImageKey; value: ImageRecord; indexes: { 'by-dataset': string } };
  pixels: { key: ImageKey; value: PixelRecord };
  runs: { key: string; value: RunSummary; indexes: { 'by-created': number } };
  curveChunks: { key: [runId: string, seq: number]; value: CurveChunkRecord };
  checkpoints: { key: string; value: CheckpointRecord; indexes: { 'by-run': string } };
  models: { key: string; value: ModelRecord; indexes: { 'by-run': string } };
  grids: { key: string; value: GridRecord; indexes: { 'by-created': number } };
}

export type StoreName = 'datasets' | 'images' | 'pixels' | 'runs' | 'curveChunks' | 'checkpoints' | 'models' | 'grids';

/** Every key of one dataset in `images`/`pixels`: arrays sort after strings, so [id, []] closes the range. */
export function datasetKeyRange(datasetId: string): IDBKeyRange {
  return IDBKeyRange.bound([datasetId], [datasetId, []]);
}

/** Every curve chunk of one run (keys [runId, seq]). */
export function runChunkRange(runId: string): IDBKeyRange {
  return IDBKeyRange.bound([runId], [runId, []]);
}
