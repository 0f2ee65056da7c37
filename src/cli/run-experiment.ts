// One headless run, as a function: `npm run experiment` calls it once, `npm run grid` once per grid cell (with
// a folder cache so each data folder is decoded once per grid). Loads folders and assembles the run with the
// core's `assembleRun` (the browser's policy: validation is always carved from the train folders when they give
// none), trains with validation-based model selection, chooses the decision threshold on validation, evaluates
// in-domain and cross-domain, and writes metrics.json, per-image.json, data-keys.json, history.json and the model.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { variantFeatures } from '../core/config';
import type { PreparedImage } from '../core/data';
import { DEFAULT_IMAGE_SIZE } from '../core/data/prepare';
import { storedToRunSize } from '../core/data/resize';
import { Trainer, type StepProgress } from '../core/train/loop';
import { describeTrainingSet } from '../core/train/assemble';
import { assembleRun, type RunDataset, type RunItem, type RunRole } from '../core/train/run-assembly';
import { evaluateModel, summarizeEvaluation, type EvaluationResult } from '../core/train/evaluate';
import { evaluationBlocks, testBlockWarnings } from '../core/research/run-metrics';
import type { LossTermValues } from '../core/train/step';
import { sslDiagnostics } from '../core/train/ssl-diagnostics';
import { chooseThreshold, DEFAULT_THRESHOLD, type ThresholdChoice } from '../core/stats';
import type { ExperimentConfig } from './experiment-config';
import { loadFolder } from './load-folder';
import { writeModelFolder } from './model-files';
import { datasetContentHash, trainingProvenance, type DatasetProvenance, type TrainingProvenance } from '../core/provenance';

/** Decoded images of a folder at a size; the grid passes a caching one. */
export type FolderLoader = (dir: string, size: number) => Promise<PreparedImage[]>;

export function cachingFolderLoader(log: (line: string) => void): FolderLoader {
  const cache = new Map<string, Promise<PreparedImage[]>>();
  return (dir, size) => {
    const key = `${size}|${dir}`;
    let hit = cache.get(key);
    if (!hit) cache.set(key, (hit = loadFolder(dir, size, log).then((f) => f.images)));
    return hit;
  };
}

/**
 * The run's datasets from the config's folders, by role: train folders `train`, test folders `test`, the
 * cross-domain folders `cross-domain`; only the folders of the heads the variant has.
 */
async function runDatasets(cfg: ExperimentConfig, load: FolderLoader): Promise<{ datasets: RunDataset[]; provenance: TrainingProvenance }> {
  const f = variantFeatures(cfg.run.model.variant);
  const d = cfg.data;
  const wanted: Array<[keyof ExperimentConfig['data'], RunRole, boolean]> = [
    ['segTrain', 'train', f.seg], ['clsTrain', 'train', f.cls], ['segTest', 'test', f.seg], ['clsTest', 'test', f.cls],
    ['crossSegTest', 'cross-domain', f.seg], ['crossClsTest', 'cross-domain', f.cls],
  ];
  const out: RunDataset[] = [];
  const sources: DatasetProvenance[] = [];
  for (const [field, role, used] of wanted) {
    const dir = d[field];
    if (!dir || !used) continue;
    // Decoded to the browser's stored size first, then to the run size by the same function as the app's run
    // data, so a folder gives the same training pixels here as imported into the app (issue 10, item 1).
    const images = await load(path.resolve(cfg.baseDir, dir), DEFAULT_IMAGE_SIZE);
    // The model folder says which folders (and which exact pictures) it was trained and tested on (issue 9).
    sources.push({
      id: field, name: dir, role, synthetic: images.some((im) => im.synthetic === true), images: images.length,
      contentHash: datasetContentHash(images.map((im) => im.contentHash)),
      ...(role === 'cross-domain' ? { domain: 'cross-domain' as const } : {}),
    });
    out.push({
      id: field,
      name: dir,
      role,
      items: images.map((im) => {
        const it: RunItem = { key: im.key, ...storedToRunSize(im.pixels, im.mask, im.size, cfg.run.model.inputSize) };
        if (im.patientId !== undefined) it.patientId = im.patientId;
        if (im.split !== undefined) it.split = im.split;
        if (im.label !== undefined) it.label = im.label;
        return it;
      }),
    });
  }
  return { datasets: out, provenance: trainingProvenance(sources) };
}

