// Which model the viewer and the evaluation run: a training run's best-validation or latest weights, or a
// saved model. Shared by both panels through the store's `viewerSource`. With nothing chosen yet, the newest
// run (else the newest saved model) is picked, so opening the viewer after training just works.
import { useEffect, useId } from 'react';
import type { ModelSource } from '../../../platform/workers/train.protocol';
import { EXAMPLE_MODEL_ID, EXAMPLE_MODEL_NAME } from '../../../platform/example/example-assets';
import { useStore } from '../../store';
import { sourceKey } from '../../store/viewer-slice';
import { ProvenanceBadge, provenanceTag, useSourceProvenance } from '../../components/ProvenanceBadge';

export interface ModelOption {
  key: string;
  label: string;
  source: ModelSource;
}

/** Every model the viewer can run: each run's best and latest weights, then the saved models (kept fresh). */
export function useModelOptions(): ModelOption[] {
  const runs = useStore((s) => s.runs);
  const models = useStore((s) => s.savedModels);
  const refreshModels = useStore((s) => s.refreshModels);
  const refreshRuns = useStore((s) => s.refreshRuns);

  useEffect(() => {
    void refreshModels();
    void refreshRuns();
  }, [refreshModels, refreshRuns]);

  return [
    ...runs.flatMap((r) => [
      { key: sourceKey({ runId: r.id, which: 'best' }), label: `${r.name} — best epoch${provenanceTag(r.provenance)}`, source: { runId: r.id, which: 'best' as const } },
      { key: sourceKey({ runId: r.id, which: 'latest' }), label: `${r.name} — latest checkpoint${provenanceTag(r.provenance)}`, source: { runId: r.id, which: 'latest' as const } },
    ]),
    ...models.map((m) => ({ key: sourceKey({ modelId: m.id }), label: `${m.name} (saved model, ${m.config.variant})${provenanceTag(m.provenance)}`, source: { modelId: m.id } })),
    // Shipped with the app (public/example/), never stored; last, so a run or saved model is the default.
    { key: sourceKey({ modelId: EXAMPLE_MODEL_ID }), label: `${EXAMPLE_MODEL_NAME} — example, research use only`, source: { modelId: EXAMPLE_MODEL_ID } },
  ];
}

export function ModelSourcePicker() {
  const id = useId();
  const source = useStore((s) => s.viewerSource);
  const setSource = useStore((s) => s.setViewerSource);
  const options = useModelOptions();
  const chosen = useSourceProvenance(source);

  useEffect(() => {
    if (source === null && options[0]) setSource(options[0].source);
    // Only the first option matters for the default.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [source, options[0]?.key, setSource]);

  const current = sourceKey(source);
  return (
    <label className="model-source" htmlFor={id}>
      Model{' '}
      <select
        id={id}
        value={options.some((o) => o.key === current) ? current : ''}
        onChange={(e) => setSource(options.find((o) => o.key === e.target.value)?.source ?? null)}
      >
        {options.length === 0 && <option value="">No model yet: train a run or import one</option>}
        {options.length > 0 && !options.some((o) => o.key === current) && <option value="">Choose a model…</option>}
        {options.map((o) => (
          <option key={o.key} value={o.key}>
            {o.label}
          </option>
        ))}
      </select>
      {chosen.known && <ProvenanceBadge provenance={chosen.provenance} />}
    </label>
  );
}
