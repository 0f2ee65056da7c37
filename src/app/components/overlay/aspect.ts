// The aspect ratio an image is drawn at (issue 9, item 4). Images are stored and fed to the model as squashed
// squares (core/data/resize.ts: stretched, no letterbox); thumbnails, the viewer and its overlays stretch them
// back to the original width : height, so masks and saliency land on the image as it really is.

/** Width / height of the original image; 1 (square) for records without a usable size (older records). */
export function displayAspect(size: { originalWidth?: number; originalHeight?: number } | null | undefined): number {
  const w = size?.originalWidth;
  const h = size?.originalHeight;
  return typeof w === 'number' && typeof h === 'number' && w > 0 && h > 0 && Number.isFinite(w / h) ? w / h : 1;
}

/**
 * The CSS box of a `side`-px frame showing an image of aspect `a` (object-fit: contain): the longer side
 * fills the frame.
 */
export function containBox(a: number, side: number): { width: number; height: number } {
  return a >= 1 ? { width: side, height: side / a } : { width: side * a, height: side };
}
