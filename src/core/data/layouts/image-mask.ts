// Image + mask pairs with matching names: sibling folders (`images/` + `masks/`, the layout of the
// shared `lungs/` and `shenzhen/` sets and most Kaggle segmentation sets), or `x.png` + `x_mask.png`
// side by side. Every image of such a dataset must have its mask, and every mask its image.
import { issue } from '../errors';
import type { PlannedItem } from '../types';
import { type Claim, type Entry, type Tree, isDocument, isUnder, keyFor, relativeTo } from './tree';

const IMAGES_DIR = /^(images?|imgs?|cxrs?|x-?rays?|radiographs?)$/i;
const MASKS_DIR = /^(masks?|lung[_ -]?masks?|labels?|segmentations?|annotations?)$/i;
/** `x_mask`, `x-mask`, `x_masks`, `x mask` all name the mask of `x`. */
const MASK_SUFFIX = /[_ -]masks?$/i;

/** Matching key: path inside the images/masks folder, without extension and mask suffix, lower case. */
function pairKey(baseDir: string, e: Entry): string {
  const rel = relativeTo(baseDir, e.dir);
  const stem = e.stem.replace(MASK_SUFFIX, '');
  return (rel === '' ? stem : `${rel}/${stem}`).toLowerCase();
}

function pairUp(claim: Claim, root: string, images: Entry[], masks: Map<string, Entry>, keyOf: (e: Entry) => string, where: string): void {
  for (const e of images) {
    const k = keyOf(e);
    const m = masks.get(k);
    if (!m) {
      claim.issues.push(issue('image-without-mask', e.file.path, `no mask with the same name in ${where}; this layout needs a mask for every image`));
      continue;
    }
    masks.delete(k);
    const item: PlannedItem = { key: keyFor(root, e), imagePath: e.file.path, maskPaths: [m.file.path] };
    claim.items.push(item);
  }
  for (const m of masks.values()) {
    claim.issues.push(issue('mask-without-image', m.file.path, `no image with the same name for this mask`));
  }
}

function recogniseFolders(tree: Tree, pool: ReadonlySet<Entry>): Claim[] {
  const claims: Claim[] = [];
  const taken = new Set<Entry>();
  for (const root of tree.allDirs()) {
    const imagesDir = tree.childDir(root, IMAGES_DIR);
    const masksDir = tree.childDir(root, MASKS_DIR);
    if (!imagesDir || !masksDir) continue;
    const entries = tree.under(root, pool).filter((e) => !taken.has(e));
    if (entries.length === 0) continue;
    for (const e of entries) taken.add(e);
    const claim: Claim = { root, layout: 'image-mask', items: [], issues: [], ignored: 0, claimed: entries };
    const images: Entry[] = [];
    const masks = new Map<string, Entry>();
    for (const e of entries) {
      if (isDocument(e)) claim.ignored++;
      else if (isUnder(e.dir, imagesDir)) images.push(e);
      else if (isUnder(e.dir, masksDir)) masks.set(pairKey(masksDir, e), e);
      else claim.issues.push(issue('unplaced-file', e.file.path, `not in the images or masks folder of the dataset at "${root || '.'}"`));
    }
    pairUp(claim, root, images, masks, (e) => pairKey(imagesDir, e), relativeTo(root, masksDir) + '/');
    claims.push(claim);
  }
  return claims;
}

/** A folder holding `x.png` and `x_mask.png` pairs directly. */
function recogniseSuffixPairs(tree: Tree, pool: ReadonlySet<Entry>): Claim[] {
  const byDir = new Map<string, Entry[]>();
  for (const e of tree.entries) {
    if (!pool.has(e)) continue;
    let list = byDir.get(e.dir);
    if (!list) byDir.set(e.dir, (list = []));
    list.push(e);
  }
  const claims: Claim[] = [];
  for (const [dir, entries] of byDir) {
    const files = entries.filter((e) => !isDocument(e));
    const masks = files.filter((e) => MASK_SUFFIX.test(e.stem));
    if (masks.length === 0) continue;
    const stems = new Set(files.filter((e) => !MASK_SUFFIX.test(e.stem)).map((e) => e.stem.toLowerCase()));
    if (!masks.some((m) => stems.has(m.stem.replace(MASK_SUFFIX, '').toLowerCase()))) continue;
    const claim: Claim = { root: dir, layout: 'image-mask', items: [], issues: [], ignored: entries.length - files.length, claimed: entries };
    const maskMap = new Map(masks.map((m) => [m.stem.replace(MASK_SUFFIX, '').toLowerCase(), m] as const));
    const images = files.filter((e) => !MASK_SUFFIX.test(e.stem));
    pairUp(claim, dir, images, maskMap, (e) => e.stem.toLowerCase(), 'the same folder (expected NAME_mask.EXT)');
    claims.push(claim);
  }
  return claims;
}

export function recogniseImageMask(tree: Tree, pool: ReadonlySet<Entry>): Claim[] {
  const folderClaims = recogniseFolders(tree, pool);
  const taken = new Set(folderClaims.flatMap((c) => c.claimed));
  const rest = new Set([...pool].filter((e) => !taken.has(e)));
  return [...folderClaims, ...recogniseSuffixPairs(tree, rest)];
}
