// The one run assembly shared by the browser and `npm run experiment` (issue 10, item 1).
import { describe, expect, it } from 'vitest';
import { assembleRun, assembleRunFromKeys, type RunDataset, type RunItem } from '../../../src/core/train/run-assembly';
import { assembleRunData, type LoadedDataset } from '../../../src/platform/training/run-data';
import { defaultWorkbenchConfig } from '../../../src/core/workbench-config';
import type { DatasetRecord, ImageRecord } from '../../../src/platform/storage/schema';

const S = 16;
const px = (k: number) => Uint8Array.from({ length: S * S }, (_, i) => (i + k * 13) % 256);
const mask = Uint8Array.from({ length: S * S }, (_, i) => (i % S < S / 2 ? 255 : 0));

function seg(n: number, split?: (i: number) => RunItem['split']): RunItem[] {
  return Array.from({ length: n }, (_, i) => ({ key: `s${i}`, pixels: px(i), mask, patientId: `p${i}`, ...(split?.(i) ? { split: split(i) } : {}) }));
}
function cls(n: number): RunItem[] {
  return Array.from({ length: n }, (_, i) => ({ key: `c${i}`, pixels: px(100 + i), label: (i % 2) as 0 | 1 }));
}
const opts = { size: S, seed: 4, budgets: { seg: 3, cls: 6 }, fractions: { val: 0.1, test: 0.2 } };

