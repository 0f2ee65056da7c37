// The dropped file list as a small directory tree that layout recognisers can query. Paths are
// normalised for recognition only (items keep the original path, which is how files are looked up).
import type { ImportIssue, LayoutName, PlannedItem, SourceFile } from '../types';

export interface Entry {
  file: SourceFile;
  /** Normalised: '/'-separated, no leading './' or '/', consecutive duplicate folders collapsed. */
  norm: string;
  dir: string;
  name: string;
  /** File name without its last extension. */
  stem: string;
  /** Lower-case extension without the dot ('' when none). */
  ext: string;
}

/** What one recogniser found: a dataset root and the entries it took responsibility for. */
export interface Claim {
  root: string;
  layout: LayoutName;
  items: PlannedItem[];
  issues: ImportIssue[];
  /** Documents and metadata inside the root that are skipped on purpose. */
  ignored: number;
  claimed: Entry[];
}

const CLUTTER_NAMES = new Set(['.ds_store', 'thumbs.db', 'desktop.ini', 'icon\r']);
/** Extensions of non-image files that ride along with datasets (READMEs, licences, metadata tables). */
const DOCUMENT_EXTS = new Set([
  'txt', 'md', 'csv', 'tsv', 'json', 'xml', 'pdf', 'html', 'htm', 'xls', 'xlsx', 'doc', 'docx', 'rtf',
  'yaml', 'yml', 'py', 'ipynb', 'log', 'sh', 'zip',
]);

export function isClutter(path: string): boolean {
  const segs = path.replace(/\\/g, '/').split('/');
  const name = segs[segs.length - 1] ?? '';
  if (name.startsWith('._') || CLUTTER_NAMES.has(name.toLowerCase())) return true;
  return segs.some((s, i) => s === '__MACOSX' || (i < segs.length - 1 && s.startsWith('.') && s !== '.' && s !== '..'));
}

const DOCUMENT_NAMES = /^(license|licence|readme|notice|copying|authors|changelog|citation)$/i;

export function isDocument(e: Entry): boolean {
  return DOCUMENT_EXTS.has(e.ext) || (e.ext === '' && DOCUMENT_NAMES.test(e.name));
}

/**
 * The form of a path every recogniser compares: '/'-separated, no empty or '.' segments, Unicode NFC
 * (macOS writes names in NFD, so `Röntgen 03_mask.png` from a Mac must still meet `Röntgen 03.png`).
 * Comparisons of stems and extensions are case-insensitive on top of this (Entry.ext is lower case).
 */
export function normalisePath(path: string): string {
  return path.normalize('NFC').replace(/\\/g, '/').split('/').filter((s) => s !== '' && s !== '.').join('/');
}

/**
 * `chest_xray/chest_xray/train/x.jpeg` → `chest_xray/train/x.jpeg`: the Kaggle zip nests a second copy
 * of its own root. Returns the path with the first doubled folder collapsed, or undefined if none.
 */
export function collapseDoubledFolder(norm: string): string | undefined {
  const segs = norm.split('/');
  for (let i = 0; i + 2 < segs.length; i++) {
    if (segs[i] === segs[i + 1]) return [...segs.slice(0, i + 1), ...segs.slice(i + 2)].join('/');
  }
  return undefined;
}

export function dirOf(path: string): string {
  const i = path.lastIndexOf('/');
  return i < 0 ? '' : path.slice(0, i);
}

export function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

export function makeEntry(file: SourceFile, norm: string): Entry {
  const name = baseName(norm);
  const dot = name.lastIndexOf('.');
  return {
    file,
    norm,
    dir: dirOf(norm),
    name,
    stem: dot > 0 ? name.slice(0, dot) : name,
    ext: dot > 0 ? name.slice(dot + 1).toLowerCase() : '',
  };
}

/** `dir` is `root` or inside it. */
export function isUnder(dir: string, root: string): boolean {
  return root === '' || dir === root || dir.startsWith(root + '/');
}

/** Path relative to root (root must contain it). */
export function relativeTo(root: string, path: string): string {
  return root === '' ? path : path.slice(root.length + 1);
}

/** The item key: path relative to the plan root without the extension. */
export function keyFor(root: string, e: Entry): string {
  const rel = relativeTo(root, e.norm);
  const dir = dirOf(rel);
  return dir === '' ? e.stem : `${dir}/${e.stem}`;
}

/** Immediate subdirectory names of every directory, and files by directory, for recognisers. */
export class Tree {
  readonly entries: Entry[];
  private readonly childDirs = new Map<string, Set<string>>();

  constructor(entries: Entry[]) {
    this.entries = entries;
    for (const e of entries) {
      let dir = e.dir;
      while (dir !== '') {
        const parent = dirOf(dir);
        let set = this.childDirs.get(parent);
        if (!set) this.childDirs.set(parent, (set = new Set()));
        set.add(baseName(dir));
        dir = parent;
      }
    }
  }

  allDirs(): string[] {
    const dirs = new Set<string>(['']);
    for (const [parent, kids] of this.childDirs) for (const k of kids) dirs.add(parent === '' ? k : `${parent}/${k}`);
    return [...dirs].sort();
  }

  /** Name of the child directory of `dir` matching `re` (case as on disk), if any. */
  childDir(dir: string, re: RegExp): string | undefined {
    for (const k of this.childDirs.get(dir) ?? []) if (re.test(k)) return dir === '' ? k : `${dir}/${k}`;
    return undefined;
  }

  under(root: string, pool: ReadonlySet<Entry>): Entry[] {
    return this.entries.filter((e) => pool.has(e) && isUnder(e.dir, root));
  }
}
