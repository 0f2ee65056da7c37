// PNG and SVG download buttons for a drawn plot (Plotly.downloadImage): the figure as the reader sees it, at
// 2× for PNG, as vector graphics for SVG (papers, slides). Disabled until the plot has been drawn.
import { useState } from 'react';
import { loadPlotly } from './load-plotly';

export interface ExportButtonsProps {
  /** The plot's drawn element (PlotHandle.element), or null while it loads. */
  element: HTMLElement | null;
  /** File name without extension, e.g. `grid-roc`. */
  filename: string;
}

export function ExportButtons({ element, filename }: ExportButtonsProps) {
  const [error, setError] = useState<string | null>(null);
  const download = (format: 'png' | 'svg') => {
    if (!element) return;
    setError(null);
    const { width, height } = element.getBoundingClientRect();
    void loadPlotly()
      .then((p) => p.downloadImage(element, { format, filename, width: Math.round(width), height: Math.round(height), ...(format === 'png' ? { scale: 2 } : {}) }))
      .catch((e: unknown) => setError(`${format.toUpperCase()} export failed: ${e instanceof Error ? e.message : String(e)}`));
  };
  return (
    <span className="plot-export">
      <button type="button" disabled={!element} onClick={() => download('png')} aria-label={`Download ${filename} as PNG`}>PNG</button>
      <button type="button" disabled={!element} onClick={() => download('svg')} aria-label={`Download ${filename} as SVG`}>SVG</button>
      {error && <span className="field-error">{error}</span>}
    </span>
  );
}
