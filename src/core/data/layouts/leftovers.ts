// Whatever no structured layout claimed: images without labels (unlabeled data for the semi-supervised
// streams), or DICOM files. They are grouped under the highest folder that holds no recognised dataset,
// so `cxr/originals/*` beside `cxr/pneumonia/` becomes its own plan rather than part of the Kermany one.
import { describeNonImage, sniffFormat } from '../decode/sniff';
import type { PlannedItem } from '../types';
import { type Claim, type Entry, type Tree, isDocument, isUnder, keyFor } from './tree';

function groupRoot(dir: string, claimedRoots: string[]): string {
  const segs = dir === '' ? [] : dir.split('/');
  for (let depth = 0; depth <= segs.length; depth++) {
    const candidate = segs.slice(0, depth).join('/');
    if (!claimedRoots.some((r) => isUnder(r, candidate))) return candidate;
  }
  return dir;
}

async function isDicomMagic(e: Entry): Promise<'dicom' | 'text' | 'other'> {
  try {
    const bytes = await e.file.read();
    if (sniffFormat(bytes).format === 'dicom') return 'dicom'; // Part 10, or a dataset without preamble
    return describeNonImage(bytes) === 'a text file' ? 'text' : 'other';
  } catch {
    return 'other'; // reported as read-failed when prepared
  }
}

export interface LeftoverResult {
  claims: Claim[];
  /** Documents in folders that hold no leftover plan (e.g. a README beside the dataset folders). */
  orphanIgnored: Entry[];
}

export async function recogniseLeftovers(tree: Tree, pool: ReadonlySet<Entry>, claimedRoots: string[]): Promise<LeftoverResult> {
  const groups = new Map<string, { items: PlannedItem[]; dicomOnly: boolean; docs: Entry[]; claimed: Entry[] }>();
  for (const e of tree.entries) {
    if (!pool.has(e)) continue;
    const root = groupRoot(e.dir, claimedRoots);
    let g = groups.get(root);
    if (!g) groups.set(root, (g = { items: [], dicomOnly: true, docs: [], claimed: [] }));
    g.claimed.push(e);
    let isDicom = e.ext === 'dcm' || e.ext === 'dicom';
    if (e.ext === '') {
      const kind = await isDicomMagic(e);
      if (kind === 'text') {
        g.docs.push(e); // LICENSE, README without extension
        continue;
      }
      isDicom = kind === 'dicom';
    }
    if (isDocument(e)) {
      g.docs.push(e);
      continue;
    }
    g.dicomOnly &&= isDicom;
    g.items.push({ key: keyFor(root, e), imagePath: e.file.path });
  }
  const claims: Claim[] = [];
  const orphanIgnored: Entry[] = [];
  for (const [root, g] of groups) {
    if (g.items.length === 0) {
      orphanIgnored.push(...g.docs);
      continue;
    }
    claims.push({ root, layout: g.dicomOnly ? 'dicom' : 'flat-images', items: g.items, issues: [], ignored: g.docs.length, claimed: g.claimed });
  }
  return { claims, orphanIgnored };
}

