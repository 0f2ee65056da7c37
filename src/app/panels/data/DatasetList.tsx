// The stored datasets, or, when there are none, a one-click synthetic demo dataset.
import { SYNTHETIC_LABEL } from '../../../platform/import/defaults';
import { useStore } from '../../store';
import { DatasetCard } from './DatasetCard';

export function DatasetList() {
  const datasets = useStore((s) => s.datasets);
  const loaded = useStore((s) => s.datasetsLoaded);
  const generating = useStore((s) => s.generatingPhantom);
  const createPhantom = useStore((s) => s.createPhantom);
  const hasPhantom = datasets.some((d) => d.synthetic);

  return (
    <div className="datasets" data-testid="dataset-list">
      <h3>Stored datasets</h3>
      {!loaded && <p className="muted">Opening browser storage…</p>}
      {loaded && datasets.length === 0 && <p>No datasets yet. Drop some X-rays above, or start with synthetic phantoms.</p>}
      <ul className="dataset-cards">
        {datasets.map((d) => (
          <DatasetCard key={d.id} dataset={d} />
        ))}
      </ul>
      {loaded && !hasPhantom && (
        <button type="button" disabled={generating} onClick={() => void createPhantom()} data-testid="create-phantom">
          {generating ? 'Generating phantoms…' : `Add a demo dataset: ${SYNTHETIC_LABEL}`}
        </button>
      )}
      {generating && hasPhantom && <p className="muted">Generating phantoms…</p>}
    </div>
  );
}
