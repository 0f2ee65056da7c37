// The viewer's display options: which layers, mask style and opacities, saliency colormap and clipping,
// SmoothGrad, window/level and side by side. All are store options, so they survive flipping images.
import type { ReactNode } from 'react';
import { COLORMAPS, colormapGradient, type ColormapName } from '../../components/overlay/colormap';
import { useStore } from '../../store';
import { DEFAULT_VIEWER_OPTIONS, SMOOTHGRAD } from '../../store/viewer-slice';

function Slider({ label, value, min, max, step, onChange, format }: {
  label: string; value: number; min: number; max: number; step: number; onChange: (v: number) => void; format?: (v: number) => string;
}) {
  return (
    <label className="viewer-slider">
      <span>{label}</span>
      <input type="range" min={min} max={max} step={step} value={value} onChange={(e) => onChange(Number(e.target.value))} />
      <output>{format ? format(value) : value}</output>
    </label>
  );
}

function Group({ title, children }: { title: string; children: ReactNode }) {
  return (
    <fieldset className="viewer-group">
      <legend>{title}</legend>
      {children}
    </fieldset>
  );
}

const pct = (v: number) => `${Math.round(v * 100)} %`;

export function ViewerControls() {
  const o = useStore((s) => s.viewerOptions);
  const set = useStore((s) => s.setViewerOptions);
  const wl = o.windowLevel;
  return (
    <div className="viewer-controls">
      <Group title="Masks">
        <label><input type="checkbox" checked={o.showPrediction} onChange={(e) => set({ showPrediction: e.target.checked })} /> prediction <span className="swatch swatch-prediction" /></label>
        <label><input type="checkbox" checked={o.showTruth} onChange={(e) => set({ showTruth: e.target.checked })} /> ground truth <span className="swatch swatch-truth" /></label>
        <label>
          style{' '}
          <select value={o.maskStyle} onChange={(e) => set({ maskStyle: e.target.value as 'fill' | 'outline' })}>
            <option value="outline">outline</option>
            <option value="fill">fill</option>
          </select>
        </label>
        <Slider label="prediction opacity" value={o.predictionOpacity} min={0} max={1} step={0.05} onChange={(v) => set({ predictionOpacity: v })} format={pct} />
        <Slider label="truth opacity" value={o.truthOpacity} min={0} max={1} step={0.05} onChange={(v) => set({ truthOpacity: v })} format={pct} />
        <label><input type="checkbox" checked={o.sideBySide} onChange={(e) => set({ sideBySide: e.target.checked })} /> side by side (truth | prediction)</label>
      </Group>
      <Group title="Saliency">
        <label><input type="checkbox" checked={o.showSaliency} onChange={(e) => set({ showSaliency: e.target.checked })} /> heatmap</label>
        <label>
          colormap{' '}
          <select value={o.colormap} onChange={(e) => set({ colormap: e.target.value as ColormapName })}>
            {COLORMAPS.map((c) => <option key={c} value={c}>{c}</option>)}
          </select>
        </label>
        <span className="colormap-legend" style={{ background: colormapGradient(o.colormap) }} aria-hidden="true" />
        <Slider label="opacity" value={o.saliencyOpacity} min={0} max={1} step={0.05} onChange={(v) => set({ saliencyOpacity: v })} format={pct} />
        <Slider label="clip below percentile" value={o.clipLow} min={0} max={98} step={1} onChange={(v) => set({ clipLow: Math.min(v, o.clipHigh - 1) })} />
        <Slider label="saturate above percentile" value={o.clipHigh} min={2} max={100} step={0.5} onChange={(v) => set({ clipHigh: Math.max(v, o.clipLow + 1) })} />
        <label title={`Mean saliency over ${SMOOTHGRAD.samples} copies with Gaussian noise (${pct(SMOOTHGRAD.noise)} of the image range)`}>
          <input type="checkbox" checked={o.smoothGrad} onChange={(e) => set({ smoothGrad: e.target.checked })} /> SmoothGrad ({SMOOTHGRAD.samples} noisy copies)
        </label>
      </Group>
      <Group title="X-ray window">
        <Slider label="level" value={wl.level} min={0} max={255} step={1} onChange={(v) => set({ windowLevel: { ...wl, level: v } })} />
        <Slider label="width" value={wl.window} min={1} max={255} step={1} onChange={(v) => set({ windowLevel: { ...wl, window: v } })} />
        <button type="button" onClick={() => set({ windowLevel: DEFAULT_VIEWER_OPTIONS.windowLevel })}>Reset window</button>
      </Group>
    </div>
  );
}