describe('assembleRun', () => {
  it('carves validation from the train datasets when a test dataset is given (the runner used to validate on nothing)', () => {
    const run = assembleRun(
      [{ id: 'segTrain', role: 'train', items: seg(40) }, { id: 'clsTrain', role: 'train', items: cls(40) }, { id: 'segTest', role: 'test', items: seg(5) }],
      opts,
    );
    expect(run.carved).toEqual({ val: true, test: false });
    expect(run.training.valSeg.length).toBe(4);
    expect(run.training.valCls.length).toBe(4);
    expect(run.test.seg.map((s) => s.id)).toEqual(['segTest/s0', 'segTest/s1', 'segTest/s2', 'segTest/s3', 'segTest/s4']);
    expect([run.training.labeledSeg.length, run.training.labeledCls.length]).toEqual([3, 6]);
    expect(run.training.unlabeledSeg.length).toBe(36 - 3);
    expect(run.keys.valSeg).toEqual(run.training.valSeg.map((s) => s.id));
    // No image is in two sets.
    const all = [...run.keys.labeledSeg, ...run.keys.unlabeledSeg, ...run.keys.valSeg, ...run.keys.testSeg];
    expect(new Set(all).size).toBe(all.length);
  });

  it('keeps given val and test splits; carves test too when there is none; reproducible from the seed', () => {
    const given = assembleRun([{ id: 'd', role: 'train', items: seg(20, (i) => (i < 2 ? 'val' : i < 5 ? 'test' : 'train')) }], opts);
    expect(given.carved).toEqual({ val: false, test: false });
    expect(given.keys.valSeg).toEqual(['d/s0', 'd/s1']);
    expect(given.keys.testSeg).toEqual(['d/s2', 'd/s3', 'd/s4']);
    const ds: RunDataset[] = [{ id: 'd', role: 'train', items: seg(30, () => 'train') }];
    const a = assembleRun(ds, opts);
    expect(a.carved).toEqual({ val: true, test: true });
    expect([a.keys.valSeg.length, a.keys.testSeg.length]).toEqual([3, 6]);
    expect(assembleRun(ds, opts).keys).toEqual(a.keys);
    expect(assembleRun(ds, { ...opts, seed: 5 }).keys).not.toEqual(a.keys);
  });

  it('names the dataset and image of a wrong-sized image', () => {
    expect(() => assembleRun([{ id: 'x', name: 'lungs', role: 'train', items: [{ key: 'bad', pixels: new Uint8Array(3) }] }], opts)).toThrow(
      /image "bad" of dataset "lungs" is not 16×16/,
    );
  });

  it('the browser adapter gives exactly the sets the core gives the runner for the same images, config and seed', () => {
    const items = [...seg(24, (i) => (i % 7 === 0 ? 'val' : 'train')), ...cls(24)];
    const loaded: LoadedDataset = {
      dataset: { id: 'ds1', name: 'mixed', imageSize: S, synthetic: false } as unknown as DatasetRecord,
      role: 'train',
      images: items.map((it) => ({
        image: { key: it.key, split: it.split, label: it.label, hasMask: it.mask !== undefined, patientId: it.patientId } as unknown as ImageRecord,
        pixels: it.pixels,
        ...(it.mask ? { mask: it.mask } : {}),
      })),
    };
    const c = defaultWorkbenchConfig([{ datasetId: 'ds1', role: 'train' }], 'wasm');
    const config = { ...c, budgets: opts.budgets, run: { ...c.run, seed: opts.seed, model: { ...c.run.model, inputSize: S } } };
    const browser = assembleRunData(config, [loaded]);
    const core = assembleRun([{ id: 'ds1', role: 'train', items }], { ...opts, fractions: { val: 0.1, test: 0.2 } });
    expect(browser.keys).toEqual(core.keys);
    expect(browser.training.labeledSeg.map((s) => Array.from(s.pixels))).toEqual(core.training.labeledSeg.map((s) => Array.from(s.pixels)));
  });

  describe('a run rebuilt from the keys it recorded', () => {
    const datasets: RunDataset[] = [
      { id: 'seg', role: 'train', items: seg(30) }, { id: 'cls', role: 'train', items: cls(30) },
      { id: 'extra', role: 'unlabeled', items: cls(4) }, { id: 'shenzhen', role: 'cross-domain', items: seg(5) },
    ];
    const original = assembleRun(datasets, opts);
    const sets = (r: ReturnType<typeof assembleRun>) => ({ training: r.training, test: r.test, crossDomain: r.crossDomain });

    it('equals the original sets, sample for sample and in order (withheld labels and stripped unlabeled data too)', () => {
      const again = assembleRunFromKeys(datasets, original.keys, S);
      expect(sets(again)).toEqual(sets(original));
      expect(again.training.unlabeledCls.some((x) => x.id?.startsWith('extra/') && x.withheldLabel === undefined)).toBe(true);
      expect(again.training.unlabeledCls.some((x) => x.id?.startsWith('cls/') && x.withheldLabel !== undefined)).toBe(true);
    });

    it('still equals them after the datasets were edited (images added, splits changed); a fresh assembly does not', () => {
      // Roles are part of the run's stored config, so a resume reads the datasets with the roles it started with.
      const edited: RunDataset[] = [
        { id: 'seg', role: 'train', items: [...seg(30, (i) => (i < 6 ? 'val' : 'train')), ...seg(40).slice(30)] },
        { id: 'cls', role: 'train', items: cls(36) }, ...datasets.slice(2),
      ];
      expect(assembleRun(edited, opts).keys).not.toEqual(original.keys);
      expect(sets(assembleRunFromKeys(edited, original.keys, S))).toEqual(sets(original));
    });

    it('names the images that are gone or lost their mask', () => {
      const gone: RunDataset[] = [{ ...datasets[0]!, items: seg(30).slice(1) }, ...datasets.slice(1)];
      const lostKey = original.keys.labeledSeg[0]!.split('/')[1]!;
      const noMask: RunDataset[] = [{ ...datasets[0]!, items: seg(30).map((it) => (it.key === lostKey ? { key: it.key, pixels: it.pixels } : it)) }, ...datasets.slice(1)];
      expect(() => assembleRunFromKeys(gone, original.keys, S)).toThrow(/1 images this run used are gone from its datasets \(seg\/s0\)/);
      expect(() => assembleRunFromKeys(noMask, original.keys, S)).toThrow(new RegExp(`lost the supervision their set needs: seg/${lostKey} \\(no mask\\)`));
    });
  });
});
