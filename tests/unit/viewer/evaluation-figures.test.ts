// The evaluation view's figures from a real EvaluationResult of the core (a small untrained model on phantoms).
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withDefaults } from '../../../src/core/config';
import { generatePhantoms } from '../../../src/core/data';
import { MultiMixModel } from '../../../src/core/model';
import { createRng } from '../../../src/core/rng';
import { evaluateModel, type EvaluationResult } from '../../../src/core/train/evaluate';
import type { RoleEvaluation } from '../../../src/platform/workers/train.protocol';
import { formatMetric } from '../../../src/core/metrics';
import { confusionCells, diceBoxTraces, metricRows, rocTraces } from '../../../src/app/panels/evaluation/figures';

const S = 32;
let inDomain: EvaluationResult;
let cross: EvaluationResult;

beforeAll(async () => {
  await tf.setBackend('cpu');
  const model = MultiMixModel.create({ ...withDefaults().model, variant: 'multimix', inputSize: S, widthMultiplier: 0.25 }, 7);
  const phantoms = (seed: number, count: number) =>
    generatePhantoms({ count, size: S }, createRng(seed)).map((p) => ({ pixels: p.pixels, mask: p.mask, label: p.label, id: p.key }));
  const a = phantoms(1, 6);
  const b = phantoms(2, 4);
  inDomain = await evaluateModel(model, { size: S, cls: a, seg: a });
  cross = await evaluateModel(model, { size: S, cls: [], seg: b });
  model.dispose();
  // A model on the cpu backend: seconds alone, but past vitest's default 10 s hook limit on a loaded machine.
}, 120_000);

afterAll(() => tf.disposeVariables());

function role(r: RoleEvaluation['role'], result: EvaluationResult): RoleEvaluation {
  return { role: r, datasetIds: [r], result, summary: {} };
}

describe('evaluation figures', () => {
  it('puts each metric of each set side by side, with — for a head a set lacks', () => {
    const rows = metricRows([role('test', inDomain), role('cross-domain', cross)]);
    const get = (head: string, key: string) => rows.find((r) => r.head === head && r.key === key);
    expect(get('cls', 'acc')?.values).toEqual([inDomain.cls?.acc, null]);
    expect(get('cls', 'auc')?.values[0]).toBe(inDomain.cls?.auc);
    expect(get('seg', 'dice')?.values).toEqual([inDomain.seg?.dice, cross.seg?.dice]);
    expect(get('seg', 'n')?.values).toEqual([6, 4]);
    expect(get('seg', 'hd')?.higherIsBetter).toBe(false);
    expect(rows.map((r) => r.key)).toEqual(['acc', 'f1Normal', 'f1Abnormal', 'auc', 'n', 'dice', 'jaccard', 'ssim', 'hd', 'hdMax', 'precision', 'recall', 'n']);
    expect(formatMetric(null, 'acc')).toBe('—');
    expect(formatMetric(NaN, 'auc')).toBe('n/a');
    expect(formatMetric(0.12345, 'dice')).toBe('0.123');
    expect(formatMetric(6, 'n')).toBe('6');
  });

  it('draws the ROC of each classifying set plus the chance line', () => {
    const traces = rocTraces([role('test', inDomain), role('cross-domain', cross)]) as Array<{ x: number[]; y: number[]; name: string }>;
    expect(traces).toHaveLength(2);
    expect(traces[0]?.x).toEqual(inDomain.cls?.roc.fpr);
    expect(traces[0]?.y).toEqual(inDomain.cls?.roc.tpr);
    expect(traces[0]?.name).toMatch(/^In-domain test \(AUC (\d\.\d{3}|n\/a)\)$/);
    expect(traces[1]?.name).toBe('chance');
  });

  it('box-plots the finite per-image Dice of each segmenting set with the image ids', () => {
    const boxes = diceBoxTraces([role('test', inDomain), role('cross-domain', cross)]) as Array<{ y: number[]; text: string[] }>;
    expect(boxes).toHaveLength(2);
    const finite = (r: EvaluationResult) => (r.seg?.perImage.dice ?? []).filter(Number.isFinite);
    expect(boxes[0]?.y).toEqual(finite(inDomain));
    expect(boxes[1]?.y).toEqual(finite(cross));
    expect(boxes[0]?.text).toHaveLength(boxes[0]?.y.length ?? -1);
  });

  it('confusion cells are counts with row shares', () => {
    const cm = inDomain.cls?.confusion;
    expect(cm).toBeDefined();
    const cells = confusionCells(cm!);
    expect(cells[0]?.cells.map((c) => c.count)).toEqual([cm!.tn, cm!.fp]);
    expect(cells[1]?.cells.map((c) => c.count)).toEqual([cm!.fn, cm!.tp]);
    expect(confusionCells({ tn: 3, fp: 1, fn: 0, tp: 0 })[0]?.cells[0]?.share).toBe(0.75);
    expect(confusionCells({ tn: 3, fp: 1, fn: 0, tp: 0 })[1]?.cells[0]?.share).toBeNaN();
  });
});
