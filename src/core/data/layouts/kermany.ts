// Kermany / Kaggle `chest_xray`: `{train,val,test}/{NORMAL,PNEUMONIA}/*.jpeg`, or the class folders
// without the split level. Labels come from the class folder, the split from the folder above it, and
// the patient from the file name, so that splitting by patient keeps a person's films together.
import { issue } from '../errors';
import type { ClassLabel, PlannedItem, Split } from '../types';
import { type Claim, type Entry, type Tree, baseName, dirOf, isDocument, keyFor, relativeTo } from './tree';

const CLASS_DIRS: Record<string, ClassLabel> = { normal: 0, pneumonia: 1 };
const SPLIT_DIRS: Record<string, Split> = {
  train: 'train', training: 'train',
  val: 'val', valid: 'val', validation: 'val',
  test: 'test', testing: 'test',
};

export function splitFromDirName(name: string): Split | undefined {
  return SPLIT_DIRS[name.toLowerCase()];
}

/**
 * `person123_bacteria_456.jpeg` → `person123`; `IM-0012-0001.jpeg`, `NORMAL2-IM-0012-0001.jpeg` →
 * `IM-0012` (one patient, several films); anything else → undefined (the split falls back to the key).
 */
export function kermanyPatientId(fileName: string): string | undefined {
  const person = /^(person\d+)_/i.exec(fileName);
  if (person) return person[1]!.toLowerCase();
  const im = /^(?:NORMAL\d*-)?(IM-\d+)-\d+/i.exec(fileName);
  if (im) return im[1]!.toUpperCase();
  return undefined;
}

/** Kermany roots: the parent of the split folders, or of the class folders when there is no split level. */
function findRoots(tree: Tree): string[] {
  const roots = new Set<string>();
  for (const dir of tree.allDirs()) {
    if (dir === '' || CLASS_DIRS[baseName(dir).toLowerCase()] === undefined) continue;
    // `pneumonia/NORMAL/...`: a folder named like a class that holds class folders is a dataset root.
    if (tree.childDir(dir, /^(normal|pneumonia)$/i)) continue;
    const parent = dirOf(dir);
    roots.add(parent !== '' && splitFromDirName(baseName(parent)) ? dirOf(parent) : parent);
  }
  // Outermost roots only: `a/NORMAL` and `a/train/NORMAL` are one dataset rooted at `a`.
  return [...roots].filter((r) => ![...roots].some((o) => o !== r && (o === '' || r.startsWith(o + '/'))));
}

export function recogniseKermany(tree: Tree, pool: ReadonlySet<Entry>): Claim[] {
  const claims: Claim[] = [];
  for (const root of findRoots(tree)) {
    const claim: Claim = { root, layout: 'kermany', items: [], issues: [], ignored: 0, claimed: [] };
    for (const e of tree.under(root, pool)) {
      claim.claimed.push(e);
      if (isDocument(e)) {
        claim.ignored++;
        continue;
      }
      const segs = relativeTo(root, e.norm).split('/');
      let split: Split | undefined;
      let classIdx = 0;
      if (segs.length >= 3 && splitFromDirName(segs[0]!)) {
        split = splitFromDirName(segs[0]!);
        classIdx = 1;
      }
      if (segs.length < classIdx + 2) {
        claim.issues.push(issue('unplaced-file', e.file.path, `not inside a NORMAL or PNEUMONIA folder of the Kermany dataset at "${root || '.'}"`));
        continue;
      }
      const classDir = segs[classIdx]!;
      const label = CLASS_DIRS[classDir.toLowerCase()];
      if (label === undefined) {
        claim.issues.push(issue('unknown-label', e.file.path, `folder "${classDir}" is neither NORMAL nor PNEUMONIA`));
        continue;
      }
      const item: PlannedItem = { key: keyFor(root, e), imagePath: e.file.path, label };
      if (split) item.split = split;
      const patientId = kermanyPatientId(e.name);
      if (patientId) item.patientId = patientId;
      claim.items.push(item);
    }
    claims.push(claim);
  }
  return claims;
}
