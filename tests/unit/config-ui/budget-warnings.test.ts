import { describe, expect, it } from 'vitest';
import { withDefaults, type Variant } from '../../../src/core/config';
import { unlabeledWarnings } from '../../../src/app/panels/config/BudgetFields';
import type { WorkbenchRunConfig } from '../../../src/core/workbench-config';

const config = (variant: Variant, seg: number | 'all', cls: number | 'all', unlabeledDataset = false): WorkbenchRunConfig => ({
  run: withDefaults({ model: { variant } }),
  budgets: { seg, cls },
  datasets: [{ datasetId: 'a', role: 'train' }, ...(unlabeledDataset ? [{ datasetId: 'b', role: 'unlabeled' as const }] : [])],
  backend: 'auto',
  checkpointEverySteps: 0,
});

describe('label budget warnings', () => {
  it('warns when "all" leaves the semi-supervised terms without unlabeled images', () => {
    const w = unlabeledWarnings(config('multimix', 'all', 'all'));
    expect(w.cls).toMatch(/^With "all", no classification image is left unlabeled for FixMatch/);
    expect(w.seg).toMatch(/KL term has nothing to compare/);
    expect(unlabeledWarnings(config('umtl-ssl', 'all', 'all'))).toEqual({ cls: w.cls });
  });

  it('is quiet with budgets, an unlabeled dataset, or a supervised variant', () => {
    expect(unlabeledWarnings(config('multimix', 10, 100))).toEqual({});
    expect(unlabeledWarnings(config('multimix', 'all', 'all', true))).toEqual({});
    expect(unlabeledWarnings(config('umtl', 'all', 'all'))).toEqual({});
  });
});
