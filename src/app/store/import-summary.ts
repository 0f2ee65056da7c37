// The notice after an import (issue 9): a confirmation (it dismisses itself) when every file was imported; a
// warning (it stays until dismissed) when nothing was imported or files were skipped — the import report
// under the drop zone lists each skipped file with its reason.
import type { ImportReport } from '../../platform/import/protocol';
import type { NoticeKind } from './notices-slice';

export function importSummary(report: Pick<ImportReport, 'datasets' | 'unplaced'>): { kind: NoticeKind; text: string } {
  const images = report.datasets.reduce((n, d) => n + d.imported, 0);
  const skipped = report.datasets.reduce((n, d) => n + d.skipped.length, 0) + report.unplaced.length;
  const text = `Imported ${images} image(s) into ${report.datasets.filter((d) => d.dataset).length} dataset(s); ${skipped} file(s) skipped.`;
  if (images === 0) return { kind: 'warning', text: `${text} Nothing was imported: the import report says why.` };
  return { kind: skipped > 0 ? 'warning' : 'info', text };
}
