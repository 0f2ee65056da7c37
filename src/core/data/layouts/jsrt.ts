// JSRT raw `.IMG` radiographs, optionally with SCR lung masks (`.gif`, in folders named `left lung` and
// `right lung`, possibly split into fold1/fold2). Masks are matched by file name (JPCLN001) and the two
// lungs unioned. SCR's heart and clavicle masks are skipped. JSRT labels nodules, not pneumonia, so
// the label stays unset.
import { byStem, pairLungMasks } from './lung-pairs';
import { type Claim, type Entry, type Tree, dirOf } from './tree';

const LEFT = /^left[ _-]?lungs?$/i;
const RIGHT = /^right[ _-]?lungs?$/i;
const OTHER_SCR = /^(heart|(left|right)[ _-]?clavicles?)$/i;

function hasSegment(e: Entry, re: RegExp): boolean {
  return e.dir.split('/').some((s) => re.test(s));
}

function commonDir(paths: string[]): string {
  if (paths.length === 0) return '';
  let segs = dirOf(paths[0]!).split('/');
  for (const p of paths.slice(1)) {
    const other = dirOf(p).split('/');
    let i = 0;
    while (i < segs.length && i < other.length && segs[i] === other[i]) i++;
    segs = segs.slice(0, i);
  }
  return segs.filter(Boolean).join('/');
}

export function recogniseJsrt(tree: Tree, pool: ReadonlySet<Entry>): Claim[] {
  const inPool = tree.entries.filter((e) => pool.has(e));
  const images = inPool.filter((e) => e.ext === 'img');
  if (images.length === 0) return [];
  const maskLike = inPool.filter((e) => (e.ext === 'gif' || e.ext === 'png') && (hasSegment(e, LEFT) || hasSegment(e, RIGHT)));
  const others = inPool.filter((e) => e.ext === 'gif' && hasSegment(e, OTHER_SCR));
  const root = commonDir([...images, ...maskLike].map((e) => e.norm));
  const claim: Claim = { root, layout: 'jsrt', items: [], issues: [], ignored: others.length, claimed: [...images, ...maskLike, ...others] };
  const left = byStem(maskLike.filter((m) => hasSegment(m, LEFT)));
  const right = byStem(maskLike.filter((m) => !hasSegment(m, LEFT)));
  pairLungMasks(claim, root, images, left, right, {
    sideNames: ['left lung', 'right lung'],
    missingMessage: (e, missing) => `no SCR ${missing} mask named ${e.stem}.gif; this JSRT import has masks, so both lungs are required`,
    orphanMessage: (m) => `no JSRT image ${m.stem}.IMG for this SCR mask`,
    patientId: (e) => e.stem.toUpperCase(),
    masksRequired: maskLike.length > 0,
  });
  return [claim];
}
