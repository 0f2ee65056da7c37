// Headless runner: `npm run experiment -- --config <file.json> --out <dir>`.
// Same core code as the browser worker: loads folders, splits by patient, applies label budgets, trains with
// validation-based model selection, evaluates in-domain and cross-domain, writes metrics.json + the model.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import { variantFeatures } from '../core/config';
import { createRng } from '../core/rng';
import { applyLabelBudget, assignSplits, type PreparedImage } from '../core/data';
import { Trainer, type StepProgress } from '../core/train/loop';
import { assembleTestSet, assembleTrainingSet, describeTrainingSet, type BudgetedRecord } from '../core/train/assemble';
import { evaluateModel, summarizeEvaluation } from '../core/train/evaluate';
import { loadExperimentConfig, type ExperimentConfig } from './experiment-config';
import { loadFolder } from './load-folder';
import { useNodeBackend } from './node-backend';
import { writeModelFolder } from './model-files';

const log = (line: string) => console.log(line);

type Task = 'seg' | 'cls';

/** Loads a task's train folder (and optional test folder) and gives every image a split and budget flags. */
async function loadTask(cfg: ExperimentConfig, task: Task): Promise<BudgetedRecord[]> {
  const trainDir = task === 'seg' ? cfg.data.segTrain : cfg.data.clsTrain;
  const testDir = task === 'seg' ? cfg.data.segTest : cfg.data.clsTest;
  if (!trainDir) return [];
  const S = cfg.run.model.inputSize;
  const rng = createRng(`${cfg.run.seed}/data/${task}`);
  const train = (await loadFolder(path.resolve(cfg.baseDir, trainDir), S, log)).images;
  const test = testDir ? (await loadFolder(path.resolve(cfg.baseDir, testDir), S, log)).images : [];
  const items: PreparedImage[] = [
    // Layout-given splits of the train folder other than val are folded into the pool we split ourselves.
    ...train.map((im) => (im.split === 'val' ? im : { ...im, split: testDir ? ('train' as const) : im.split })),
    ...test.map((im) => ({ ...im, key: `test/${im.key}`, split: 'test' as const })),
  ];
  const split = assignSplits(items, { val: cfg.valFraction, test: testDir ? 0 : cfg.testFraction }, rng.fork('split'));
  const budget = { seg: task === 'seg' ? cfg.budgets.seg : 0, cls: task === 'cls' ? cfg.budgets.cls : 0 };
  return applyLabelBudget(split, budget, rng.fork('budget')).map((im) => {
    const r: BudgetedRecord = { key: im.key, pixels: im.pixels, split: im.split, labeled: im.labeled };
    if (task === 'seg' && im.mask) r.mask = im.mask;
    if (task === 'cls' && im.label !== undefined) r.label = im.label;
    return r;
  });
}

