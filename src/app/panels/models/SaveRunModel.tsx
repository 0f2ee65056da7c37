// Keeping a training run's weights: pick the run and best/latest, name it, save (to IndexedDB) or export.
import { useState } from 'react';
import type { ModelSource } from '../../../platform/workers/train.protocol';
import { useStore } from '../../store';
import { messageOf } from '../../store/services';
import { ProvenanceBadge, provenanceTag } from '../../components/ProvenanceBadge';

export function SaveRunModel({ onExport, busy }: { onExport: (source: ModelSource) => void; busy: boolean }) {
  const runs = useStore((s) => s.runs);
  const saveRunModel = useStore((s) => s.saveRunModel);
  const notify = useStore((s) => s.notify);
  const [runId, setRunId] = useState<string>('');
  const [which, setWhich] = useState<'best' | 'latest'>('best');
  const [name, setName] = useState('');
  const [saving, setSaving] = useState(false);
  const run = runs.find((r) => r.id === runId) ?? runs[0];
  if (!run) return <p className="hint">Train a run to save its weights as a model.</p>;

  async function save() {
    if (!run) return;
    setSaving(true);
    try {
      const model = await saveRunModel(run.id, name.trim() || `${run.name} (${which})`, which);
      notify('info', `Saved model "${model.name}".`);
      setName('');
    } catch (err) {
      notify('error', `Saving the model failed: ${messageOf(err)}`);
    } finally {
      setSaving(false);
    }
  }

  return (
    <div className="save-run-model">
      <label>
        Run{' '}
        <select value={run.id} onChange={(e) => setRunId(e.target.value)}>
          {runs.map((r) => <option key={r.id} value={r.id}>{r.name}{provenanceTag(r.provenance)}</option>)}
        </select>
        <ProvenanceBadge provenance={run.provenance} />
      </label>
      <label>
        weights{' '}
        <select value={which} onChange={(e) => setWhich(e.target.value as 'best' | 'latest')}>
          <option value="best">best validation epoch</option>
          <option value="latest">latest checkpoint</option>
        </select>
      </label>
      <input type="text" placeholder={`${run.name} (${which})`} value={name} onChange={(e) => setName(e.target.value)} aria-label="Model name" />
      <button type="button" onClick={() => void save()} disabled={saving || busy}>{saving ? 'Saving…' : 'Save as model'}</button>
      <button type="button" onClick={() => onExport({ runId: run.id, which })} disabled={busy}>Export files</button>
    </div>
  );
}
