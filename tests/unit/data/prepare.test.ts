// prepareItem end to end on in-memory files: JSRT with half-resolution SCR masks, Montgomery-style
// union, and the duplicate tracker.
import { describe, expect, it } from 'vitest';
import { type PreparedImage, type SourceFile, DuplicateTracker, JSRT_BYTES, fileMap, isImportIssue, planImport, prepareItem } from '../../../src/core/data/index';
import { gif, png } from '../../fixtures/encoders';

const mem = (path: string, bytes: Uint8Array): SourceFile => ({ path, size: bytes.length, read: async () => bytes });

describe('prepareItem', () => {
  it('imports JSRT with 1024² SCR lung masks (left + right unioned) at 64 px', async () => {
    const raw = new Uint8Array(JSRT_BYTES);
    for (let i = 0; i < raw.length; i += 2) raw[i] = (i >> 12) & 0x0f; // a gradient of 12-bit values
    const half = (left: boolean) => Uint8Array.from({ length: 1024 * 1024 }, (_, i) => ((i % 1024 < 512) === left ? 255 : 0));
    const files = [
      mem('jsrt/JPCLN001.IMG', raw),
      mem('scr/left lung/JPCLN001.gif', gif(1024, 1024, half(true))),
      mem('scr/right lung/JPCLN001.gif', gif(1024, 1024, half(false))),
    ];
    const [plan] = await planImport(files);
    expect(plan!.layout).toBe('jsrt');
    const r = await prepareItem(plan!.items[0]!, fileMap(files), { size: 64 });
    expect(isImportIssue(r)).toBe(false);
    const im = r as PreparedImage;
    expect([im.originalWidth, im.originalHeight, im.pixels.length]).toEqual([2048, 2048, 64 * 64]);
    expect(im.mask!.every((v) => v === 255)).toBe(true); // left half ∪ right half = everything
    expect(im.maskPaths).toEqual(['scr/left lung/JPCLN001.gif', 'scr/right lung/JPCLN001.gif']);
  });

  it('names the mask and its image when a mask file is broken', async () => {
    const img = png(40, 40, Array.from({ length: 1600 }, (_, i) => i % 200));
    const files = fileMap([mem('d/images/a.png', img), mem('d/masks/a.png', new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2]))]);
    const r = await prepareItem({ key: 'a', imagePath: 'd/images/a.png', maskPaths: ['d/masks/a.png'] }, files, { size: 32 });
    expect(r).toMatchObject({ path: 'd/masks/a.png', code: 'corrupt-image' });
    expect((r as { message: string }).message).toMatch(/^d\/masks\/a.png: PNG is truncated.*\(mask of d\/images\/a.png; image skipped\)$/);
  });

  it('uses an injected decoder and reports its plain errors as corrupt-image', async () => {
    const files = fileMap([mem('x.png', new Uint8Array([1, 2, 3]))]);
    const decode = async () => ({ width: 40, height: 40, gray: Uint8Array.from({ length: 1600 }, (_, i) => i & 255) });
    expect(isImportIssue(await prepareItem({ key: 'x', imagePath: 'x.png' }, files, { size: 32, decode }))).toBe(false);
    const failing = async () => {
      throw new Error('InvalidStateError: cannot decode');
    };
    expect(await prepareItem({ key: 'x', imagePath: 'x.png' }, files, { size: 32, decode: failing })).toMatchObject({ code: 'corrupt-image', path: 'x.png' });
  });

  it('keeps the first of two identical images, also across an existing dataset', () => {
    const base = { pixels: new Uint8Array(1), size: 1, originalWidth: 1, originalHeight: 1 };
    const t = new DuplicateTracker([['00000000000000aa', 'old/z.png']]);
    expect(t.check({ ...base, key: 'a', sourcePath: 'a.png', contentHash: 'h1' })).toBeNull();
    expect(t.check({ ...base, key: 'b', sourcePath: 'b.png', contentHash: 'h1' })).toMatchObject({ code: 'duplicate-image', path: 'b.png', message: 'b.png: same pixels as a.png; only the first copy is imported' });
    expect(t.check({ ...base, key: 'c', sourcePath: 'c.png', contentHash: '00000000000000aa' })).toMatchObject({ code: 'duplicate-image' });
  });
});
