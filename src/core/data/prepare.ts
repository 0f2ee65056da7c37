// From a planned item to a stored-ready image: read, decode (injected decoder or the JS one), check,
// decode the masks (always the JS path, so the mask rule is one rule), orient (EXIF), union the masks,
// resize. Every failure becomes one ImportIssue naming the file at fault, so callers can skip the item
// and go on.
import { type MaskLevels, decodeImageJs, decodeMaskSync } from './decode/index';
import { ImportError, issue, toImportIssue } from './errors';
import { pixelHash } from './hash';
import { maskFitsImage, unionMasks } from './mask';
import { applyOrientation, orientedSize } from './orient';
import { resizeGray, resizeMask } from './resize';
import type { DecodedImage, ImageDecoder, ImportIssue, ImportPlan, PlannedItem, PrepareOptions, PreparedImage, RestoredImage, SourceFile } from './types';

export const DEFAULT_IMAGE_SIZE = 256;
/** Smaller originals carry too little anatomy to be worth stretching to 256 px. */
export const MIN_IMAGE_SIDE = 32;

export function isImportIssue(x: PreparedImage | ImportIssue): x is ImportIssue {
  return (x as ImportIssue).code !== undefined && (x as PreparedImage).pixels === undefined;
}

async function readFile(path: string, files: ReadonlyMap<string, SourceFile>): Promise<Uint8Array> {
  const file = files.get(path);
  if (!file) throw new ImportError('read-failed', path, 'file is not in the list of dropped files');
  if (file.size === 0) throw new ImportError('empty-file', path, 'file is empty (0 bytes)');
  let bytes: Uint8Array;
  try {
    bytes = await file.read();
  } catch (err) {
    throw new ImportError('read-failed', path, `file could not be read (${(err as Error).message ?? String(err)})`);
  }
  if (bytes.length === 0) throw new ImportError('empty-file', path, 'file is empty (0 bytes)');
  return bytes;
}

async function decodeFile(path: string, files: ReadonlyMap<string, SourceFile>, decode: ImageDecoder): Promise<DecodedImage> {
  // Decoder errors that are not ImportErrors become `corrupt-image` in prepareItem's catch.
  return decode(await readFile(path, files), path);
}

/**
 * The image as EXIF orientation says to show it — unless its masks fit only the stored orientation
 * (masks carry no EXIF; tools that ignore it draw them on the stored pixels): then the stored one, so
 * image and mask stay aligned. The same rule in Node and the browser.
 */
function orientFor(img: DecodedImage, masks: readonly MaskLevels[]): DecodedImage {
  if ((img.orientation ?? 1) === 1) return applyOrientation(img);
  const first = masks[0];
  if (first) {
    const shown = orientedSize(img);
    const fitsShown = maskFitsImage(first.width, first.height, shown.width, shown.height);
    if (!fitsShown && maskFitsImage(first.width, first.height, img.width, img.height)) return { width: img.width, height: img.height, gray: img.gray };
  }
  return applyOrientation(img);
}

function checkUsable(img: DecodedImage, path: string): void {
  if (img.width < MIN_IMAGE_SIDE || img.height < MIN_IMAGE_SIDE) {
    throw new ImportError('image-too-small', path, `image is ${img.width}×${img.height}; both sides must be at least ${MIN_IMAGE_SIDE} px`);
  }
  const g = img.gray;
  const first = g[0] as number;
  for (let i = 1; i < g.length; i++) if (g[i] !== first) return;
  throw new ImportError('blank-image', path, `image is blank: every pixel has the value ${first}`);
}

/** A re-imported workbench export: the image's stored metadata as it was, not as the export's 256² copy says. */
function restoreInto(out: PreparedImage, r: RestoredImage): void {
  out.originalWidth = r.originalWidth;
  out.originalHeight = r.originalHeight;
  out.sourcePath = r.sourcePath;
  out.contentHash = r.contentHash;
  if (r.maskPaths) out.maskPaths = r.maskPaths.slice();
  else delete out.maskPaths;
  if (r.synthetic) out.synthetic = true;
  out.restored = { split: r.split, labeled: { ...r.labeled }, ...(r.layoutSplit ? { layoutSplit: r.layoutSplit } : {}) };
}

