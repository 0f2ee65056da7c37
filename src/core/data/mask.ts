// Mask conventions: a decoded mask file is binarised at MASK_THRESHOLD (a gray value ≥ 128 is lung), so
// 0/255 masks, 0/1-as-255 GIFs and anti-aliased outlines all become {0,255}. Several files for one image
// (Montgomery left/right, SCR left/right lung) are unioned at full resolution, before resizing.
import { ImportError } from './errors';
import type { DecodedImage } from './types';

export const MASK_THRESHOLD = 128;

export function binarizeMask(gray: Uint8Array): Uint8Array {
  const out = new Uint8Array(gray.length);
  for (let i = 0; i < gray.length; i++) out[i] = (gray[i] as number) >= MASK_THRESHOLD ? 255 : 0;
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
  masks: ReadonlyArray<{ path: string; image: DecodedImage }>,
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
    const g = image.gray;
    for (let i = 0; i < out.length; i++) if ((g[i] as number) >= MASK_THRESHOLD) out[i] = 255;
  }
  if (countForeground(out) === 0) {
    const names = masks.map((m) => m.path).join(' + ');
    const first = masks[0]?.path ?? imagePath;
    throw new ImportError('empty-mask', first, `mask ${names} has no lung pixels (nothing ≥ ${MASK_THRESHOLD}) for image ${imagePath}`);
  }
  return { mask: out, width, height };
}
