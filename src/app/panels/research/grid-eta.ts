// Where the grid's ETA comes from: before a grid starts, the backend measurement (ms of a small step on the
// active backend, store/backend-choice.ts) scaled by FLOPs; while a cell trains, that cell's own recent
// ms/step (measured), scaled the same way for cells of another setting.
import type { BackendName } from '../../../core/config';
import { cellConfig, estimateRemainingMs, type MeasuredStep } from '../../../core/research/grid-plan';
import { measureStepConfig } from '../../../core/train/step-flops';
import type { GridRecord } from '../../../platform/storage';
import type { LiveRun } from '../../store/training-slice';
import { useStore } from '../../store';

/** The active backend's measured small step, or null before a measurement. */
export function useMeasuredStep(): { backend: BackendName; step: MeasuredStep } | null {
  const active = useStore((s) => s.backend.active);
  const m = useStore((s) => s.backendMeasurement);
  const t = m?.timings.find((x) => x.backend === active && x.msPerStep !== undefined && Number.isFinite(x.msPerStep));
  if (!active || !t) return null;
  return { backend: active, step: { msPerStep: t.msPerStep!, config: measureStepConfig() } };
}

/**
 * Milliseconds left for a grid while it trains, from the running cell's measured ms/step; null when no cell
 * of it is training in this tab or before its first steps.
 */
export function measuredGridEta(g: GridRecord, live: LiveRun | null): number | null {
  const running = g.cells.find((c) => c.status === 'running');
  if (!running || !live || live.runId !== running.runId || !(live.msPerStep > 0)) return null;
  const measured: MeasuredStep = { msPerStep: live.msPerStep, config: cellConfig(g.spec, running).run };
  return estimateRemainingMs(g.spec, g.cells, measured, live.step);
}
