// The evaluation view: run the chosen model over the held-out sets (in the inference worker, beside training) and show the
// paper's metrics for in-domain test vs cross-domain side by side, with ROC, confusion and Dice plots.
import { useState } from 'react';
import type { RoleEvaluation } from '../../../platform/workers/train.protocol';
import { useStore } from '../../store';
import { messageOf } from '../../store/services';
import { ModelSourcePicker } from '../viewer/ModelSourcePicker';
import { DatasetChoice, defaultUse, toDatasetUses, type EvalUse } from './DatasetChoice';
import { EvaluationResults } from './EvaluationResults';
import './evaluation.css';

export function EvaluationPanel() {
  const source = useStore((s) => s.viewerSource);
  const datasets = useStore((s) => s.datasets);
  const evaluateModel = useStore((s) => s.evaluateModel);
  const [ownRoles, setOwnRoles] = useState(false);
  const [choice, setChoice] = useState<Record<string, EvalUse>>({});
  const [running, setRunning] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [result, setResult] = useState<{ evaluations: RoleEvaluation[]; ms: number; synthetic: boolean } | null>(null);

  const isSavedModel = source !== null && 'modelId' in source;
  const chooseHere = isSavedModel || ownRoles;

  async function evaluate() {
    if (!source) return;
    const full = Object.fromEntries(datasets.map((d) => [d.id, choice[d.id] ?? defaultUse(d)]));
    const uses = chooseHere ? toDatasetUses(full) : undefined;
    if (uses && uses.length === 0) {
      setError('Choose at least one dataset to evaluate on.');
      return;
    }
    const roles = uses
      ? ([uses.some((u) => u.role !== 'cross-domain') ? 'test' : null, uses.some((u) => u.role === 'cross-domain') ? 'cross-domain' : null].filter(Boolean) as RoleEvaluation['role'][])
      : (['test', 'cross-domain'] as const).slice();
    setRunning(true);
    setError(null);
    try {
      const answer = await evaluateModel(source, roles, uses);
      const used = new Set(answer.evaluations.flatMap((e) => e.datasetIds));
      const evaluations = answer.evaluations.filter((e) => e.result.cls || e.result.seg);
      if (evaluations.length === 0) throw new Error('The chosen datasets gave no test or cross-domain images for this model.');
      setResult({ evaluations, ms: answer.ms, synthetic: datasets.some((d) => used.has(d.id) && d.synthetic) });
    } catch (err) {
      setError(messageOf(err));
    } finally {
      setRunning(false);
    }
  }

  return (
    <section className="panel evaluation-panel" aria-labelledby="evaluation-panel-title">
      <div className="panel-head">
        <h2 id="evaluation-panel-title">Evaluation</h2>
        <ModelSourcePicker />
      </div>
      {!isSavedModel && (
        <label className="eval-own-roles">
          <input type="checkbox" checked={ownRoles} onChange={(e) => setOwnRoles(e.target.checked)} /> choose the datasets here instead of the run's test / cross-domain roles
        </label>
      )}
      {chooseHere && <DatasetChoice datasets={datasets} choice={choice} onChange={setChoice} />}
      <div className="eval-actions">
        <button type="button" onClick={() => void evaluate()} disabled={!source || running}>{running ? 'Evaluating…' : 'Evaluate'}</button>
        {!source && <span className="hint">Train a run or import a model first.</span>}
        {result && <span className="hint">{Math.round(result.ms)} ms in the worker</span>}
      </div>
      {error && <p className="field-error" role="alert">{error}</p>}
      {result?.synthetic && <p className="synthetic-badge">Synthetic phantom data — these numbers say nothing about real X-rays.</p>}
      {result && <EvaluationResults evaluations={result.evaluations} />}
    </section>
  );
}
