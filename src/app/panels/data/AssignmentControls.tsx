// Seeded train/val/test splits and label budgets for one dataset (the inputs MultiMix training needs).
import { useState } from 'react';
import type { LabelCount } from '../../../core/data/types';
import { CLS_BUDGETS, SEG_BUDGETS } from '../../../platform/import/defaults';
import type { DatasetRecord } from '../../../platform/storage';
import { useStore } from '../../store';

const parseBudget = (v: string): LabelCount => (v === 'all' ? 'all' : Number(v));

export function AssignmentControls({ dataset }: { dataset: DatasetRecord }) {
  const apply = useStore((s) => s.applyAssignment);
  const busy = useStore((s) => s.assigning.includes(dataset.id));
  const a = dataset.assignment;
  const [seed, setSeed] = useState(String(a.seed));
  const [val, setVal] = useState(String(Math.round(a.fractions.val * 100)));
  const [test, setTest] = useState(String(Math.round(a.fractions.test * 100)));
  const [seg, setSeg] = useState<LabelCount>(a.budget.seg);
  const [cls, setCls] = useState<LabelCount>(a.budget.cls);

  const seedN = Number(seed);
  const valN = Number(val) / 100;
  const testN = Number(test) / 100;
  const problem = !Number.isInteger(seedN)
    ? 'Seed must be a whole number.'
    : !(valN >= 0 && testN >= 0 && valN + testN < 1)
      ? 'Val % and test % must be ≥ 0 and leave some images for training.'
      : null;
  const canSegment = dataset.counts.withMask > 0;
  const canClassify = dataset.counts.byClass.normal + dataset.counts.byClass.pneumonia > 0;

  return (
    <form
      className="assignment"
      onSubmit={(e) => {
        e.preventDefault();
        if (!problem) void apply(dataset.id, { seed: seedN, fractions: { val: valN, test: testN }, budget: { seg, cls } });
      }}
    >
      <label>
        Seed <input type="number" step={1} value={seed} onChange={(e) => setSeed(e.currentTarget.value)} className="num" />
      </label>
      <label title={a.splitsFromLayout ? 'Images in the layout’s own val/test folders keep their split.' : undefined}>
        Val % <input type="number" min={0} max={90} value={val} onChange={(e) => setVal(e.currentTarget.value)} className="num" />
      </label>
      <label>
        Test % <input type="number" min={0} max={90} value={test} onChange={(e) => setTest(e.currentTarget.value)} className="num" />
      </label>
      <label>
        Seg labels{' '}
        <select value={String(seg)} disabled={!canSegment} onChange={(e) => setSeg(parseBudget(e.currentTarget.value))} aria-label="Segmentation label budget">
          {SEG_BUDGETS.map((b) => (
            <option key={b} value={String(b)}>
              {b}
            </option>
          ))}
        </select>
      </label>
      <label>
        Class labels{' '}
        <select value={String(cls)} disabled={!canClassify} onChange={(e) => setCls(parseBudget(e.currentTarget.value))} aria-label="Classification label budget">
          {CLS_BUDGETS.map((b) => (
            <option key={b} value={String(b)}>
              {b}
            </option>
          ))}
        </select>
      </label>
      <button type="submit" disabled={busy || problem !== null}>
        {busy ? 'Applying…' : 'Apply splits & budget'}
      </button>
      {problem && <span className="field-error">{problem}</span>}
    </form>
  );
}
