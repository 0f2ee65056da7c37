// Folder drops: the FileSystemEntry tree a browser hands over is walked completely, including
// directories whose readEntries() returns its children in batches (Chromium: 100 at a time), and
// every file keeps its path relative to what was dropped. The entry objects below follow the
// FileSystemDirectoryEntry / FileSystemFileEntry interfaces, since Node has none.
import { describe, expect, it } from 'vitest';
import { filesFromDrop, relativePathOf, toDroppedFiles } from '../../../src/platform/import/drop';

interface FakeEntry {
  name: string;
  fullPath: string;
  isFile: boolean;
  isDirectory: boolean;
}

function fileEntry(fullPath: string): FakeEntry & { file(ok: (f: File) => void): void } {
  const name = fullPath.split('/').at(-1)!;
  return { name, fullPath, isFile: true, isDirectory: false, file: (ok) => ok(new File([name], name)) };
}

const BATCH = 100;
let readEntriesCalls = 0;

function dirEntry(fullPath: string, children: FakeEntry[]): FakeEntry & { createReader(): { readEntries(ok: (b: FakeEntry[]) => void): void } } {
  return {
    name: fullPath.split('/').at(-1)!,
    fullPath,
    isFile: false,
    isDirectory: true,
    createReader() {
      let offset = 0;
      return {
        readEntries(ok) {
          readEntriesCalls++;
          const batch = children.slice(offset, offset + BATCH);
          offset += batch.length;
          setTimeout(() => ok(batch), 0);
        },
      };
    },
  };
}

function dropEvent(entries: FakeEntry[]) {
  // As in a browser: a file item also gives its File directly; a folder item gives none.
  const items = entries.map((entry) => ({ kind: 'file', webkitGetAsEntry: () => entry, getAsFile: () => (entry.isFile ? new File([entry.name], entry.name) : null) }));
  return { type: 'drop', dataTransfer: { items, files: [], types: ['Files'] } as unknown as DataTransfer };
}

describe('filesFromDrop', () => {
  it('walks nested folders and every batch of a large folder, keeping relative paths', async () => {
    readEntriesCalls = 0;
    const normals = Array.from({ length: 250 }, (_, i) => fileEntry(`/chest_xray/train/NORMAL/IM-${i}.jpeg`));
    const tree = dirEntry('/chest_xray', [
      dirEntry('/chest_xray/train', [
        dirEntry('/chest_xray/train/NORMAL', normals),
        dirEntry('/chest_xray/train/PNEUMONIA', [fileEntry('/chest_xray/train/PNEUMONIA/person1_virus_1.jpeg')]),
      ]),
      fileEntry('/chest_xray/.DS_Store'),
    ]);
    const files = await filesFromDrop(dropEvent([tree, fileEntry('/labels.csv')]));
    const paths = files.map((f) => f.path).sort();
    expect(paths).toHaveLength(250 + 1 + 1);
    expect(paths).toContain('chest_xray/train/NORMAL/IM-0.jpeg');
    expect(paths).toContain('chest_xray/train/NORMAL/IM-249.jpeg');
    expect(paths).toContain('chest_xray/train/PNEUMONIA/person1_virus_1.jpeg');
    expect(paths).toContain('labels.csv');
    expect(paths.some((p) => p.endsWith('.DS_Store'))).toBe(false);
    // 250 children need three non-empty batches plus the empty one that ends the listing.
    expect(readEntriesCalls).toBeGreaterThanOrEqual(4 + 3 + 2);
  });
});

describe('relativePathOf', () => {
  it('prefers a drop path, then the picker’s webkitRelativePath, then the name', () => {
    const dropped = Object.defineProperty(new File(['x'], 'a.png'), 'path', { value: '/lungs/images/a.png' });
    expect(relativePathOf(dropped)).toBe('lungs/images/a.png');
    const single = Object.defineProperty(new File(['x'], 'b.png'), 'path', { value: './b.png' });
    expect(relativePathOf(single)).toBe('b.png');
    const picked = Object.defineProperty(new File(['x'], 'c.png'), 'webkitRelativePath', { value: 'lungs/masks/c.png' });
    expect(relativePathOf(picked)).toBe('lungs/masks/c.png');
    expect(toDroppedFiles([new File(['x'], 'd.png')]).map((d) => d.path)).toEqual(['d.png']);
  });
});
