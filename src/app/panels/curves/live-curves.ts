// The live run's curves in the run record's naming (`loss/total`, `val/cls/auc`, …), built incrementally from
// the training slice's append-only step points and epoch events: each call converts only what is new. A
// resumed run starts from the curves stored with it, cut at the first live step (points after the last
// checkpoint are trained again and would otherwise appear twice).
import type { CurvePoint } from '../../../platform/storage';
import { epochCurvePoints, mergeCurves, stepCurvePoints } from '../../../platform/training/curves';
import type { StepPoint } from '../../../platform/workers/train.protocol';
import type { EpochEvent } from '../../store/training-slice';

export class LiveCurves {
  readonly curves: Record<string, CurvePoint[]>;
  private steps = 0;
  private epochs = 0;
  private cut = false;

  constructor(
    readonly runId: string,
    stored: Readonly<Record<string, readonly CurvePoint[]>> = {},
  ) {
    this.curves = Object.fromEntries(Object.entries(stored).map(([k, v]) => [k, [...v]]));
    this.cut = Object.keys(stored).length === 0;
  }

  /** Takes in whatever arrived since the last call; returns whether anything did. */
  update(points: readonly StepPoint[], epochs: readonly EpochEvent[]): boolean {
    if (points.length === this.steps && epochs.length === this.epochs) return false;
    const first = points[this.steps];
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
    mergeCurves(this.curves, stepCurvePoints(points.slice(this.steps)));
    for (const e of epochs.slice(this.epochs)) mergeCurves(this.curves, epochCurvePoints(e.epoch, e.step, e.validation, e.score));
    this.steps = points.length;
    this.epochs = epochs.length;
    return true;
  }
}
