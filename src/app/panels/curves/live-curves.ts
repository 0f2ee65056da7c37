// The live run's curves in the run record's naming (`loss/total`, `val/cls/auc`, …), built incrementally from
// the training slice's step points and epoch events: each call converts only what is new (steps past the last
// one taken in, so the slice may drop old points). A resumed run starts from the curves stored with it, cut at
// the first live step (points after the last checkpoint are trained again and would otherwise appear twice).
// Memory stays bounded however long the run: a series reaching 2 × PLOT_POINTS is min/max-decimated back to
// PLOT_POINTS in place (the plot sees it shrink and redraws).
import type { CurvePoint } from '../../../platform/storage';
import { epochCurvePoints, stepCurvePoints } from '../../../platform/training/curves';
import { mergeCurves } from '../../../platform/storage';
import type { StepPoint } from '../../../platform/workers/train.protocol';
import type { EpochEvent } from '../../store/training-slice';
import { decimateMinMax, PLOT_POINTS } from '../../components/plot/decimate';

export class LiveCurves {
  readonly curves: Record<string, CurvePoint[]>;
  private lastStep = -1;
  private epochs = 0;
  private cut = false;

  constructor(
    readonly runId: string,
    stored: Readonly<Record<string, readonly CurvePoint[]>> = {},
    private readonly maxPoints: number = PLOT_POINTS,
  ) {
    this.curves = Object.fromEntries(Object.entries(stored).map(([k, v]) => [k, decimateMinMax(v, maxPoints)]));
    this.cut = Object.keys(stored).length === 0;
  }

  /** Takes in whatever arrived since the last call (`points` ordered by step); returns whether anything did. */
  update(points: readonly StepPoint[], epochs: readonly EpochEvent[]): boolean {
    let from = points.length;
    while (from > 0 && points[from - 1]!.step > this.lastStep) from--;
    if (from === points.length && epochs.length === this.epochs) return false;
    const fresh = points.slice(from);
    const first = fresh[0];
    if (!this.cut && first) {
      // Stored points from the first live step on are being trained again. Step series count from 0 (step
      // index); validation series record the steps done, so an epoch that ended at `first.step` stays.
      for (const [name, series] of Object.entries(this.curves)) {
        const redo = name.startsWith('val/') ? (p: CurvePoint) => p.step > first.step : (p: CurvePoint) => p.step >= first.step;
        const keep = series.findIndex(redo);
        if (keep >= 0) series.length = keep;
      }
      this.cut = true;
    }
    mergeCurves(this.curves, stepCurvePoints(fresh));
    for (const e of epochs.slice(this.epochs)) mergeCurves(this.curves, epochCurvePoints(e.epoch, e.step, e.validation, e.score));
    for (const series of Object.values(this.curves)) {
      if (series.length >= 2 * this.maxPoints) series.splice(0, series.length, ...decimateMinMax(series, this.maxPoints));
    }
    if (fresh.length > 0) this.lastStep = fresh[fresh.length - 1]!.step;
    this.epochs = epochs.length;
    return true;
  }
}
