// Issue 9: the notice after an import is a confirmation only when every file went in; "Imported 0 images"
// and skipped files are warnings (they stay until dismissed), not a green success.
import { describe, expect, it } from 'vitest';
import { importSummary } from '../../../src/app/store/import-summary';
import type { DatasetImportResult } from '../../../src/platform/import/protocol';
import type { ImportIssue } from '../../../src/core/data/types';

const issue = { path: 'x/bad.png', reason: 'unreadable' } as unknown as ImportIssue;
const result = (imported: number, skipped: number, stored = imported > 0): DatasetImportResult =>
  ({ dataset: stored ? ({ id: 'd' } as DatasetImportResult['dataset']) : null, name: 'd', imported, skipped: Array(skipped).fill(issue), seconds: 1 });

describe('import summary notice', () => {
  it('every file imported: a confirmation', () => {
    expect(importSummary({ datasets: [result(12, 0)], unplaced: [] })).toEqual({ kind: 'info', text: 'Imported 12 image(s) into 1 dataset(s); 0 file(s) skipped.' });
  });
  it('nothing imported: a warning that says so', () => {
    const n = importSummary({ datasets: [result(0, 3, false)], unplaced: [issue] });
    expect(n.kind).toBe('warning');
    expect(n.text).toMatch(/^Imported 0 image\(s\) into 0 dataset\(s\); 4 file\(s\) skipped\. Nothing was imported/);
    expect(importSummary({ datasets: [], unplaced: [] }).kind).toBe('warning');
  });
  it('some files skipped: a warning', () => {
    expect(importSummary({ datasets: [result(5, 1)], unplaced: [] }).kind).toBe('warning');
    expect(importSummary({ datasets: [result(5, 0)], unplaced: [issue] }).kind).toBe('warning');
  });
});
