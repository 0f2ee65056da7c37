// Saved models: keep a run's weights as a named model (IndexedDB, the storage module's `models` store),
// export any model as TF.js files (downloads://: <name>.json + <name>.weights.bin, the config inside), import
// such files (also the ones `npm run experiment` writes), and list / delete / view saved models.
import { useEffect, useRef, useState } from 'react';
import { formatMetric } from '../../../core/metrics';
import type { ModelSource } from '../../../platform/workers/train.protocol';
import { downloadModelFiles, modelNameFromFiles, readModelFiles } from '../../../platform/models/model-files';
import { useStore } from '../../store';
import { messageOf } from '../../store/services';
import { EXAMPLE_DISCLAIMER } from '../../../platform/example/example-assets';
import { SaveRunModel } from './SaveRunModel';
import { ProvenanceBadge } from '../../components/ProvenanceBadge';
import './models.css';

/** The example model's held-out test metrics (model.json metadata), headline ones first. */
function exampleMetrics(meta: { testMetrics?: { cls?: Record<string, number>; seg?: Record<string, number> } }): Record<string, number> {
  const cls = meta.testMetrics?.cls ?? {};
  const seg = meta.testMetrics?.seg ?? {};
  const out: Record<string, number> = {};
  for (const [k, v] of [['acc', cls.acc], ['auc', cls.auc], ['dice', seg.dice], ['hd', seg.hd]] as const) if (v !== undefined) out[k] = v;
  return out;
}

function formatMetrics(m: Record<string, number>): string {
  return Object.entries(m)
    .filter(([, v]) => Number.isFinite(v))
    .map(([k, v]) => `${k} ${formatMetric(v, k)}`)
    .join(' · ');
}

export function ModelsPanel() {
  const models = useStore((s) => s.savedModels);
  const exportStoredModel = useStore((s) => s.exportModel);
  const importModel = useStore((s) => s.importModel);
  const deleteSavedModel = useStore((s) => s.deleteSavedModel);
  const setViewerSource = useStore((s) => s.setViewerSource);
  const example = useStore((s) => s.exampleModel);
  const loadExampleModel = useStore((s) => s.loadExampleModel);
  const startFineTuning = useStore((s) => s.startFineTuning);
  const running = useStore((s) => s.live !== null && (s.live.status === 'running' || s.live.status === 'loading' || s.live.status === 'paused'));
  useEffect(() => {
    void loadExampleModel();
  }, [loadExampleModel]);
  const notify = useStore((s) => s.notify);
  const fileInput = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function guarded(what: string, body: () => Promise<void>) {
    setBusy(what);
    setError(null);
    try {
      await body();
    } catch (err) {
      setError(`${what} failed: ${messageOf(err)}`);
    } finally {
      setBusy(null);
    }
  }

  const exportModel = (source: ModelSource) =>
    guarded('Export', async () => {
      const answer = await exportStoredModel(source);
      const files = await downloadModelFiles(answer.name, answer.artifacts);
      notify('info', `Model exported as ${files.join(' + ')} (saved by the browser into your downloads).`);
    });

  const importFiles = (files: File[]) =>
    guarded('Import', async () => {
      const artifacts = await readModelFiles(files);
      const model = await importModel(modelNameFromFiles(files), artifacts);
      setViewerSource({ modelId: model.id });
      notify('info', `Imported model "${model.name}" (${model.config.variant}, ${model.config.inputSize} px).`);
    });

  return (
    <section className="panel models-panel" aria-labelledby="models-panel-title">
      <div className="panel-head">
        <h2 id="models-panel-title">Models</h2>
      </div>
      <SaveRunModel onExport={(source) => void exportModel(source)} busy={busy !== null} />
      <div className="models-import">
        <button type="button" onClick={() => fileInput.current?.click()} disabled={busy !== null}>Import model files…</button>
        <input
          ref={fileInput}
          type="file"
          multiple
          accept=".json,.bin"
          hidden
          data-testid="model-file-input"
          onChange={(e) => {
            const files = Array.from(e.target.files ?? []);
            e.target.value = '';
            if (files.length > 0) void importFiles(files);
          }}
        />
        <span className="hint">Choose model.json together with its weights .bin file (TensorFlow.js format).</span>
      </div>
      {busy && <p className="hint" role="status">{busy}…</p>}
      {error && <p className="field-error" role="alert">{error}</p>}
      {example && (
        <table className="example-model-list" data-testid="example-model">
          <tbody>
            <tr data-model-id={example.id}>
              <td>{example.name} <span className="badge-example">example</span></td>
              <td>{example.config.variant}, {example.config.inputSize} px, width ×{example.config.widthMultiplier}</td>
              <td className="metrics" title="Held-out test split of the run that trained it (model.json metadata)">
                held-out test: {formatMetrics(exampleMetrics(example.metadata)) || '—'}
                {example.metadata.testMetrics?.cls?.n !== undefined && ` (${example.metadata.testMetrics.cls.n} images)`}
              </td>
              <td className="actions">
                <button type="button" onClick={() => setViewerSource({ modelId: example.id })}>View</button>
                <button type="button" onClick={() => void exportModel({ modelId: example.id })} disabled={busy !== null}>Export</button>
                <button
                  type="button"
                  disabled={running}
                  title="A training run that starts from these weights, on your datasets with a training role; the configuration adopts the model's architecture"
                  onClick={() => void startFineTuning({ modelId: example.id }, example.config, example.name)}
                >
                  Fine-tune
                </button>
              </td>
            </tr>
            <tr><td colSpan={4} className="hint">{EXAMPLE_DISCLAIMER}. Shipped with the app (public/example/), not stored in this browser.</td></tr>
          </tbody>
        </table>
      )}
      {models.length === 0 ? (
        <p className="hint">No saved models yet.</p>
      ) : (
        <table className="models-list">
          <thead>
            <tr><th>Name</th><th>Model</th><th>Saved</th><th>Metrics</th><th /></tr>
          </thead>
          <tbody>
            {models.map((m) => (
              <tr key={m.id} data-model-id={m.id}>
                <td>{m.name}<ProvenanceBadge provenance={m.provenance} /></td>
                <td>{m.config.variant}, {m.config.inputSize} px, width ×{m.config.widthMultiplier}</td>
                <td>{new Date(m.created).toLocaleString()}</td>
                <td className="metrics">{formatMetrics(m.metrics) || '—'}</td>
                <td className="actions">
                  <button type="button" onClick={() => setViewerSource({ modelId: m.id })}>View</button>
                  <button type="button" onClick={() => void exportModel({ modelId: m.id })} disabled={busy !== null}>Export</button>
                  <button type="button" disabled={running} onClick={() => void startFineTuning({ modelId: m.id }, m.config, m.name)}>Fine-tune</button>
                  <button type="button" onClick={() => window.confirm(`Delete the saved model "${m.name}"?`) && void deleteSavedModel(m.id)}>Delete</button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
