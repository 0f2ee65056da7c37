// A run whose datasets were deleted (issue 12): say so, and offer to re-point it to stored datasets so it can be
// resumed — or leave it as a record (its curves and checkpoint stay either way).
import { useState } from 'react';
import { repointRunDatasets, type RunSummary } from '../../../platform/storage';
import { useStore } from '../../store';
import { database, messageOf } from '../../store/services';

export function RepointRun({ run }: { run: RunSummary }) {
  const datasets = useStore((s) => s.datasets);
  const loaded = useStore((s) => s.datasetsLoaded);
  const [open, setOpen] = useState(false);
  const [choice, setChoice] = useState<Record<string, string>>({});
  const ready = datasets.filter((d) => d.status === 'ready');
  const missing = loaded ? [...new Set(run.datasetIds)].filter((id) => !datasets.some((d) => d.id === id)) : [];
  if (missing.length === 0) return null;
  if (!open) {
    return (
      <span className="small" data-testid="run-data-missing">
        {' '}
        data deleted{' '}
        {ready.length > 0 && run.workbench && (
          <button type="button" className="link" onClick={() => setOpen(true)}>
            Re-point…
          </button>
        )}
      </span>
    );
  }
  const role = (id: string) => run.workbench?.datasets.find((u) => u.datasetId === id)?.role ?? 'train';
  const complete = missing.every((id) => choice[id]);
  return (
    <span className="small" data-testid="run-repoint">
      {missing.map((id, i) => (
        <label key={id}>
          {' '}
          {role(id)} dataset {i + 1}:{' '}
          <select value={choice[id] ?? ''} onChange={(e) => setChoice({ ...choice, [id]: e.target.value })}>
            <option value="">choose…</option>
            {ready.map((d) => (
              <option key={d.id} value={d.id}>
                {d.name}
              </option>
            ))}
          </select>
        </label>
      ))}{' '}
      <button
        type="button"
        disabled={!complete}
        onClick={() => {
          void (async () => {
            try {
              await repointRunDatasets(await database(), run.id, choice);
              useStore.getState().notify('info', `Run “${run.name}” now uses the chosen datasets; resuming it continues on them.`);
              setOpen(false);
            } catch (err) {
              useStore.getState().notify('error', `Re-pointing failed: ${messageOf(err)}`);
            }
            await useStore.getState().refreshRuns();
          })();
        }}
      >
        Apply
      </button>{' '}
      <button type="button" onClick={() => setOpen(false)}>
        Keep as a record
      </button>
    </span>
  );
}