function formatStep(p: StepProgress): string {
  const t = p.terms;
  const fmt = (k: keyof typeof t) => (t[k] === undefined ? '' : ` ${k} ${(t[k] as number).toFixed(4)}`);
  return (
    `step ${p.step + 1}/${p.totalSteps} ep ${p.epoch + 1} lr ${p.learningRate.toExponential(1)} |` +
    `${fmt('total')}${fmt('cls')}${fmt('dice')}${fmt('fixmatch')}${fmt('kl')}${fmt('maskRate')} | ${(p.msPerStep / 1000).toFixed(2)} s/step`
  );
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { config: { type: 'string' }, out: { type: 'string' } } });
  if (!values.config || !values.out) throw new Error('usage: npm run experiment -- --config <file.json> --out <dir>');
  const cfg = await loadExperimentConfig(values.config);
  const out = path.resolve(values.out);
  await mkdir(out, { recursive: true });
  await useNodeBackend(cfg.backend);
  const features = variantFeatures(cfg.run.model.variant);
  const S = cfg.run.model.inputSize;
  log(`MultiMix experiment: variant ${cfg.run.model.variant}, ${S} px, ×${cfg.run.model.widthMultiplier}, M=${cfg.run.batchSize}, seed ${cfg.run.seed}, backend ${tf.getBackend()}`);

  const t0 = performance.now();
  log('loading data');
  const seg = features.seg ? await loadTask(cfg, 'seg') : [];
  const cls = features.cls ? await loadTask(cfg, 'cls') : [];
  const cross = features.seg && cfg.data.crossSegTest ? (await loadFolder(path.resolve(cfg.baseDir, cfg.data.crossSegTest), S, log)).images : [];
  const trainingSet = assembleTrainingSet(S, seg, cls);
  const testSet = assembleTestSet(S, seg, cls);
  log(`train: ${describeTrainingSet(trainingSet)}; test: ${testSet.seg.length} seg, ${testSet.cls.length} cls; cross-domain seg: ${cross.length}`);
  const loadMs = performance.now() - t0;

  const stepTimes: number[] = [];
  const history: Array<Record<string, number>> = [];
  const epochs: unknown[] = [];
  const trainer = new Trainer(cfg.run, trainingSet, {
    onStep: (p) => {
      stepTimes.push(p.msPerStep);
      history.push({ step: p.step, lr: p.learningRate, ms: p.msPerStep, ...p.terms });
      log(formatStep(p));
    },
    onEpoch: (e) => {
      const v = e.validation ? summarizeEvaluation(e.validation) : {};
      epochs.push({ epoch: e.epoch, step: e.step, score: e.score, isBest: e.isBest, ...v });
      log(`epoch ${e.epoch + 1} validation: ${JSON.stringify(v)}${e.isBest ? ' (best so far)' : ''}`);
    },
  });
  const trainStart = performance.now();
  const { state } = await trainer.run();
  const trainMs = performance.now() - trainStart;
  log(`training done: ${state.step} steps in ${(trainMs / 1000).toFixed(1)} s; selected weights from step ${state.bestStep} (score ${state.bestScore.toFixed(4)})`);

  const testEval = await evaluateModel(trainer.model, testSet);
  const metrics: Record<string, unknown> = { ...summarizeEvaluation(testEval) };
  if (cross.length > 0) {
    const crossEval = await evaluateModel(trainer.model, { size: S, cls: [], seg: cross.map((im) => ({ pixels: im.pixels, mask: im.mask as Uint8Array, id: im.key })) });
    metrics.crossSeg = summarizeEvaluation(crossEval).seg;
  }
  // Median after the first step: the first includes kernel compilation / warm-up.
  const steady = stepTimes.length > 1 ? stepTimes.slice(1) : stepTimes;
  const sorted = steady.slice().sort((a, b) => a - b);
  metrics.msPerStep = sorted.length > 0 ? (sorted[Math.floor(sorted.length / 2)] as number) : NaN;
  metrics.steps = state.step;
  metrics.selectedStep = state.bestStep;
  metrics.backend = tf.getBackend();
  metrics.timings = { loadSeconds: loadMs / 1000, trainSeconds: trainMs / 1000, totalSeconds: (performance.now() - t0) / 1000 };
  metrics.config = { ...cfg.run, budgets: cfg.budgets, data: cfg.data };
  metrics.data = {
    labeledSeg: trainingSet.labeledSeg.length, unlabeledSeg: trainingSet.unlabeledSeg.length,
    labeledCls: trainingSet.labeledCls.length, unlabeledCls: trainingSet.unlabeledCls.length,
    valSeg: trainingSet.valSeg.length, valCls: trainingSet.valCls.length,
    testSeg: testSet.seg.length, testCls: testSet.cls.length, crossSeg: cross.length,
  };

  await writeFile(path.join(out, 'metrics.json'), JSON.stringify(metrics, null, 2));
  await writeFile(path.join(out, 'history.json'), JSON.stringify({ steps: history, epochs }, null, 2));
  await writeModelFolder(trainer.model, path.join(out, 'model'));
  log(`test metrics: ${JSON.stringify({ cls: metrics.cls, seg: metrics.seg, crossSeg: metrics.crossSeg })}`);
  log(`wrote ${path.join(out, 'metrics.json')} and ${path.join(out, 'model')}/model.json`);
  trainer.dispose();
  trainer.model.dispose();
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
