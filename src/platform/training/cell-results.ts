// The test results of one finished grid cell (issue 10, item 5), computed in the training worker from what
// IndexedDB holds: the run's best-validation weights, its own datasets and label budget (assembled again with
// the core's `assembleRun`, the same sets the run trained and validated on), the decision threshold chosen on
// validation (Youden's J, as `npm run experiment` does), the in-domain and cross-domain test blocks with
// per-image values (core/research/run-metrics.ts, the CLI's one home) and what the SSL terms did
// (core/train/ssl-diagnostics.ts from the stored per-step curves).
import { variantFeatures } from '../../core/config';
import { evaluateModel } from '../../core/train/evaluate';
import { evaluationBlocks, testBlockWarnings } from '../../core/research/run-metrics';
import { sslDiagnostics } from '../../core/train/ssl-diagnostics';
import { chooseThreshold, DEFAULT_THRESHOLD, type ThresholdChoice } from '../../core/stats';
import { LOSS_TERMS, type LossTermValues } from '../../core/train/step';
import type { CellResult } from '../../core/research/grid-plan';
import { upgradeWorkbenchConfig } from '../../core/workbench-config';
import type { WorkbenchDatabase } from '../storage/db';
import { getRunCurves, getRunSummary } from '../storage/runs';
import type { CurvePoint } from '../storage/schema';
import { loadRunData } from './load-run-data';
import { modelFor } from './model-source';
import { RunDataError } from './run-data';
import { termCurve, TRAIN_CURVES } from './curves';

const EVAL_BATCH = 8;

/** Every step's loss terms back from the stored curves (one point per step and term). */
function termsFromCurves(curves: Record<string, CurvePoint[]>): LossTermValues[] {
  const byStep = new Map<number, LossTermValues>();
  for (const term of LOSS_TERMS) {
    for (const p of curves[termCurve(term)] ?? []) {
      const t = byStep.get(p.step) ?? { total: NaN };
      t[term] = p.value;
      byStep.set(p.step, t);
    }
  }
  return [...byStep.entries()].sort((a, b) => a[0] - b[0]).map(([, t]) => t);
}

/** metrics.json + per-image.json of a finished run, in the shape of the headless runner's. */
export async function cellResults(db: WorkbenchDatabase, runId: string): Promise<CellResult> {
  const run = await getRunSummary(db, runId);
  if (!run) throw new RunDataError(`run ${runId} no longer exists`);
  if (!run.workbench) throw new RunDataError(`run "${run.name}" has no dataset roles to evaluate with`);
  const config = upgradeWorkbenchConfig(run.workbench);
  const features = variantFeatures(config.run.model.variant);
  const { model } = await modelFor(db, { runId, which: 'best' });
  const data = await loadRunData(db, config);
  const size = config.run.model.inputSize;

  let threshold: ThresholdChoice = { threshold: DEFAULT_THRESHOLD, source: 'default' };
  if (features.cls && data.training.valCls.length > 0) {
    const v = await evaluateModel(model, { size, seg: [], cls: data.training.valCls }, { batchSize: EVAL_BATCH });
    if (v.cls) threshold = chooseThreshold('youden', v.cls.labels, v.cls.probs);
  }
  const opts = { batchSize: EVAL_BATCH, threshold: threshold.threshold };
  const test = await evaluateModel(model, data.test, opts);
  const crossSeg = features.seg && data.crossDomain.seg.length > 0 ? await evaluateModel(model, { size, seg: data.crossDomain.seg, cls: [] }, opts) : undefined;
  const crossCls = features.cls && data.crossDomain.cls.length > 0 ? await evaluateModel(model, { size, seg: [], cls: data.crossDomain.cls }, opts) : undefined;
  const { metrics, perImage } = evaluationBlocks({ test, ...(crossSeg ? { crossSeg } : {}), ...(crossCls ? { crossCls } : {}) });

  const curves = await getRunCurves(db, runId);
  const steps = curves[TRAIN_CURVES.loss('total')]?.length ?? run.step ?? 0;
  const ms = (curves[TRAIN_CURVES.msPerStep] ?? []).slice(1).map((p) => p.value).sort((a, b) => a - b);
  metrics.steps = run.step ?? steps;
  metrics.msPerStep = ms.length > 0 ? ms[Math.floor(ms.length / 2)] : NaN;
  metrics.selectedStep = run.bestStep ?? -1;
  if (features.cls) metrics.threshold = threshold;
  const ssl = sslDiagnostics(termsFromCurves(curves), config.run.loss, config.run.batchSize);
  if (ssl) metrics.ssl = ssl;
  metrics.backend = run.backend;
  metrics.config = { ...config.run, budgets: config.budgets, decisionThreshold: 'youden' };
  metrics.data = { ...data.summary };
  metrics.warnings = testBlockWarnings(metrics, ssl?.warning);
  return { metrics, perImage };
}
