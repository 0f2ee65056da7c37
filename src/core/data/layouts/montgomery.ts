// Montgomery County set: `CXR_png/*.png` + `ManualMask/leftMask/*.png` + `ManualMask/rightMask/*.png`,
// the two lung masks unioned. The `_0`/`_1` file suffix marks tuberculosis, not pneumonia, so the
// label stays unset: these images serve segmentation (and unlabeled classification) only.
import { issue } from '../errors';
import { pairLungMasks } from './lung-pairs';
import { type Claim, type Entry, type Tree, isDocument, isUnder } from './tree';

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
    pairLungMasks(claim, root, images, left, right, {
      sideNames: ['leftMask', 'rightMask'],
      missingMessage: (e, missing) => `no ${missing}/${e.name} for this Montgomery image; both lung masks are required`,
      orphanMessage: (m) => `no CXR_png/${m.stem}.png for this mask`,
      patientId: (e) => e.stem.replace(/_[01]$/, ''),
      masksRequired: true,
    });
    claims.push(claim);
  }
  return claims;
}
