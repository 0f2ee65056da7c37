// planImport: from a dropped file list to one ImportPlan per recognised dataset root, reading only
// paths and sizes (plus CSV tables and the first bytes of extension-less files). Nothing is decoded
// here, so a preview of tens of thousands of files is instant; pixel problems surface in prepareItem.
//
// Recognisers run in a fixed order and each claims its files, so a file belongs to at most one plan:
// Montgomery, JSRT, Kermany, image+mask folders, CSV tables, then the unlabeled leftovers.
import { issue } from './errors';
import { recogniseCsv } from './layouts/csv';
import { recogniseImageMask } from './layouts/image-mask';
import { recogniseJsrt } from './layouts/jsrt';
import { recogniseKermany } from './layouts/kermany';
import { recogniseLeftovers } from './layouts/leftovers';
import { recogniseMontgomery } from './layouts/montgomery';
import { recogniseWorkbenchExport } from './layouts/workbench-export';
import { type Claim, type Entry, Tree, collapseDoubledFolder, dirOf, isClutter, isUnder, makeEntry, normalisePath } from './layouts/tree';
import type { DatasetManifest, ImportPlan, PlanSummary, SourceFile } from './types';

function datasetOf(m: DatasetManifest): Omit<DatasetManifest, 'images'> {
  const { images: _images, ...dataset } = m;
  return dataset;
}

export function summarisePlan(plan: Pick<ImportPlan, 'items' | 'issues'>, ignored: number): PlanSummary {
  const s: PlanSummary = {
    items: plan.items.length,
    byClass: { normal: 0, pneumonia: 0, unlabeled: 0 },
    bySplit: { train: 0, val: 0, test: 0, unassigned: 0 },
    withMask: 0,
    withoutMask: 0,
    issues: plan.issues.length,
    ignored,
  };
  for (const it of plan.items) {
    if (it.label === 0) s.byClass.normal++;
    else if (it.label === 1) s.byClass.pneumonia++;
    else s.byClass.unlabeled++;
    s.bySplit[it.split ?? 'unassigned']++;
    if (it.maskPaths && it.maskPaths.length > 0) s.withMask++;
    else s.withoutMask++;
  }
  return s;
}

/** Clutter and duplicate copies are dropped; the rest become tree entries. */
function toEntries(files: readonly SourceFile[]): { entries: Entry[]; skipped: string[] } {
  const skipped: string[] = [];
  const byNorm = new Map<string, Entry>();
  const sorted = files.slice().sort((a, b) => a.path.length - b.path.length || (a.path < b.path ? -1 : 1));
  for (const f of sorted) {
    if (isClutter(f.path)) {
      skipped.push(normalisePath(f.path));
      continue;
    }
    const norm = normalisePath(f.path);
    if (byNorm.has(norm)) skipped.push(norm);
    else byNorm.set(norm, makeEntry(f, norm));
  }
  // A file under a doubled folder (`x/x/...`) whose outer twin exists is a nested duplicate copy; a
  // doubled folder without a twin (`masks/masks/`) is just a folder name and stays.
  for (const [norm, e] of byNorm) {
    const twin = collapseDoubledFolder(norm);
    if (twin !== undefined && byNorm.has(twin)) {
      byNorm.delete(norm);
      skipped.push(e.norm);
    }
  }
  const entries = [...byNorm.values()].sort((a, b) => (a.norm < b.norm ? -1 : a.norm > b.norm ? 1 : 0));
  return { entries, skipped };
}

function take(pool: Set<Entry>, claims: Claim[], into: Claim[]): void {
  for (const c of claims) {
    for (const e of c.claimed) pool.delete(e);
    into.push(c);
  }
}

export async function planImport(files: readonly SourceFile[]): Promise<ImportPlan[]> {
  const { entries, skipped } = toEntries(files);
  const tree = new Tree(entries);
  const pool = new Set(entries);
  const claims: Claim[] = [];
  // The workbench's own export first: its dataset.json names every file, so nothing else may take them.
  const exports = await recogniseWorkbenchExport(tree, pool);
  take(pool, exports, claims);
  take(pool, recogniseMontgomery(tree, pool), claims);
  take(pool, recogniseJsrt(tree, pool), claims);
  take(pool, recogniseKermany(tree, pool), claims);
  take(pool, recogniseImageMask(tree, pool), claims);
  take(pool, await recogniseCsv(tree, pool), claims);
  const leftovers = await recogniseLeftovers(tree, pool, claims.map((c) => c.root));
  take(pool, leftovers.claims, claims);
  claims.sort((a, b) => (a.root < b.root ? -1 : a.root > b.root ? 1 : 0));

  // Empty files are known from the size alone: report them now rather than after reading.
  const sizeOf = new Map(files.map((f) => [f.path, f.size] as const));
  for (const c of claims) {
    c.items = c.items.filter((it) => {
      if (sizeOf.get(it.imagePath) === 0) {
        c.issues.push(issue('empty-file', it.imagePath, 'file is empty (0 bytes)'));
        return false;
      }
      return true;
    });
  }
  const ignored = new Map<Claim, number>(claims.map((c) => [c, c.ignored]));
  // Skipped files count towards the plan nearest to them (longest shared folder prefix).
  const shared = (a: string[], b: string[]) => {
    let i = 0;
    while (i < a.length && i < b.length && a[i] === b[i]) i++;
    return i;
  };
  const homeOf = (path: string) => {
    const segs = dirOf(path).split('/');
    let best = claims[0];
    let bestScore = -1;
    for (const c of claims) {
      const score = isUnder(dirOf(path), c.root) ? Infinity : shared(segs, c.root.split('/'));
      if (score > bestScore) [best, bestScore] = [c, score];
    }
    return best;
  };
  for (const p of [...skipped, ...leftovers.orphanIgnored.map((e) => e.norm)]) {
    const home = homeOf(p);
    if (home) ignored.set(home, (ignored.get(home) ?? 0) + 1);
  }
  return claims.map((c) => ({
    root: c.root,
    layout: c.layout,
    items: c.items,
    issues: c.issues,
    summary: summarisePlan(c, ignored.get(c) ?? 0),
    ...('manifest' in c ? { dataset: datasetOf((c as (typeof exports)[number]).manifest) } : {}),
  }));
}
