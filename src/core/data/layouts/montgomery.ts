// Montgomery County set: `CXR_png/*.png` + `ManualMask/leftMask/*.png` + `ManualMask/rightMask/*.png`,
// the two lung masks unioned. The `_0`/`_1` file suffix marks tuberculosis, not pneumonia, so the
// label stays unset: these images serve segmentation (and unlabeled classification) only.
import { issue } from '../errors';
import type { PlannedItem } from '../types';
import { type Claim, type Entry, type Tree, isDocument, isUnder, keyFor } from './tree';

export function recogniseMontgomery(tree: Tree, pool: ReadonlySet<Entry>): Claim[] {
  const claims: Claim[] = [];
  for (const root of tree.allDirs()) {
    const imagesDir = tree.childDir(root, /^cxr_png$/i);
    const maskDir = tree.childDir(root, /^manualmask$/i);
    if (!imagesDir || !maskDir) continue;
    const leftDir = tree.childDir(maskDir, /^leftmask$/i) ?? `${maskDir}/leftMask`;
    const rightDir = tree.childDir(maskDir, /^rightmask$/i) ?? `${maskDir}/rightMask`;
    const claim: Claim = { root, layout: 'montgomery', items: [], issues: [], ignored: 0, claimed: [] };
    const left = new Map<string, Entry>();
    const right = new Map<string, Entry>();
    const images: Entry[] = [];
    for (const e of tree.under(root, pool)) {
      claim.claimed.push(e);
      if (isDocument(e)) claim.ignored++;
      else if (isUnder(e.dir, imagesDir)) images.push(e);
      else if (isUnder(e.dir, leftDir)) left.set(e.stem.toLowerCase(), e);
      else if (isUnder(e.dir, rightDir)) right.set(e.stem.toLowerCase(), e);
      else claim.issues.push(issue('unplaced-file', e.file.path, `not in CXR_png/ or ManualMask/{leftMask,rightMask}/ of the Montgomery set at "${root || '.'}"`));
    }
    for (const e of images) {
      const stem = e.stem.toLowerCase();
      const l = left.get(stem);
      const r = right.get(stem);
      left.delete(stem);
      right.delete(stem);
      if (!l || !r) {
        const missing = [!l && 'leftMask', !r && 'rightMask'].filter(Boolean).join(' and ');
        claim.issues.push(issue('image-without-mask', e.file.path, `no ${missing}/${e.name} for this Montgomery image; both lung masks are required`));
        continue;
      }
      const item: PlannedItem = { key: keyFor(root, e), imagePath: e.file.path, maskPaths: [l.file.path, r.file.path] };
      item.patientId = e.stem.replace(/_[01]$/, '');
      claim.items.push(item);
    }
    for (const m of [...left.values(), ...right.values()]) {
      claim.issues.push(issue('mask-without-image', m.file.path, `no CXR_png/${m.stem}.png for this mask`));
    }
    claims.push(claim);
  }
  return claims;
}
