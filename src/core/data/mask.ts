// The one mask rule (issue 7): a mask pixel is lung when it is not background — any colour channel
// above 0, so 0/1, 0/255 and red/green/blue masks all work — or, in a mask file with transparency, when
// it is not fully transparent. Lossy JPEG masks carry compression noise around 0, so there a pixel is
// lung when its largest channel is at least half the range (MASK_THRESHOLD). Mask files are decoded by
// decodeMaskSync (the JS path, in the browser too). Several files for one image (Montgomery left/right,
// SCR left/right lung) are unioned at full resolution, before resizing.
import type { MaskLevels } from './decode/index';
import { ImportError } from './errors';

/** Lung threshold for lossy (JPEG) masks only; lossless masks: any level above 0. */
export const MASK_THRESHOLD = 128;

/** Shown in the import preview of every layout with masks. */
export const MASK_RULE =
  'lung = any mask pixel that is not black (any colour channel above 0: 0/1, 0/255 and coloured masks alike); ' +
  'in masks with transparency, any pixel that is not fully transparent; in lossy JPEG masks, channel ≥ 128';

export function isLung(level: number, lossy: boolean): boolean {
  return lossy ? level >= MASK_THRESHOLD : level > 0;
}

/** Mask levels (see rawToMaskLevel) to {0, 255} by the mask rule. */
export function binarizeMask(level: Uint8Array, lossy = false): Uint8Array {
  const out = new Uint8Array(level.length);
  for (let i = 0; i < level.length; i++) out[i] = isLung(level[i] as number, lossy) ? 255 : 0;
  return out;
}

export function countForeground(mask: Uint8Array): number {
  let n = 0;
  for (let i = 0; i < mask.length; i++) if ((mask[i] as number) !== 0) n++;
  return n;
}

/**
 * Whether a mask of mw×mh fits an image of w×h: the same size, or smaller by one whole factor on both
 * axes (SCR's lung masks are 1024² for the 2048² JSRT images). Both are stretched to the same square,
 * so such a mask stays aligned.
 */
export function maskFitsImage(mw: number, mh: number, w: number, h: number): boolean {
  if (mw === w && mh === h) return true;
  const k = w / mw;
  return mw > 0 && mh > 0 && Number.isInteger(k) && k >= 2 && mh * k === h;
}

/**
 * Union of decoded mask files, at the masks' own resolution (returned as width/height). Throws
 * `mask-size-mismatch` naming the offending mask when it does not fit the image (see maskFitsImage) or
 * differs from the other masks, and `empty-mask` when the union has no lung pixel at all.
 */
export function unionMasks(
  masks: ReadonlyArray<{ path: string; image: MaskLevels }>,
  imageWidth: number,
  imageHeight: number,
  imagePath: string,
): { mask: Uint8Array; width: number; height: number } {
  const width = masks[0]?.image.width ?? imageWidth;
  const height = masks[0]?.image.height ?? imageHeight;
  const out = new Uint8Array(width * height);
  for (const { path, image } of masks) {
    if (!maskFitsImage(image.width, image.height, imageWidth, imageHeight) || image.width !== width || image.height !== height) {
      throw new ImportError(
        'mask-size-mismatch',
        path,
        `mask is ${image.width}×${image.height} but its image ${imagePath} is ${imageWidth}×${imageHeight}` +
          (masks.length > 1 ? ` (other mask ${width}×${height})` : ''),
      );
    }
    const { level, lossy } = image;
    for (let i = 0; i < out.length; i++) if (isLung(level[i] as number, lossy)) out[i] = 255;
  }
  if (countForeground(out) === 0) {
    const names = masks.map((m) => m.path).join(' + ');
    const first = masks[0]?.path ?? imagePath;
    throw new ImportError('empty-mask', first, `mask ${names} has no lung pixels (every pixel is black or fully transparent) for image ${imagePath}`);
  }
  return { mask: out, width, height };
}
