// Real PNG files made in memory for the import tests: seeded textures (so no two are equal and none
// is blank) and lung-like masks, wrapped as the core's SourceFile.
import { encode } from 'fast-png';
import type { SourceFile } from '../../../src/core/data/types';
import { createRng } from '../../../src/core/rng';

export function pngBytes(w: number, h: number, seed: number): Uint8Array {
  const rng = createRng(seed);
  const data = Uint8Array.from({ length: w * h }, () => rng.int(256));
  return encode({ width: w, height: h, data, channels: 1, depth: 8 });
}

/** Two filled rectangles ("lungs") as a 0/255 mask. */
export function maskBytes(w: number, h: number): Uint8Array {
  const data = new Uint8Array(w * h);
  for (let y = Math.floor(h / 4); y < Math.floor((3 * h) / 4); y++) {
    for (let x = 0; x < w; x++) if ((x > w / 8 && x < (3 * w) / 8) || (x > (5 * w) / 8 && x < (7 * w) / 8)) data[y * w + x] = 255;
  }
  return encode({ width: w, height: h, data, channels: 1, depth: 8 });
}

export function memoryFile(path: string, bytes: Uint8Array): SourceFile {
  return { path, size: bytes.length, read: async () => bytes };
}

/** `lungs/images/i.png` + `lungs/masks/i.png` for i < n. */
export function imageMaskFolder(root: string, n: number, seedBase = 0): SourceFile[] {
  const files: SourceFile[] = [];
  for (let i = 0; i < n; i++) {
    files.push(memoryFile(`${root}/images/case${i}.png`, pngBytes(48, 40, seedBase + i)));
    files.push(memoryFile(`${root}/masks/case${i}.png`, maskBytes(48, 40)));
  }
  return files;
}

/** Kermany `train/NORMAL|PNEUMONIA` + `test/...` class folders. */
export function kermanyFolder(root: string, perClass: number): SourceFile[] {
  const files: SourceFile[] = [];
  let seed = 1000;
  for (const split of ['train', 'test']) {
    for (const cls of ['NORMAL', 'PNEUMONIA']) {
      for (let i = 0; i < perClass; i++) files.push(memoryFile(`${root}/${split}/${cls}/person${i}_${cls}_${split}.png`, pngBytes(40, 40, seed++)));
    }
  }
  return files;
}
