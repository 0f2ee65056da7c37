// Left + right lung mask files matched to their image by file stem (case-insensitive, NFC): the pairing
// of the Montgomery (leftMask/rightMask) and JSRT/SCR (left lung/right lung) layouts. Both lungs are
// required; the two files are unioned later (unionMasks).
import { issue } from '../errors';
import type { PlannedItem } from '../types';
import { type Claim, type Entry, keyFor } from './tree';

export interface LungPairing {
  /** How the two sides are called in messages, e.g. ['leftMask', 'rightMask']. */
  sideNames: [string, string];
  /** Message for an image lacking one or both masks; `missing` is e.g. "leftMask and rightMask". */
  missingMessage: (image: Entry, missing: string) => string;
  /** Message for a mask without its image. */
  orphanMessage: (mask: Entry) => string;
  patientId: (image: Entry) => string;
  /** False: images without any mask are items without masks (JSRT without SCR masks). */
  masksRequired: boolean;
}

/** Lower-case stem → entry, the key both sides are matched by. */
export function byStem(entries: Iterable<Entry>): Map<string, Entry> {
  const m = new Map<string, Entry>();
  for (const e of entries) m.set(e.stem.toLowerCase(), e);
  return m;
}

export function pairLungMasks(claim: Claim, root: string, images: readonly Entry[], left: Map<string, Entry>, right: Map<string, Entry>, how: LungPairing): void {
  for (const e of images) {
    const stem = e.stem.toLowerCase();
    const l = left.get(stem);
    const r = right.get(stem);
    left.delete(stem);
    right.delete(stem);
    const item: PlannedItem = { key: keyFor(root, e), imagePath: e.file.path, patientId: how.patientId(e) };
    if (how.masksRequired) {
      if (!l || !r) {
        const missing = [!l && how.sideNames[0], !r && how.sideNames[1]].filter(Boolean).join(' and ');
        claim.issues.push(issue('image-without-mask', e.file.path, how.missingMessage(e, missing)));
        continue;
      }
      item.maskPaths = [l.file.path, r.file.path];
    }
    claim.items.push(item);
  }
  for (const m of [...left.values(), ...right.values()]) claim.issues.push(issue('mask-without-image', m.file.path, how.orphanMessage(m)));
}
