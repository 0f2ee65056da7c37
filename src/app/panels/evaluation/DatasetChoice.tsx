// Which datasets an evaluation uses and how: the run's own roles (default for a run), or chosen here (needed
// for a saved model, which has no run). "test split" evaluates only the split held out of training.
import type { DatasetRecord } from '../../../platform/storage';
import type { DatasetUse } from '../../../core/workbench-config';

export type EvalUse = 'skip' | 'train' | 'test' | 'cross-domain';

const USE_LABELS: Record<EvalUse, string> = {
  skip: 'not used',
  train: 'in-domain: its test split',
  test: 'in-domain: whole dataset',
  'cross-domain': 'cross-domain: whole dataset',
};

export function defaultUse(d: DatasetRecord): EvalUse {
  return d.domain === 'cross-domain' ? 'cross-domain' : 'train';
}

export function toDatasetUses(choice: Record<string, EvalUse>): DatasetUse[] {
  return Object.entries(choice).flatMap(([datasetId, use]) => (use === 'skip' ? [] : [{ datasetId, role: use }]));
}

export function DatasetChoice({ datasets, choice, onChange }: {
  datasets: DatasetRecord[]; choice: Record<string, EvalUse>; onChange: (next: Record<string, EvalUse>) => void;
}) {
  if (datasets.length === 0) return <p className="hint">No datasets stored: import some in the Data panel.</p>;
  return (
    <table className="eval-datasets">
      <tbody>
        {datasets.map((d) => (
          <tr key={d.id}>
            <td>{d.name}{d.synthetic ? ' (synthetic phantom)' : ''}</td>
            <td>
              <select
                aria-label={`Use of ${d.name}`}
                value={choice[d.id] ?? defaultUse(d)}
                onChange={(e) => onChange({ ...choice, [d.id]: e.target.value as EvalUse })}
              >
                {(Object.keys(USE_LABELS) as EvalUse[]).map((u) => <option key={u} value={u}>{USE_LABELS[u]}</option>)}
              </select>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
