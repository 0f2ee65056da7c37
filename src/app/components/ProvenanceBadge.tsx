// The one mark of what a model or run was trained on (issue 9, item 6), used in every list that names runs or
// models: runs table, models list, the viewer's / evaluation's model picker. Phantom-trained → a warning badge;
// no record (runs and models stored before provenance existed, foreign model files) → "provenance unknown",
// never silence; real data → a quiet badge. The tooltip lists the training datasets (core/provenance.ts).
import { describeProvenance, provenanceKind, type TrainingProvenance } from '../../core/provenance';
import type { ModelSource } from '../../platform/workers/train.protocol';
import { useStore } from '../store';
import './provenance.css';

const TEXT = { synthetic: 'phantom-trained', unknown: 'provenance unknown', real: 'real data' } as const;

/** The badge's words for places that cannot hold an element (a `<select>` option, a plot legend). */
export function provenanceTag(p: TrainingProvenance | undefined): string {
  const kind = provenanceKind(p);
  return kind === 'synthetic' ? ' ⚠ phantom-trained' : kind === 'unknown' ? ' (provenance unknown)' : '';
}

export function ProvenanceBadge({ provenance }: { provenance: TrainingProvenance | undefined }) {
  const kind = provenanceKind(provenance);
  const tip = describeProvenance(provenance);
  return (
    <span className={`provenance-badge ${kind}`} title={tip} aria-label={`${TEXT[kind]}. ${tip}`} data-testid="provenance-badge" data-kind={kind}>
      {kind === 'synthetic' ? '⚠ ' : ''}
      {TEXT[kind]}
    </span>
  );
}

/** What the model behind `source` was trained on, from the store's lists (`known` false: nothing chosen or listed yet). */
export function useSourceProvenance(source: ModelSource | null): { known: boolean; provenance: TrainingProvenance | undefined } {
  // The run or saved model itself: a stable reference out of the store's lists, so no re-render per store change.
  const holder = useStore((s) =>
    !source ? undefined : 'modelId' in source ? s.savedModels.find((m) => m.id === source.modelId) : s.runs.find((r) => r.id === source.runId),
  );
  return { known: holder !== undefined, provenance: holder?.provenance };
}
