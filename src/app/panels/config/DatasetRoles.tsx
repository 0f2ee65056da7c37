// Which stored dataset plays which part in the run. "unused" = not in the config's dataset list.
import type { DatasetRecord } from '../../../platform/storage';
import { DATASET_ROLES, type DatasetRole, type WorkbenchRunConfig } from '../../../core/workbench-config';
import { SYNTHETIC_LABEL } from '../../../platform/import/defaults';

const ROLE_HELP: Record<DatasetRole | 'unused', string> = {
  train: 'train split trains (within the label budgets), val split validates, test split tests',
  unlabeled: 'every image feeds only the unlabeled streams',
  validation: 'the whole dataset validates (model selection)',
  test: 'the whole dataset is a test set',
  'cross-domain': 'the whole dataset is a cross-domain test set',
  unused: 'not used in this run',
};

export function DatasetRoles({ config, datasets, datasetsLoaded, onChange }: {
  config: WorkbenchRunConfig;
  datasets: readonly DatasetRecord[];
  /** Only then can a dataset of the config be known to be missing. */
  datasetsLoaded: boolean;
  onChange(next: WorkbenchRunConfig): void;
}) {
  // A config from another browser (a shared link) names datasets this one does not have: list them so they
  // can be removed, or Start and export would stay blocked by a problem the table could not show.
  const missing = datasetsLoaded ? config.datasets.filter((u) => !datasets.some((d) => d.id === u.datasetId)) : [];
  const roleOf = (id: string): DatasetRole | 'unused' => config.datasets.find((d) => d.datasetId === id)?.role ?? 'unused';
  const setRole = (datasetId: string, role: DatasetRole | 'unused') => {
    const rest = config.datasets.filter((d) => d.datasetId !== datasetId);
    onChange({ ...config, datasets: role === 'unused' ? rest : [...rest, { datasetId, role }] });
  };
  return (
    <fieldset className="config-group config-datasets" data-field="datasets">
      <legend>Datasets</legend>
      {datasets.length === 0 && missing.length === 0 ? (
        <p className="muted small">No datasets stored yet: add some in the Data panel.</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th>Dataset</th>
              <th>Images</th>
              <th>Role</th>
            </tr>
          </thead>
          <tbody>
            {datasets.map((d) => (
              <tr key={d.id} data-dataset-id={d.id}>
                <td>
                  {d.name}
                  {d.synthetic && !d.name.includes(SYNTHETIC_LABEL) && <span className="muted small"> ({SYNTHETIC_LABEL})</span>}
                </td>
                <td className="small">
                  {d.counts.images} · {d.counts.withMask} masks · {d.counts.byClass.normal + d.counts.byClass.pneumonia} labels
                </td>
                <td>
                  <select aria-label={`Role of ${d.name}`} value={roleOf(d.id)} title={ROLE_HELP[roleOf(d.id)]}
                    onChange={(e) => setRole(d.id, e.currentTarget.value as DatasetRole | 'unused')}>
                    {[...DATASET_ROLES, 'unused' as const].map((r) => (
                      <option key={r} value={r} title={ROLE_HELP[r]}>
                        {r}
                      </option>
                    ))}
                  </select>
                </td>
              </tr>
            ))}
            {missing.map((u) => (
              <tr key={u.datasetId} className="missing-dataset" data-missing-dataset-id={u.datasetId}>
                <td className="field-error">Not stored in this browser: {u.datasetId}</td>
                <td />
                <td>
                  {u.role}{' '}
                  <button type="button" className="link" onClick={() => setRole(u.datasetId, 'unused')}>
                    Remove
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </fieldset>
  );
}
