// Turns growing named series (`loss/total` → [{step, epoch, value}, …]) into Plotly traces and, as points
// arrive, into the extendTraces payloads for only the new points. Each series is drawn twice, TensorBoard
// style: the raw values faint, the debiased EMA solid. The EMA is causal, so it is carried forward point
// by point; changing the smoothing rebuilds the traces from scratch.
import type { CurvePoint } from '../../../platform/storage';
import { DebiasedEma } from './ema';

export interface SeriesSpec {
  /** Key in the curves record (`loss/fixmatch`). */
  name: string;
  /** Legend text. */
  label: string;
  color: string;
  /** Plot against a second y-axis on the right (a quantity of another scale). */
  rightAxis?: boolean;
  /** false: never smoothed (a step schedule, where an average only blurs the steps). */
  smooth?: boolean;
}

export type XAxis = 'step' | 'epoch';

export interface TraceData {
  name: string;
  x: number[];
  y: number[];
  color: string;
  /** The faint raw trace (not in the legend) or the smoothed one. */
  raw: boolean;
  rightAxis: boolean;
}

export interface Extension {
  indices: number[];
  x: number[][];
  y: number[][];
}

type Curves = Readonly<Record<string, readonly CurvePoint[] | undefined>>;

export class SeriesTracker {
  private plotted: number[] = [];
  private emas: DebiasedEma[] = [];

  /** smoothing = EMA β in [0, 1); 0 draws only the raw values. */
  constructor(
    readonly specs: readonly SeriesSpec[],
    readonly smoothing: number,
    readonly xAxis: XAxis = 'step',
  ) {}

  private get smoothed(): boolean {
    return this.smoothing > 0;
  }

  /** Traces for everything in `curves` now; later calls to `extend` add what arrives after. */
  traces(curves: Curves): TraceData[] {
    this.plotted = this.specs.map(() => 0);
    this.emas = this.specs.map((spec) => new DebiasedEma(spec.smooth === false ? 0 : this.smoothing));
    const out: TraceData[] = [];
    this.specs.forEach((s, i) => {
      const p = this.newPoints(i, curves[s.name] ?? []);
      const rightAxis = s.rightAxis ?? false;
      out.push({ name: s.label, x: p.x, y: p.raw, color: s.color, raw: this.smoothed, rightAxis });
      if (this.smoothed) out.push({ name: s.label, x: [...p.x], y: p.ema, color: s.color, raw: false, rightAxis });
    });
    return out;
  }

  /**
   * The new points since the last call, as an extendTraces payload; null when nothing is new, 'reset' when a
   * series got shorter (a new run replaced the live points), which needs a full redraw.
   */
  extend(curves: Curves): Extension | null | 'reset' {
    const ext: Extension = { indices: [], x: [], y: [] };
    const per = this.smoothed ? 2 : 1;
    for (let i = 0; i < this.specs.length; i++) {
      const points = curves[this.specs[i]!.name] ?? [];
      if (points.length < this.plotted[i]!) return 'reset';
      if (points.length === this.plotted[i]) continue;
      const p = this.newPoints(i, points);
      ext.indices.push(i * per);
      ext.x.push(p.x);
      ext.y.push(p.raw);
      if (this.smoothed) {
        ext.indices.push(i * per + 1);
        ext.x.push(p.x);
        ext.y.push(p.ema);
      }
    }
    return ext.indices.length > 0 ? ext : null;
  }

  private newPoints(i: number, points: readonly CurvePoint[]): { x: number[]; raw: number[]; ema: number[] } {
    const fresh = points.slice(this.plotted[i]);
    this.plotted[i] = points.length;
    // Epochs are shown counted from 1 (the first completed epoch), steps as their 0-based index.
    const x = fresh.map((p) => (this.xAxis === 'step' ? p.step : p.epoch + 1));
    const raw = fresh.map((p) => (Number.isFinite(p.value) ? p.value : Number.NaN));
    const ema = this.smoothed ? raw.map((v) => this.emas[i]!.push(v)) : [];
    return { x, raw, ema };
  }
}
