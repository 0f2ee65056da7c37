// The vocabulary of the data core. Everything here is plain data so that it crosses worker boundaries
// (structured clone) and IndexedDB unchanged, except SourceFile, which wraps whatever the platform has
// (a Node file, a browser File / FileSystemFileEntry, a zip entry) behind one `read()`.

/** One file of a dropped folder, a file picker selection, a zip archive or a directory on disk. */
export interface SourceFile {
  /** Relative, '/'-separated path as dropped (e.g. `chest_xray/train/NORMAL/IM-0001-0001.jpeg`). */
  path: string;
  /** Size in bytes (used to skip empty files and check JSRT raw sizes without reading). */
  size: number;
  read(): Promise<Uint8Array>;
}

export const LAYOUT_NAMES = [
  'kermany',
  'image-mask',
  'montgomery',
  'jsrt',
  'nih-csv',
  'rsna-csv',
  'label-csv',
  'dicom',
  'flat-images',
  'workbench-export',
] as const;
export type LayoutName = (typeof LAYOUT_NAMES)[number];

export type Split = 'train' | 'val' | 'test';
/** 0 = normal, 1 = pneumonia. */
export type ClassLabel = 0 | 1;

/** What the planner understood about one image, before any pixel is read. */
export interface PlannedItem {
  /** Stable, unique within a plan: the image path relative to the plan root, without extension. */
  key: string;
  imagePath: string;
  /** Mask files to be unioned (Montgomery left+right, SCR left+right); absent when the layout has none. */
  maskPaths?: string[];
  label?: ClassLabel;
  /** Split given by the layout (Kermany train/val/test folders); otherwise assigned later by assignSplits. */
  split?: Split;
  patientId?: string;
  /** A workbench export's stored metadata for this image, restored as it was (layouts/workbench-export.ts). */
  restore?: RestoredImage;
}

/** What a re-imported workbench export keeps of each image instead of recomputing or re-assigning it. */
export interface RestoredImage {
  split: Split;
  layoutSplit?: Split;
  labeled: LabeledFlags;
  originalWidth: number;
  originalHeight: number;
  sourcePath: string;
  maskPaths?: string[];
  /** The original's content hash (the export holds the 256² copy), so duplicates are still found. */
  contentHash: string;
  synthetic?: true;
}

/** One image of a workbench export's `dataset.json`: its stored record, with the files it was written to. */
export interface ManifestImage extends RestoredImage {
  key: string;
  /** Paths relative to the manifest's folder. */
  file: string;
  mask?: string;
  label?: ClassLabel;
  patientId?: string;
}

/** A workbench export's `dataset.json` (layouts/workbench-export.ts): the dataset record without pixels. */
export interface DatasetManifest {
  format: string;
  name: string;
  layout: LayoutName | 'synthetic-phantom';
  domain: 'in-domain' | 'cross-domain';
  synthetic: boolean;
  source: string;
  imageSize: number;
  assignment: { seed: number; fractions: SplitFractions; budget: LabelBudget; splitsFromLayout: boolean };
  images: ManifestImage[];
}

export const IMPORT_ISSUE_CODES = [
  'empty-file',
  'not-an-image',
  'unsupported-format',
  'corrupt-image',
  'unsupported-dicom-transfer-syntax',
  'dicom-without-pixels',
  'jsrt-wrong-size',
  'image-too-small',
  'blank-image',
  'duplicate-image',
  'mask-without-image',
  'image-without-mask',
  'mask-size-mismatch',
  'empty-mask',
  'unknown-label',
  'csv-missing-file',
  'csv-bad-row',
  /** A file that is not where its layout puts images or masks (e.g. a stray README in a Kermany folder). */
  'unplaced-file',
  /** The platform could not read the bytes (permission, file vanished, zip entry broken). */
  'read-failed',
] as const;
export type ImportIssueCode = (typeof IMPORT_ISSUE_CODES)[number];

