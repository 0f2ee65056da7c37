// Decoders against hand-computed pixel values: Rec. 601 luma, alpha over black, 16-bit min-max,
// palettes, low bit depths, DICOM modality/VOI/MONOCHROME1, JSRT inversion, magic-byte dispatch.
import { encode as encodePng } from 'fast-png';
import { describe, expect, it } from 'vitest';
import { ImportError, applyWindow, decodeImageJs, precheckImage, sniffFormat, JSRT_BYTES } from '../../../src/core/data/index';
import { dicom, gif, jpg, png } from '../../fixtures/encoders';

const gray = async (bytes: Uint8Array, path = 'x.png') => Array.from((await decodeImageJs(bytes, path)).gray);

async function codeOf(bytes: Uint8Array, path: string): Promise<string> {
  try {
    await decodeImageJs(bytes, path);
    return 'decoded';
  } catch (err) {
    expect(err).toBeInstanceOf(ImportError);
    expect((err as ImportError).message).toContain(path);
    return (err as ImportError).code;
  }
}

describe('PNG', () => {
  it('keeps 8-bit gray values', async () => {
    expect(await gray(png(2, 2, [0, 17, 128, 255]))).toEqual([0, 17, 128, 255]);
  });
  it('converts RGB with Rec. 601 weights', async () => {
    // 0.299*100 + 0.587*200 + 0.114*50 = 153; pure red 76.245; pure blue 29.07
    expect(await gray(png(3, 1, [100, 200, 50, 255, 0, 0, 0, 0, 255], 3))).toEqual([153, 76, 29]);
  });
  it('composites alpha over black', async () => {
    // 200 * 128/255 = 100.4; alpha 0 gives 0; gray+alpha 100 at full alpha stays 100
    expect(await gray(png(2, 1, [200, 200, 200, 128, 90, 90, 90, 0], 4))).toEqual([100, 0]);
    expect(await gray(png(2, 1, [100, 255, 100, 51], 2))).toEqual([100, 20]);
  });
  it('stretches 16-bit samples min-max', async () => {
    // (2000-1000)/(3000-1000)*255 = 127.5 -> 128
    expect(await gray(png(2, 2, [1000, 2000, 3000, 1000], 1, 16))).toEqual([0, 128, 255, 0]);
  });
  it('expands palettes', async () => {
    expect(await gray(png(2, 1, [0, 1], 1, 8, [[255, 0, 0], [0, 0, 255]]))).toEqual([76, 29]);
  });
  it('unpacks 1-bit gray rows padded to bytes', async () => {
    const bytes = encodePng({ width: 4, height: 2, depth: 1, channels: 1, data: new Uint8Array([0b0101_0000, 0b1100_0000]) });
    expect(await gray(bytes)).toEqual([0, 255, 0, 255, 255, 255, 0, 0]);
  });
});

describe('JPEG and GIF', () => {
  it('decodes a two-tone JPEG within compression error', async () => {
    const src = Array.from({ length: 16 * 16 }, (_, i) => (i % 16 < 8 ? 50 : 200));
    const out = await gray(jpg(16, 16, src, 100), 'a.jpeg');
    expect(Math.abs(out[3 * 16 + 3]! - 50)).toBeLessThanOrEqual(3);
    expect(Math.abs(out[12 * 16 + 12]! - 200)).toBeLessThanOrEqual(3);
  });
  it('decodes GIF palette values exactly', async () => {
    expect(await gray(gif(2, 2, [0, 255, 64, 128]), 'm.gif')).toEqual([0, 255, 64, 128]);
  });
});

describe('DICOM', () => {
  it('implements the PS3.3 linear window', () => {
    expect(applyWindow(-160, 40, 400)).toBe(0); // at the lower edge c-0.5-(w-1)/2
    expect(applyWindow(240, 40, 400)).toBe(255); // above c-0.5+(w-1)/2 = 239
    expect(applyWindow(40, 40, 400)).toBeCloseTo(((40 - 39.5) / 399 + 0.5) * 255, 6);
  });
  it('applies rescale, then window, then MONOCHROME1 inversion', async () => {
    // stored [0,1000,2000,4000] * 2 - 1000 = [-1000, 1000, 3000, 7000]; window c=1000 w=2001 -> [0, 127.56, 255, 255]
    const base = { rows: 2, cols: 2, pixels: [0, 1000, 2000, 4000], slope: 2, intercept: -1000, windowCenter: 1000, windowWidth: 2001 };
    expect(await gray(dicom(base), 'a.dcm')).toEqual([0, 128, 255, 255]);
    expect(await gray(dicom({ ...base, photometric: 'MONOCHROME1' }), 'a.dcm')).toEqual([255, 127, 0, 0]);
  });
  it('falls back to min-max without a window', async () => {
    // [-1000, 1000, 3000, 7000] -> [0, 63.75, 127.5, 255]
    expect(await gray(dicom({ rows: 2, cols: 2, pixels: [0, 1000, 2000, 4000], slope: 2, intercept: -1000 }), 'b')).toEqual([0, 64, 128, 255]);
  });
  it('names compressed transfer syntaxes and missing pixels', async () => {
    expect(await codeOf(dicom({ rows: 2, cols: 2, transferSyntax: '1.2.840.10008.1.2.4.90', encapsulated: true }), 'j2k.dcm')).toBe('unsupported-dicom-transfer-syntax');
    expect(await codeOf(dicom({ rows: 2, cols: 2, omitPixels: true }), 'sr.dcm')).toBe('dicom-without-pixels');
  });
});

