// A strip of thumbnails spread evenly over the dataset (so both classes usually show), read from
// IndexedDB when the card appears.
import { useEffect, useState } from 'react';
import { getPixels, listImages, type DatasetRecord, type ImageRecord, type PixelRecord } from '../../../platform/storage';
import { database } from '../../store/services';
import { displayAspect } from '../../components/overlay/aspect';
import { Thumbnail } from './Thumbnail';

const COUNT = 8;

function spread<T>(items: readonly T[], n: number): T[] {
  if (items.length <= n) return items.slice();
  return Array.from({ length: n }, (_, i) => items[Math.floor(((i + 0.5) * items.length) / n)] as T);
}

function caption(im: ImageRecord): string {
  const label = im.label === 0 ? 'normal' : im.label === 1 ? 'pneumonia' : 'no label';
  return `${im.key} — ${label}, ${im.split}${im.hasMask ? ', lung mask outlined' : ''} (original ${im.originalWidth}×${im.originalHeight})`;
}

export function DatasetThumbnails({ dataset }: { dataset: DatasetRecord }) {
  const [thumbs, setThumbs] = useState<{ image: ImageRecord; pixels: PixelRecord }[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    (async () => {
      const db = await database();
      const images = spread(await listImages(db, dataset.id), COUNT);
      const pixels = await getPixels(db, dataset.id, images.map((im) => im.key));
      if (live) setThumbs(images.map((image, i) => ({ image, pixels: pixels[i] as PixelRecord })));
    })().catch((err: unknown) => live && setError(err instanceof Error ? err.message : String(err)));
    return () => {
      live = false;
    };
  }, [dataset.id, dataset.updated]);

  if (error) return <p className="muted small">Thumbnails unavailable: {error}</p>;
  if (!thumbs) return <div className="thumbs thumbs-loading" aria-busy="true" />;
  return (
    <div className="thumbs" data-testid="thumbnails">
      {thumbs.map(({ image, pixels }) => (
        <figure key={image.key} className="thumb-figure">
          <Thumbnail pixels={pixels.pixels} mask={pixels.mask} size={dataset.imageSize} title={caption(image)} aspect={displayAspect(image)} />
          <figcaption className={image.label === 1 ? 'lbl-pneumonia' : image.label === 0 ? 'lbl-normal' : 'lbl-none'}>
            {image.label === 1 ? 'pneumonia' : image.label === 0 ? 'normal' : image.hasMask ? 'mask' : '—'}
          </figcaption>
        </figure>
      ))}
    </div>
  );
}
