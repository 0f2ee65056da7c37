import { describe, expect, it } from 'vitest';
import Papa from 'papaparse';
import { csvFileName, curvesToCsv } from '../../../src/app/panels/runs/csv';

describe('run curves as CSV', () => {
  it('puts step and epoch series on one table, one row per step', () => {
    const csv = curvesToCsv({
      'loss/total': [
        { step: 0, epoch: 0, value: 1.5 },
        { step: 1, epoch: 0, value: 1.25 },
        { step: 2, epoch: 1, value: 1 },
      ],
      'val/dice': [{ step: 2, epoch: 0, value: 0.5 }],
    });
    expect(csv).toBe(['step,epoch,loss/total,val/dice', '0,0,1.5,', '1,0,1.25,', '2,1,1,0.5', ''].join('\n'));
  });

  it('keeps NaN visible and quotes series names with commas', () => {
    const csv = curvesToCsv({ 'odd, "name"': [{ step: 3, epoch: 0, value: Number.NaN }] });
    expect(csv).toBe('step,epoch,"odd, ""name"""\n3,0,NaN\n');
    const parsed = Papa.parse<string[]>(csv).data;
    expect(parsed[0]).toEqual(['step', 'epoch', 'odd, "name"']);
  });

  it('sorts steps numerically whatever order the curves come in', () => {
    const csv = curvesToCsv({ a: [{ step: 10, epoch: 1, value: 1 }, { step: 9, epoch: 0, value: 2 }] });
    expect(csv.split('\n').slice(1)).toEqual(['9,0,2', '10,1,1', '']);
  });

  it('writes only the header for a run without points', () => {
    expect(curvesToCsv({})).toBe('step,epoch\n');
  });

  it('makes safe file names', () => {
    expect(csvFileName('multimix 32px / seed 1')).toBe('multimix_32px_seed_1-curves.csv');
    expect(csvFileName('  ')).toBe('run-curves.csv');
  });
});