describe('JSRT raw', () => {
  it('reads 16-bit big-endian 12-bit values and inverts them', async () => {
    const bytes = new Uint8Array(JSRT_BYTES);
    bytes.set([0x00, 0x00, 0x0f, 0xff, 0x08, 0x00, 0x00, 0x01]); // 0, 4095, 2048, 1
    const img = await decodeImageJs(bytes, 'JPCLN001.IMG');
    expect([img.width, img.height]).toEqual([2048, 2048]);
    // (4095 - v) * 255 / 4095: 255, 0, 127.47, 254.94
    expect(Array.from(img.gray.subarray(0, 4))).toEqual([255, 0, 127, 255]);
  });
  it('detects a byte-swapped (little-endian) file and reads it the same (issue 7)', async () => {
    const bytes = new Uint8Array(JSRT_BYTES);
    bytes.set([0x00, 0x00, 0xff, 0x0f, 0x00, 0x08, 0x01, 0x00]); // LE 0, 4095, 2048, 1; BE would be 0, 65295, 8, 256
    expect(Array.from((await decodeImageJs(bytes, 'JPCLN002.IMG')).gray.subarray(0, 4))).toEqual([255, 0, 127, 255]);
  });
  it('skips a file that is 12-bit in neither byte order instead of clamping it', async () => {
    const bytes = new Uint8Array(JSRT_BYTES);
    bytes.set([0x10, 0x00, 0x00, 0x10]); // BE 4096, LE 4096
    expect(await codeOf(bytes, 'JPCLN003.IMG')).toBe('corrupt-image');
    await expect(decodeImageJs(bytes, 'JPCLN003.IMG')).rejects.toThrow(/above 4095 in both byte orders/);
  });
  it('rejects any other size', async () => {
    expect(await codeOf(new Uint8Array(JSRT_BYTES - 2), 'JPCLN002.IMG')).toBe('jsrt-wrong-size');
  });
});

describe('format detection', () => {
  it('goes by magic bytes, not extension', async () => {
    expect(sniffFormat(png(1, 1, [0]), 'x.jpg').format).toBe('png');
    expect(await gray(png(2, 1, [10, 20]), 'mislabelled.jpg')).toEqual([10, 20]);
    expect(sniffFormat(new Uint8Array(200), 'noext').format).toBe('unknown');
  });
  it('reports empty, text, TIFF and truncated files specifically', async () => {
    expect(await codeOf(new Uint8Array(0), 'e.png')).toBe('empty-file');
    expect(await codeOf(new TextEncoder().encode('hello'), 't.png')).toBe('not-an-image');
    expect(await codeOf(new Uint8Array([0x4d, 0x4d, 0x00, 0x2a, 0, 0, 0, 8]), 'i.tiff')).toBe('unsupported-format');
    const full = png(8, 8, new Array(64).fill(9));
    expect(await codeOf(full.slice(0, full.length - 12), 'cut.png')).toBe('corrupt-image');
  });
});

describe('precheckImage (for a platform decoder)', () => {
  it('lets the platform decode only 8-bit PNG and JPEG, and rejects what decodeImageJs rejects', () => {
    expect(precheckImage(png(2, 1, [1, 2]), 'a.png')).toEqual({ format: 'png', platformMayDecode: true });
    expect(precheckImage(png(2, 1, [1, 2], 1, 16), 'b.png')).toEqual({ format: 'png', platformMayDecode: false });
    expect(precheckImage(jpg(8, 8, new Array(64).fill(3)), 'c.jpg').platformMayDecode).toBe(true);
    expect(precheckImage(gif(2, 1, [0, 255]), 'd.gif').platformMayDecode).toBe(false);
    const full = jpg(16, 16, new Array(256).fill(100));
    expect(() => precheckImage(full.slice(0, full.length - 10), 'cut.jpg')).toThrow(/cut.jpg: JPEG is truncated/);
    expect(() => precheckImage(new TextEncoder().encode('no'), 'e.png')).toThrow(ImportError);
  });
});
