// One stored dataset: name (renamable), provenance, domain tag, counts, thumbnails, splits and
// budgets, export and delete. Synthetic datasets say so in words, not just a flag.
import { useState } from 'react';
import { SYNTHETIC_LABEL } from '../../../platform/import/defaults';
import { DOMAIN_TAGS, type DatasetRecord, type DomainTag } from '../../../platform/storage';
import { useStore } from '../../store';
import { AssignmentControls } from './AssignmentControls';
import { DatasetCounts } from './DatasetCounts';
import { DatasetThumbnails } from './DatasetThumbnails';

function NameEditor({ dataset }: { dataset: DatasetRecord }) {
  const rename = useStore((s) => s.renameDataset);
  const [editing, setEditing] = useState(false);
  const [name, setName] = useState(dataset.name);
  if (!editing) {
    return (
      <div className="dataset-title">
        <h4 data-testid="dataset-name">{dataset.name}</h4>
        <button type="button" className="link" onClick={() => (setName(dataset.name), setEditing(true))}>
          Rename
        </button>
      </div>
    );
  }
  return (
    <form
      className="dataset-title"
      onSubmit={(e) => {
        e.preventDefault();
        void rename(dataset.id, name).then((ok) => ok && setEditing(false));
      }}
    >
      <input aria-label="New name" value={name} autoFocus onChange={(e) => setName(e.currentTarget.value)} />
      <button type="submit">Save</button>
      <button type="button" onClick={() => setEditing(false)}>
        Cancel
      </button>
    </form>
  );
}

/** Runs (and models saved from them) that name this dataset: deleting it leaves them without their data. */
function useDatasetUsers(datasetId: string): { runs: string[]; training: string[]; models: string[] } {
  const runs = useStore((s) => s.runs);
  const models = useStore((s) => s.savedModels);
  const elsewhere = useStore((s) => s.elsewhereRunIds);
  const live = useStore((s) => s.live);
  const using = runs.filter((r) => r.datasetIds.includes(datasetId));
  const ids = new Set(using.map((r) => r.id));
  const active = (id: string) => elsewhere.includes(id) || (live?.runId === id && (live.status === 'running' || live.status === 'paused' || live.status === 'loading'));
  return {
    runs: using.map((r) => r.name),
    training: using.filter((r) => active(r.id)).map((r) => r.name),
    models: models.filter((m) => m.runId !== undefined && ids.has(m.runId)).map((m) => m.name),
  };
}

const names = (list: string[]) => list.map((n) => `“${n}”`).join(', ');

function DeleteButton({ dataset }: { dataset: DatasetRecord }) {
  const remove = useStore((s) => s.deleteDataset);
  const [confirming, setConfirming] = useState(false);
  const users = useDatasetUsers(dataset.id);
  if (!confirming) {
    return (
      <button type="button" className="danger" onClick={() => setConfirming(true)}>
        Delete…
      </button>
    );
  }
  const inUse = users.runs.length + users.models.length > 0;
  return (
    <span className="confirm" role="group" aria-label="Confirm delete" data-testid="delete-confirm">
      Delete “{dataset.name}” and its {dataset.counts.images} images from this browser?{' '}
      {inUse && (
        <strong data-testid="delete-in-use">
          It is used by {users.runs.length > 0 && <>run{users.runs.length > 1 ? 's' : ''} {names(users.runs)}</>}
          {users.runs.length > 0 && users.models.length > 0 && ' and '}
          {users.models.length > 0 && <>saved model{users.models.length > 1 ? 's' : ''} {names(users.models)}</>}.{' '}
          {users.training.length > 0 && <>{names(users.training)} {users.training.length > 1 ? 'are' : 'is'} training now. </>}
          Their records, curves and checkpoints stay, but they can no longer be resumed or evaluated on this dataset.{' '}
        </strong>
      )}
      <button type="button" className="danger" onClick={() => void remove(dataset.id)}>
        {inUse ? 'Delete anyway' : 'Yes, delete'}
      </button>
      <button type="button" onClick={() => setConfirming(false)}>
        Keep it
      </button>
    </span>
  );
}

export function DatasetCard({ dataset }: { dataset: DatasetRecord }) {
  const setDomain = useStore((s) => s.setDomain);
  const exportDataset = useStore((s) => s.exportDataset);
  const exporting = useStore((s) => s.exporting);
  const mine = exporting?.datasetId === dataset.id;
  return (
    <li className={`dataset-card${dataset.synthetic ? ' synthetic' : ''}`} data-testid="dataset-card" data-dataset-id={dataset.id} data-layout={dataset.layout}>
      {dataset.synthetic && (
        <p className="synthetic-banner" data-testid="synthetic-banner">
          {SYNTHETIC_LABEL}
        </p>
      )}
      <NameEditor dataset={dataset} />
      <p className="muted small">
        {dataset.layout} · from {dataset.source} · imported {new Date(dataset.created).toLocaleString()}
      </p>
      <label className="domain">
        Domain{' '}
        <select aria-label="Domain tag" value={dataset.domain} onChange={(e) => void setDomain(dataset.id, e.currentTarget.value as DomainTag)}>
          {DOMAIN_TAGS.map((d) => (
            <option key={d} value={d}>
              {d}
            </option>
          ))}
        </select>
      </label>
      <DatasetCounts dataset={dataset} />
      <DatasetThumbnails dataset={dataset} />
      <AssignmentControls key={dataset.updated} dataset={dataset} />
      <div className="actions">
        <button type="button" disabled={exporting !== null} onClick={() => void exportDataset(dataset.id)} data-testid="export-dataset">
          {mine ? `Exporting… ${exporting?.progress ? `${exporting.progress.done}/${exporting.progress.total}` : ''}` : 'Export as zip'}
        </button>
        <DeleteButton dataset={dataset} />
      </div>
    </li>
  );
}