/** Why one file could not be used. The file is skipped; the rest of the import goes on. */
export interface ImportIssue {
  path: string;
  code: ImportIssueCode;
  /** Specific and human-readable; names the file and the reason. */
  message: string;
}

export interface PlanSummary {
  items: number;
  /** Items per class; `unlabeled` counts items without a label. */
  byClass: { normal: number; pneumonia: number; unlabeled: number };
  /** Items per layout-given split; `unassigned` = no split from the layout. */
  bySplit: { train: number; val: number; test: number; unassigned: number };
  withMask: number;
  withoutMask: number;
  issues: number;
  /** OS clutter skipped silently (`__MACOSX/`, `._*`, `.DS_Store`, `Thumbs.db`, `desktop.ini`). */
  ignored: number;
}

/**
 * One recognised dataset. `planImport` returns one plan per recognised root, so dropping
 * `pneumonia/` and `lungs/` together yields a Kermany plan and an image-mask plan (two datasets).
 */
export interface ImportPlan {
  /** Directory (relative, '/'-separated, '' for the drop itself) the layout was recognised at. */
  root: string;
  layout: LayoutName;
  items: PlannedItem[];
  /** Problems found from paths, sizes and CSV contents alone (pixel problems come from prepareItem). */
  issues: ImportIssue[];
  summary: PlanSummary;
  /** A workbench export's dataset-level record (name, domain, synthetic, settings); its `images` are the items. */
  dataset?: Omit<DatasetManifest, 'images'>;
}

/** An 8-bit grayscale image straight out of a decoder, at its original size. */
export interface DecodedImage {
  width: number;
  height: number;
  /** width*height bytes, row-major, at the stored orientation. */
  gray: Uint8Array;
  /** EXIF orientation 2–8 of a JPEG (absent = show as stored); prepareItem applies it (orient.ts). */
  orientation?: number;
}

/**
 * Decodes one file. Throws an `ImportError` (see errors.ts) with a specific code when it cannot;
 * any other thrown error is reported as `corrupt-image`.
 */
export type ImageDecoder = (bytes: Uint8Array, path: string) => Promise<DecodedImage>;

/** One image ready for storage and training. */
export interface PreparedImage {
  key: string;
  /** size*size 8-bit gray, row-major, stretched to the square (no letterbox), like the paper. */
  pixels: Uint8Array;
  size: number;
  originalWidth: number;
  originalHeight: number;
  /** size*size, values exactly 0 or 255; union of the item's mask files. */
  mask?: Uint8Array;
  label?: ClassLabel;
  split?: Split;
  patientId?: string;
  sourcePath: string;
  maskPaths?: string[];
  /** Hash of the decoded full-resolution pixels and size (16 hex chars); equal hashes = duplicate image. */
  contentHash: string;
  /** Present and true only for generated phantoms; real images never carry it. */
  synthetic?: true;
  /** A re-imported workbench export's split and label-budget flags, kept instead of assigned anew. */
  restored?: { split: Split; layoutSplit?: Split; labeled: LabeledFlags };
}

export interface PrepareOptions {
  /** Output side in pixels (default 256). */
  size?: number;
  /** Decoder to use instead of decodeImageJs (e.g. the browser's createImageBitmap path). */
  decode?: ImageDecoder;
}

/** Fractions of the items that go to val and test (approximately: a patient's items move together); the rest is train. */
export interface SplitFractions {
  val: number;
  test: number;
}

/** A label budget's count: a whole number of items, or 'all' of them. */
export type LabelCount = number | 'all';

/**
 * How many train items keep their segmentation mask (`seg`) / class label (`cls`); the rest become
 * unlabeled. The one budget shape: dataset assignments, the workbench run config and the headless runner.
 */
export interface LabelBudget {
  seg: LabelCount;
  cls: LabelCount;
}

/** Which supervision an item may be used with. Items outside train keep whatever they have. */
export interface LabeledFlags {
  /** Has a mask and may be used with the Dice loss. */
  seg: boolean;
  /** Has a class label and may be used with the cross-entropy loss. */
  cls: boolean;
}
