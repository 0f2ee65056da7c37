// One overlay layer: a canvas holding size×size RGBA pixels, stretched by CSS to fill its stack. Drawing
// happens only when the pixels change; opacity sliders that are pure CSS never redraw.
import { useEffect, useRef } from 'react';

export interface LayerCanvasProps {
  /** Identifies the layer (image, truth, prediction, saliency) for styling and tests. */
  layer: string;
  size: number;
  rgba: Uint8ClampedArray<ArrayBuffer> | null;
  label: string;
}

export function LayerCanvas({ layer, size, rgba, label }: LayerCanvasProps) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const canvas = ref.current;
    const ctx = canvas?.getContext('2d');
    if (!canvas || !ctx) return;
    ctx.clearRect(0, 0, canvas.width, canvas.height);
    if (rgba && rgba.length === size * size * 4) ctx.putImageData(new ImageData(rgba, size, size), 0, 0);
  }, [rgba, size]);
  return <canvas ref={ref} className={`layer layer-${layer}`} data-layer={layer} width={size} height={size} aria-label={label} role="img" />;
}
