// The workbench's own dataset export (platform/import/export-zip.ts): `<name>/images/*.png`, `masks/*.png`,
// a human-readable `labels.csv` and `dataset.json`, the manifest that brings everything back on re-import —
// name, domain tag (in-/cross-domain), synthetic flag, layout, split/budget settings, and per image its key,
// class label, split, label-budget flags, patient id, original size, source path and content hash. Without the
// manifest (a zip made by hand, an older export) the folder is read as an ordinary image + mask folder.
import { issue } from '../errors';
import type { DatasetManifest, ManifestImage, PlannedItem } from '../types';
import { LAYOUT_NAMES } from '../types';
import { type Claim, type Entry, type Tree, normalisePath } from './tree';

export const DATASET_MANIFEST_FILE = 'dataset.json';
export const DATASET_MANIFEST_FORMAT = 'multimix-dataset/1';

const SPLITS = ['train', 'val', 'test'];

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Throws with the offending field when `value` is not a manifest this version wrote. */
export function parseDatasetManifest(value: unknown): DatasetManifest {
  if (!isRecord(value) || value.format !== DATASET_MANIFEST_FORMAT) throw new Error(`"format" must be "${DATASET_MANIFEST_FORMAT}"`);
  const { name, layout, domain, synthetic, source, imageSize, assignment, images } = value;
  if (typeof name !== 'string' || name.trim() === '') throw new Error('"name" must be a non-empty string');
  if (typeof layout !== 'string' || !([...LAYOUT_NAMES, 'synthetic-phantom'] as string[]).includes(layout)) throw new Error(`"layout" is not a known layout (got ${JSON.stringify(layout)})`);
  if (domain !== 'in-domain' && domain !== 'cross-domain') throw new Error(`"domain" must be "in-domain" or "cross-domain" (got ${JSON.stringify(domain)})`);
  if (typeof synthetic !== 'boolean') throw new Error('"synthetic" must be true or false');
  if (typeof source !== 'string') throw new Error('"source" must be a string');
  if (typeof imageSize !== 'number' || !Number.isInteger(imageSize) || imageSize < 1) throw new Error('"imageSize" must be a positive whole number');
  if (!isRecord(assignment) || typeof assignment.seed !== 'number' || !isRecord(assignment.fractions) || !isRecord(assignment.budget) || typeof assignment.splitsFromLayout !== 'boolean') {
    throw new Error('"assignment" must hold seed, fractions, budget and splitsFromLayout');
  }
  if (!Array.isArray(images)) throw new Error('"images" must be a list');
  images.forEach((im: unknown, i) => {
    const at = `images[${i}]`;
    if (!isRecord(im)) throw new Error(`${at} must be an object`);
    if (typeof im.key !== 'string' || typeof im.file !== 'string') throw new Error(`${at} needs "key" and "file"`);
    if (im.mask !== undefined && typeof im.mask !== 'string') throw new Error(`${at}.mask must be a file name`);
    if (im.label !== undefined && im.label !== 0 && im.label !== 1) throw new Error(`${at}.label must be 0 or 1`);
    if (!SPLITS.includes(im.split as string)) throw new Error(`${at}.split must be train, val or test`);
    if (im.layoutSplit !== undefined && !SPLITS.includes(im.layoutSplit as string)) throw new Error(`${at}.layoutSplit must be train, val or test`);
    if (!isRecord(im.labeled) || typeof im.labeled.cls !== 'boolean' || typeof im.labeled.seg !== 'boolean') throw new Error(`${at}.labeled must be {cls, seg} booleans`);
    if (typeof im.originalWidth !== 'number' || typeof im.originalHeight !== 'number') throw new Error(`${at} needs originalWidth and originalHeight`);
    if (typeof im.sourcePath !== 'string') throw new Error(`${at}.sourcePath must be a string`);
    if (typeof im.contentHash !== 'string' || im.contentHash === '') throw new Error(`${at}.contentHash must be a non-empty string`);
  });
  return value as unknown as DatasetManifest;
}

async function readManifest(e: Entry): Promise<DatasetManifest | null> {
  try {
    return parseDatasetManifest(JSON.parse(new TextDecoder('utf-8').decode(await e.file.read())));
  } catch {
    // Not ours (or damaged): the folder is still an image + mask folder, read by the next recognisers.
    return null;
  }
}

function itemOf(im: ManifestImage, imagePath: string, maskPath: string | undefined): PlannedItem {
  const item: PlannedItem = { key: im.key, imagePath, split: im.split };
  if (maskPath) item.maskPaths = [maskPath];
  if (im.label !== undefined) item.label = im.label;
  if (im.patientId !== undefined) item.patientId = im.patientId;
  const restore: NonNullable<PlannedItem['restore']> = {
    split: im.split, labeled: { ...im.labeled }, originalWidth: im.originalWidth, originalHeight: im.originalHeight,
    sourcePath: im.sourcePath, contentHash: im.contentHash,
  };
  if (im.layoutSplit !== undefined) restore.layoutSplit = im.layoutSplit;
  if (im.maskPaths !== undefined) restore.maskPaths = im.maskPaths.slice();
  if (im.synthetic) restore.synthetic = true;
  item.restore = restore;
  return item;
}

export async function recogniseWorkbenchExport(tree: Tree, pool: ReadonlySet<Entry>): Promise<Array<Claim & { manifest: DatasetManifest }>> {
  const claims: Array<Claim & { manifest: DatasetManifest }> = [];
  for (const e of tree.entries) {
    if (!pool.has(e) || e.name.toLowerCase() !== DATASET_MANIFEST_FILE) continue;
    const manifest = await readManifest(e);
    if (!manifest) continue;
    const root = e.dir;
    const at = (file: string) => normalisePath(root === '' ? file : `${root}/${file}`);
    const byNorm = new Map(tree.under(root, pool).map((x) => [x.norm, x] as const));
    const { images, ...dataset } = manifest;
    const claim: Claim & { manifest: DatasetManifest } = {
      root, layout: 'workbench-export', items: [], issues: [], ignored: 0, claimed: [], manifest: { ...dataset, images: [] },
    };
    const used = new Set<Entry>([e]);
    for (const im of images) {
      const img = byNorm.get(at(im.file));
      const mask = im.mask !== undefined ? byNorm.get(at(im.mask)) : undefined;
      if (!img) {
        claim.issues.push(issue('csv-missing-file', at(im.file), `listed in ${e.norm} but not among the dropped files`));
        continue;
      }
      if (im.mask !== undefined && !mask) {
        claim.issues.push(issue('image-without-mask', img.file.path, `its mask ${im.mask} (listed in ${e.norm}) is not among the dropped files`));
        continue;
      }
      used.add(img);
      if (mask) used.add(mask);
      claim.items.push(itemOf(im, img.file.path, mask?.file.path));
    }
    // The whole folder is the export's: its documents (labels.csv, README.txt) are skipped on purpose, the mask
    // of an image reported missing goes with it, and anything the manifest does not list is named.
    const listed = new Set(images.flatMap((im) => [at(im.file), ...(im.mask !== undefined ? [at(im.mask)] : [])]));
    for (const x of byNorm.values()) {
      claim.claimed.push(x);
      if (used.has(x)) continue;
      if (listed.has(x.norm) || x.dir === root) claim.ignored++;
      else claim.issues.push(issue('unplaced-file', x.file.path, `not listed in ${e.norm}`));
    }
    claims.push(claim);
  }
  return claims;
}