export async function prepareItem(
  item: PlannedItem,
  files: ReadonlyMap<string, SourceFile>,
  opts: PrepareOptions = {},
): Promise<PreparedImage | ImportIssue> {
  const size = opts.size ?? DEFAULT_IMAGE_SIZE;
  const decode = opts.decode ?? decodeImageJs;
  let currentPath = item.imagePath;
  try {
    const decoded = await decodeFile(item.imagePath, files, decode);
    checkUsable(decoded, item.imagePath); // size and blankness do not depend on the orientation
    const masks: Array<{ path: string; image: MaskLevels }> = [];
    for (const path of item.maskPaths ?? []) {
      currentPath = path;
      masks.push({ path, image: decodeMaskSync(await readFile(path, files), path) });
    }
    currentPath = item.imagePath;
    const img = orientFor(decoded, masks.map((m) => m.image));
    const out: PreparedImage = {
      key: item.key,
      pixels: resizeGray(img.gray, img.width, img.height, size),
      size,
      originalWidth: img.width,
      originalHeight: img.height,
      sourcePath: item.imagePath,
      contentHash: pixelHash(img.gray, img.width, img.height),
    };
    if (item.label !== undefined) out.label = item.label;
    if (item.split !== undefined) out.split = item.split;
    if (item.patientId !== undefined) out.patientId = item.patientId;
    if (item.maskPaths && item.maskPaths.length > 0) {
      const union = unionMasks(masks, img.width, img.height, item.imagePath);
      out.mask = resizeMask(union.mask, union.width, union.height, size);
      out.maskPaths = item.maskPaths.slice();
    }
    if (item.restore) restoreInto(out, item.restore);
    return out;
  } catch (err) {
    const found = toImportIssue(err, currentPath);
    if (currentPath !== item.imagePath && !(err instanceof ImportError && err.code === 'mask-size-mismatch')) {
      // A broken mask file: say which image it belonged to.
      return { ...found, message: `${found.message} (mask of ${item.imagePath}; image skipped)` };
    }
    return found;
  }
}

/** Flags images whose decoded pixels were already seen (the first occurrence is kept). */
export class DuplicateTracker {
  private readonly seen = new Map<string, string>();

  /** `existing`: content hash → source path of images already stored, e.g. when appending to a dataset. */
  constructor(existing?: Iterable<[string, string]>) {
    if (existing) for (const [hash, path] of existing) this.seen.set(hash, path);
  }

  check(img: PreparedImage): ImportIssue | null {
    const first = this.seen.get(img.contentHash);
    if (first !== undefined) {
      return issue('duplicate-image', img.sourcePath, `same pixels as ${first}; only the first copy is imported`);
    }
    this.seen.set(img.contentHash, img.sourcePath);
    return null;
  }
}

export interface PrepareAllOptions extends PrepareOptions {
  onProgress?: (done: number, total: number, path: string) => void;
  signal?: AbortSignal;
}

/** Prepare every item of a plan in order, dropping duplicates. `issues` includes the plan's own issues. */
export async function prepareAll(
  plan: ImportPlan,
  files: ReadonlyMap<string, SourceFile>,
  opts: PrepareAllOptions = {},
): Promise<{ images: PreparedImage[]; issues: ImportIssue[] }> {
  const images: PreparedImage[] = [];
  const issues: ImportIssue[] = plan.issues.slice();
  const dupes = new DuplicateTracker();
  let done = 0;
  for (const item of plan.items) {
    opts.signal?.throwIfAborted();
    const r = await prepareItem(item, files, opts);
    if (isImportIssue(r)) issues.push(r);
    else {
      const dup = dupes.check(r);
      if (dup) issues.push(dup);
      else images.push(r);
    }
    opts.onProgress?.(++done, plan.items.length, item.imagePath);
  }
  return { images, issues };
}

export function fileMap(files: Iterable<SourceFile>): Map<string, SourceFile> {
  const m = new Map<string, SourceFile>();
  for (const f of files) m.set(f.path, f);
  return m;
}
