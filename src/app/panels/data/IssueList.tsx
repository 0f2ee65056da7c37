// Skipped files with their reasons: every one of them, counted by reason in the summary line.
import type { ImportIssue } from '../../../core/data/types';

export function IssueList({ issues, open = false, testId }: { issues: readonly ImportIssue[]; open?: boolean; testId?: string }) {
  if (issues.length === 0) return <p className="muted">No files skipped.</p>;
  const counts = new Map<string, number>();
  for (const i of issues) counts.set(i.code, (counts.get(i.code) ?? 0) + 1);
  return (
    <details className="issues" open={open} data-testid={testId}>
      <summary>
        {issues.length} file(s) skipped ({[...counts.entries()].map(([code, n]) => `${code}: ${n}`).join(', ')})
      </summary>
      <table className="issue-table">
        <thead>
          <tr>
            <th>File</th>
            <th>Reason</th>
            <th>Details</th>
          </tr>
        </thead>
        <tbody>
          {issues.map((i, n) => (
            <tr key={`${n}-${i.path}`} data-issue-code={i.code} data-issue-path={i.path}>
              <td className="path">{i.path}</td>
              <td>
                <code>{i.code}</code>
              </td>
              <td>{i.message}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}