export function formatStep(p: StepProgress): string {
  const t = p.terms;
  const fmt = (k: keyof typeof t) => (t[k] === undefined ? '' : ` ${k} ${(t[k] as number).toFixed(4)}`);
  return (
    `step ${p.step + 1}/${p.totalSteps} ep ${p.epoch + 1} lr ${p.learningRate.toExponential(1)} |` +
    `${fmt('total')}${fmt('cls')}${fmt('dice')}${fmt('fixmatch')}${fmt('kl')}${fmt('maskRate')} | ${(p.msPerStep / 1000).toFixed(2)} s/step`
  );
}

export interface RunOptions {
  log: (line: string) => void;
  /** Called after every step (the grid's progress line); the runner's own per-step line goes to `log` unless `quietSteps`. */
  onStep?: (p: StepProgress) => void;
  quietSteps?: boolean;
  load?: FolderLoader;
}

/** Runs one experiment and writes its files into `out`; returns the metrics.json object. */
export async function runExperiment(cfg: ExperimentConfig, out: string, opts: RunOptions): Promise<Record<string, unknown>> {
  const log = opts.log;
  const load = opts.load ?? ((dir: string, size: number) => loadFolder(dir, size, log).then((f) => f.images));
  await mkdir(out, { recursive: true });
  const features = variantFeatures(cfg.run.model.variant);
  const S = cfg.run.model.inputSize;
  log(`MultiMix experiment: variant ${cfg.run.model.variant}, ${S} px, ×${cfg.run.model.widthMultiplier}, M=${cfg.run.batchSize}, seed ${cfg.run.seed}, backend ${tf.getBackend()}`);

  const t0 = performance.now();
  const { datasets, provenance } = await runDatasets(cfg, load);
  const run = assembleRun(datasets, {
    size: S, seed: cfg.run.seed, budgets: cfg.budgets, fractions: { val: cfg.valFraction, test: cfg.testFraction },
  });
  const { training: trainingSet, test: testSet } = run;
  const crossSeg = features.seg ? { size: S, seg: run.crossDomain.seg, cls: [] } : undefined;
  const crossCls = features.cls ? { size: S, seg: [], cls: run.crossDomain.cls } : undefined;
  log(
    `train: ${describeTrainingSet(trainingSet)}; test: ${testSet.seg.length} seg, ${testSet.cls.length} cls; ` +
      `cross-domain: ${run.crossDomain.seg.length} seg, ${run.crossDomain.cls.length} cls` +
      `${run.carved.val ? '; validation carved from train' : ''}${run.carved.test ? '; test carved from train' : ''}`,
  );
  const loadMs = performance.now() - t0;

  const stepTimes: number[] = [];
  const terms: LossTermValues[] = [];
  const history: Array<Record<string, number>> = [];
  const epochs: unknown[] = [];
  let bestValidation: EvaluationResult | undefined;
  const trainer = new Trainer(cfg.run, trainingSet, {
    onStep: (p) => {
      stepTimes.push(p.msPerStep);
      terms.push(p.terms);
      history.push({ step: p.step, lr: p.learningRate, ms: p.msPerStep, ...p.terms });
      if (!opts.quietSteps) log(formatStep(p));
      opts.onStep?.(p);
    },
    onEpoch: (e) => {
      if (e.isBest) bestValidation = e.validation;
      const v = e.validation ? summarizeEvaluation(e.validation) : {};
      epochs.push({ epoch: e.epoch, step: e.step, score: e.score, isBest: e.isBest, ...v });
      if (!opts.quietSteps) log(`epoch ${e.epoch + 1} validation: ${JSON.stringify(v)}${e.isBest ? ' (best so far)' : ''}`);
    },
  });
  const trainStart = performance.now();
  const { state } = await trainer.run();
  const trainMs = performance.now() - trainStart;
  log(`training done: ${state.step} steps in ${(trainMs / 1000).toFixed(1)} s; selected weights from step ${state.bestStep} (score ${state.bestScore.toFixed(4)})`);

  // The decision threshold, chosen on the selected epoch's validation predictions (issue 10, item 7).
  let threshold: ThresholdChoice = { threshold: DEFAULT_THRESHOLD, source: 'default' };
  if (features.cls) {
    const v = bestValidation?.cls;
    threshold = cfg.decisionThreshold === 'youden' && !v ? threshold : chooseThreshold(cfg.decisionThreshold, v?.labels ?? [], v?.probs ?? []);
    log(`decision threshold ${threshold.threshold.toFixed(4)} (${threshold.source}${threshold.j !== undefined ? `, J ${threshold.j.toFixed(3)} on ${threshold.n} validation images` : ''})`);
  }
  const evalOpts = { threshold: threshold.threshold };

  const testEval = await evaluateModel(trainer.model, testSet, evalOpts);
  const crossSegEval = crossSeg && crossSeg.seg.length > 0 ? await evaluateModel(trainer.model, crossSeg, evalOpts) : undefined;
  const crossClsEval = crossCls && crossCls.cls.length > 0 ? await evaluateModel(trainer.model, crossCls, evalOpts) : undefined;
  const blocks = evaluationBlocks({ test: testEval, ...(crossSegEval ? { crossSeg: crossSegEval } : {}), ...(crossClsEval ? { crossCls: crossClsEval } : {}) });
  const metrics: Record<string, unknown> = blocks.metrics;
  const perImage = blocks.perImage;
  // Median after the first step: the first includes kernel compilation / warm-up.
  const steady = stepTimes.length > 1 ? stepTimes.slice(1) : stepTimes;
  const sorted = steady.slice().sort((a, b) => a - b);
  metrics.msPerStep = sorted.length > 0 ? (sorted[Math.floor(sorted.length / 2)] as number) : NaN;
  metrics.steps = state.step;
  metrics.selectedStep = state.bestStep;
  if (features.cls) metrics.threshold = threshold;
  const ssl = sslDiagnostics(terms, cfg.run.loss, cfg.run.batchSize);
  if (ssl) metrics.ssl = ssl;
  metrics.backend = tf.getBackend();
  metrics.timings = { loadSeconds: loadMs / 1000, trainSeconds: trainMs / 1000, totalSeconds: (performance.now() - t0) / 1000 };
  metrics.config = { ...cfg.run, budgets: cfg.budgets, data: cfg.data, decisionThreshold: cfg.decisionThreshold };
  metrics.data = {
    labeledSeg: trainingSet.labeledSeg.length, unlabeledSeg: trainingSet.unlabeledSeg.length,
    labeledCls: trainingSet.labeledCls.length, unlabeledCls: trainingSet.unlabeledCls.length,
    valSeg: trainingSet.valSeg.length, valCls: trainingSet.valCls.length,
    testSeg: testSet.seg.length, testCls: testSet.cls.length,
    crossSeg: crossSeg?.seg.length ?? 0, crossCls: crossCls?.cls.length ?? 0,
  };
  const warnings = testBlockWarnings(metrics, ssl?.warning);
  if (trainingSet.valSeg.length + trainingSet.valCls.length === 0) warnings.push('no validation images: no model selection, last weights used');
  metrics.warnings = warnings;

  await writeFile(path.join(out, 'per-image.json'), JSON.stringify(perImage));
  // What the run used, image by image, so a re-run can be checked against it even if a folder changes.
  await writeFile(path.join(out, 'data-keys.json'), JSON.stringify(run.keys));
  await writeFile(path.join(out, 'history.json'), JSON.stringify({ steps: history, epochs }, null, 2));
  // The model file carries what it was trained with and how it scored on held-out data (issue 9, item 8), so a
  // shipped model (public/example/) states its own provenance: `runConfig` is what the app's model import reads.
  await writeModelFolder(trainer.model, path.join(out, 'model'), {
    provenance,
    runConfig: cfg.run,
    ...(features.cls ? { decisionThreshold: threshold } : {}),
    experiment: { budgets: cfg.budgets, data: cfg.data, steps: state.step, selectedStep: state.bestStep, counts: metrics.data },
    testMetrics: { cls: metrics.cls, seg: metrics.seg, crossSeg: metrics.crossSeg, crossCls: metrics.crossCls, warnings },
  });
  // metrics.json last: its presence marks a finished run (the grid skips those on a re-run).
  await writeFile(path.join(out, 'metrics.json'), JSON.stringify(metrics, null, 2));
  log(`test metrics: ${JSON.stringify({ cls: metrics.cls, seg: metrics.seg, crossSeg: metrics.crossSeg, crossCls: metrics.crossCls })}`);
  for (const w of warnings) log(`warning: ${w}`);
  log(`wrote ${path.join(out, 'metrics.json')} and ${path.join(out, 'model')}/model.json`);
  trainer.dispose();
  trainer.model.dispose();
  return metrics;
}
