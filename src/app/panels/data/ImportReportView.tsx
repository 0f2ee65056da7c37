// After an import: per dataset, what went in and every file that was skipped, with its reason.
import { useStore } from '../../store';
import { IssueList } from './IssueList';

export function ImportReportView() {
  const report = useStore((s) => s.importReport);
  const dismiss = useStore((s) => s.dismissImport);
  if (!report) return null;
  return (
    <div className="import-box" data-testid="import-report" data-rate={report.imagesPerSecond.toFixed(1)}>
      <h3>Import finished</h3>
      <ul className="report">
        {report.datasets.map((d, i) => (
          <li key={d.dataset?.id ?? `none-${i}`} data-testid="report-dataset" data-imported={d.imported} data-skipped={d.skipped.length}>
            <p>
              <strong>{d.name}</strong>:{' '}
              {d.dataset ? `${d.imported} image(s) imported in ${d.seconds.toFixed(1)} s` : 'nothing imported (every file was skipped), so no dataset was created'}
            </p>
            <IssueList issues={d.skipped} open={d.skipped.length > 0 && d.skipped.length <= 30} testId="report-issues" />
          </li>
        ))}
      </ul>
      {report.unplaced.length > 0 && (
        <>
          <h4>Other skipped files (recognised, but nothing in them could be imported)</h4>
          <IssueList issues={report.unplaced} open testId="report-unplaced" />
        </>
      )}
      <button type="button" onClick={dismiss} data-testid="close-report">
        Close report
      </button>
    </div>
  );
}
