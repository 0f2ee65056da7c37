// The one table of stored runs: what each was, how far it got, the validation metrics of its best epoch, test
// metrics on request (evaluated by the inference worker with the best weights); CSV export, resume (a run left
// by a closed tab or stopped) and delete.
import { useState } from 'react';
import { formatMetric } from '../../../core/metrics';
import type { RunSummary } from '../../../platform/storage';
import type { EvaluationSummary } from '../../../platform/workers/train.protocol';
import { messageOf } from '../../store/services';
import { useStore } from '../../store';
import { csvFileName, curvesToCsv } from './csv';
import { bestValidation, TEST_COLUMNS, VAL_COLUMNS } from './run-metrics';
import { downloadFile } from '../../components/download-file';
import { RepointRun } from './RepointRun';
import { ProvenanceBadge } from '../../components/ProvenanceBadge';
import { liveRunOpen, storedRunView } from '../../store/run-status';

type TestState = { status: 'running' } | { status: 'done'; summary: EvaluationSummary } | { status: 'failed'; message: string };

export function RunTable({ runs, selected, onToggle }: { runs: readonly RunSummary[]; selected: ReadonlySet<string>; onToggle(id: string): void }) {
  const [tests, setTests] = useState<Record<string, TestState>>({});
  const evaluateModel = useStore((s) => s.evaluateModel);
  const runCurves = useStore((s) => s.runCurves);
  const notify = useStore((s) => s.notify);
  const resumableRunIds = useStore((s) => s.resumableRunIds);
  const elsewhereRunIds = useStore((s) => s.elsewhereRunIds);
  const live = useStore((s) => s.live);
  const allRuns = useStore((s) => s.runs);
  const resumeRun = useStore((s) => s.resumeRun);
  const deleteRun = useStore((s) => s.deleteRun);
  const busy = liveRunOpen(live);
  // Status, steps and Resume per row: run-status.ts, the same derivation as the Train panel and the run-control bar.
  const sources = { live, runs: allRuns, resumableRunIds, elsewhereRunIds };

  const downloadCsv = async (run: RunSummary) => {
    try {
      downloadFile(new Blob([curvesToCsv(await runCurves(run.id))], { type: 'text/csv' }), csvFileName(run.name));
    } catch (err) {
      notify('error', `Exporting the curves failed: ${messageOf(err)}`);
    }
  };

  const runTest = async (runId: string) => {
    setTests((t) => ({ ...t, [runId]: { status: 'running' } }));
    try {
      const answer = await evaluateModel({ runId }, ['test']);
      const summary = answer.evaluations.find((e) => e.role === 'test')?.summary ?? {};
      setTests((t) => ({ ...t, [runId]: { status: 'done', summary } }));
    } catch (err) {
      setTests((t) => ({ ...t, [runId]: { status: 'failed', message: messageOf(err) } }));
    }
  };

  return (
    <div className="runs-table-wrap">
      <table className="runs-table" data-testid="runs-compare-table">
        <thead>
          <tr>
            <th aria-label="Overlay" />
            <th>Run</th>
            <th>Status</th>
            <th>Steps</th>
            <th title="Validation metrics of the best epoch (model selection)">Best val: score</th>
            {VAL_COLUMNS.map((c) => (
              <th key={c.key} title={c.metric.description}>{c.metric.short}</th>
            ))}
            <th title="Test split of the train datasets + test datasets, best weights">Test</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {runs.map((run) => {
            const best = bestValidation(run.validation);
            const test = tests[run.id];
            const m = run.config.model;
            const view = storedRunView(run, sources);
            return (
              <tr key={run.id} data-run-id={run.id}>
                <td>
                  <input type="checkbox" checked={selected.has(run.id)} onChange={() => onToggle(run.id)} aria-label={`Overlay ${run.name}`} />
                </td>
                <td>
                  <div>{run.name}<ProvenanceBadge provenance={run.provenance} /></div>
                  <div className="muted small">
                    {m.variant} · {m.inputSize} px · ×{m.widthMultiplier} · M {run.config.batchSize}
                    {run.backend ? ` · ${run.backend}` : ''}
                  </div>
                </td>
                <td title={run.error} data-testid="run-status" data-state={view.state}>
                  {view.label}
                  <RepointRun run={run} />
                </td>
                <td data-testid="run-steps">
                  {view.step} / {view.totalSteps ?? '—'}
                </td>
                <td>{best ? `${formatMetric(best.score)} (epoch ${best.epoch + 1})` : '—'}</td>
                {VAL_COLUMNS.map((c) => (
                  <td key={c.key}>{formatMetric(best?.metrics[c.key], c.metric.id)}</td>
                ))}
                <td className="small">
                  {test?.status === 'done' ? (
                    TEST_COLUMNS.filter((c) => test.summary[c.metric.task]?.[c.key] !== undefined)
                      .map((c) => `${c.metric.short} ${formatMetric(test.summary[c.metric.task]?.[c.key], c.key)}`)
                      .join(' · ') || 'no test images'
                  ) : test?.status === 'failed' ? (
                    <span className="field-error">{test.message}</span>
                  ) : (
                    <button type="button" disabled={test?.status === 'running'} onClick={() => void runTest(run.id)}>
                      {test?.status === 'running' ? 'Testing…' : 'Test'}
                    </button>
                  )}
                </td>
                <td className="run-actions">
                  <button type="button" onClick={() => void downloadCsv(run)}>
                    CSV
                  </button>
                  {view.canResume && (
                    <button type="button" data-testid="run-resume" disabled={busy} onClick={() => resumeRun(run.id)}>
                      Resume
                    </button>
                  )}
                  <button
                    type="button"
                    className="danger"
                    disabled={(live?.runId === run.id && busy) || view.state === 'elsewhere'}
                    onClick={() => {
                      if (confirm(`Delete run "${run.name}" and its checkpoint?`)) void deleteRun(run.id);
                    }}
                  >
                    Delete
                  </button>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
