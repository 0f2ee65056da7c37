// Node only: a directory tree as the data core's virtual file list, so the headless runner imports
// exactly like a browser drop. Files are read lazily, one at a time, when the core asks for them.
import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import type { SourceFile } from '../core/data/types';

/**
 * Every regular file under `dir` (recursively, following no symlinked directories), with paths
 * relative to `dir` and '/'-separated, sorted. `prefix` is prepended to each path, e.g. the dropped
 * folder's own name (`listSourceFiles('../x/pneumonia', 'pneumonia')` → `pneumonia/NORMAL/...`).
 */
export async function listSourceFiles(dir: string, prefix = ''): Promise<SourceFile[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const out: SourceFile[] = [];
  for (const d of entries) {
    if (!d.isFile()) continue;
    const abs = join(d.parentPath, d.name);
    const rel = relative(dir, abs).split(sep).join('/');
    const { size } = await stat(abs);
    out.push({
      path: prefix ? `${prefix.replace(/\/+$/, '')}/${rel}` : rel,
      size,
      read: async () => {
        const buf = await readFile(abs);
        return new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
      },
    });
  }
  return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
