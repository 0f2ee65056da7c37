// The image panes: stacked canvases (X-ray, ground truth, prediction, saliency) inside a shared zoom/pan.
// Overlaid: one pane with everything. Side by side: ground truth on the left, prediction + saliency on the right.
import { useState } from 'react';
import { LayerCanvas } from '../../components/overlay/LayerCanvas';
import type { ViewerOptions } from '../../store/viewer-slice';
import type { ViewerLayers } from './use-layers';
import { HOME, ZoomPane, type View } from './ZoomPan';

function Pane({ layers, o, show, view, onView, label, compare }: {
  layers: ViewerLayers; o: ViewerOptions; show: { truth: boolean; prediction: boolean; saliency: boolean }; view: View; onView: (v: View) => void; label: string;
  compare?: Uint8ClampedArray<ArrayBuffer> | null;
}) {
  const { size, aspect } = layers;
  // The pane has the image's true aspect (portrait: narrower than the column); every layer fills it, so the
  // squashed square image, masks and saliency are all stretched back by the same factor onto the same box.
  const box = { aspectRatio: String(aspect), width: aspect < 1 ? `${(aspect * 100).toFixed(3)}%` : '100%' };
  return (
    <figure className="viewer-pane">
      <ZoomPane view={view} onView={onView} label={`${label} (scroll to zoom, drag to pan)`} style={box}>
        <div className="layer-stack">
          <LayerCanvas layer="image" size={size} rgba={layers.image} label="chest X-ray" />
          {show.saliency && layers.saliency && (
            <div style={{ opacity: o.saliencyOpacity }} className="layer-wrap"><LayerCanvas layer="saliency" size={size} rgba={layers.saliency} label="saliency heatmap" /></div>
          )}
          {show.truth && layers.truth && (
            <div style={{ opacity: o.truthOpacity }} className="layer-wrap"><LayerCanvas layer="truth" size={size} rgba={layers.truth} label="ground-truth lung mask" /></div>
          )}
          {show.prediction && layers.prediction && (
            <div style={{ opacity: o.predictionOpacity }} className="layer-wrap"><LayerCanvas layer="prediction" size={size} rgba={layers.prediction} label="predicted lung mask" /></div>
          )}
          {compare && <LayerCanvas layer="compare" size={size} rgba={compare} label="lung boundaries of the compared models and the ground truth" />}
        </div>
      </ZoomPane>
      <figcaption>{label}</figcaption>
    </figure>
  );
}

/** What the one combined pane really shows, e.g. "Prediction + saliency (no ground-truth mask)" for a class-only X-ray. */
function combinedCaption(layers: ViewerLayers, o: ViewerOptions): string {
  const parts = [
    o.showTruth && layers.truth ? 'ground truth' : null,
    o.showPrediction && layers.prediction ? 'prediction' : null,
    o.showSaliency && layers.saliency ? 'saliency' : null,
  ].filter((p): p is string => p !== null);
  const text = parts.length > 0 ? parts.join(' + ') : 'X-ray';
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}${o.showTruth && !layers.truth ? ' (no ground-truth mask)' : ''}`;
}

/**
 * `compare`: the boundaries of several models and the ground truth (Compare models); while given, one pane
 * shows the X-ray, the saliency if on, and those boundaries instead of the main model's masks.
 */
export function ImageStage({ layers, o, compare }: { layers: ViewerLayers; o: ViewerOptions; compare?: Uint8ClampedArray<ArrayBuffer> | null }) {
  const [view, setView] = useState<View>(HOME);
  return (
    <div className="viewer-stage">
      <div className="zoom-buttons">
        <button type="button" onClick={() => setView((v) => ({ ...v, zoom: Math.min(16, v.zoom * 1.5) }))} aria-label="Zoom in">+</button>
        <button type="button" onClick={() => setView((v) => (v.zoom / 1.5 <= 1 ? HOME : { ...v, zoom: v.zoom / 1.5 }))} aria-label="Zoom out">−</button>
        <button type="button" onClick={() => setView(HOME)}>Fit</button>
        <span className="zoom-level">{Math.round(view.zoom * 100)} %</span>
      </div>
      <div className={`viewer-panes${o.sideBySide && !compare ? ' side-by-side' : ''}`}>
        {compare ? (
          <Pane layers={layers} o={o} show={{ truth: false, prediction: false, saliency: o.showSaliency }} view={view} onView={setView} label="Compared models and ground truth" compare={compare} />
        ) : o.sideBySide ? (
          <>
            <Pane layers={layers} o={o} show={{ truth: o.showTruth, prediction: false, saliency: false }} view={view} onView={setView} label="Ground truth" />
            <Pane layers={layers} o={o} show={{ truth: false, prediction: o.showPrediction, saliency: o.showSaliency }} view={view} onView={setView} label="Prediction" />
          </>
        ) : (
          <Pane layers={layers} o={o} show={{ truth: o.showTruth, prediction: o.showPrediction, saliency: o.showSaliency }} view={view} onView={setView} label={combinedCaption(layers, o)} />
        )}
      </div>
    </div>
  );
}
