// The grid's form: variants × label budgets × seeds × test sets over the current configuration's run
// settings, every cell trained for the same steps and schedule; the ETA of the whole grid before it is
// queued, from the backend measurement scaled by FLOPs (an estimate), with a warning above 2 h.
import { VARIANTS, type Variant } from '../../../core/config';
import { cellSteps, estimateRemainingMs, LONG_GRID_MS, MAX_GRID_SEEDS, queueCells } from '../../../core/research/grid-plan';
import { useStore } from '../../store';
import { formatDuration } from '../../components/format';
import { NumberField } from '../config/NumberField';
import { useMeasuredStep } from './grid-eta';

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

export function GridForm() {
  const draft = useStore((s) => s.gridDraft);
  const config = useStore((s) => s.config);
  const datasets = useStore((s) => s.datasets);
  // A boolean, not the live run: this form must not re-render on every progress message.
  const runOpen = useStore((s) => s.live?.status === 'running' || s.live?.status === 'loading');
  const { setGridDraft, draftSpec, queueGrid } = useStore.getState();
  const { spec, problems } = draftSpec();
  const measured = useMeasuredStep();
  const cells = queueCells(spec);
  const eta = measured && problems.length === 0 ? estimateRemainingMs(spec, cells, measured.step) : null;
  const long = eta !== null && eta > LONG_GRID_MS;
  const { steps, epochs, stepsPerEpoch } = cellSteps(spec);
  const testUses = config.datasets.filter((u) => u.role === 'test' || u.role === 'cross-domain');
  const nameOf = (id: string) => datasets.find((d) => d.id === id)?.name ?? id;
  const m = config.run.model;
  const gridRunning = useStore((s) => s.grids.some((g) => g.status === 'active'));

  const toggleVariant = (v: Variant) =>
    setGridDraft({ variants: draft.variants.includes(v) ? draft.variants.filter((x) => x !== v) : VARIANTS.filter((x) => x === v || draft.variants.includes(x)) });
  const toggleTest = (id: string) =>
    setGridDraft({ excludedTestSets: draft.excludedTestSets.includes(id) ? draft.excludedTestSets.filter((x) => x !== id) : [...draft.excludedTestSets, id] });

  const onQueue = () => {
    if (long && !window.confirm(`This grid is estimated to take ${formatDuration(eta / 1000)} on ${measured?.backend}. Queue it anyway?`)) return;
    void queueGrid();
  };

  return (
    <div className="grid-form" data-testid="grid-form">
      <fieldset>
        <legend>Variants</legend>
        {VARIANTS.map((v) => (
          <label key={v} className="grid-check">
            <input type="checkbox" data-testid={`grid-variant-${v}`} checked={draft.variants.includes(v)} onChange={() => toggleVariant(v)} /> {v}
          </label>
        ))}
      </fieldset>
      <div className="grid-fields">
        <div className="field" data-field="grid.budgets">
          <label htmlFor="grid-budgets">Label budgets (masks/class labels, comma-separated)</label>
          <input id="grid-budgets" data-testid="grid-budgets" value={draft.budgets} onChange={(e) => setGridDraft({ budgets: e.target.value })} placeholder="10/100, 50/all" />
        </div>
        <NumberField label={`Seeds per cell (1–${MAX_GRID_SEEDS})`} field="grid.seeds" value={draft.seedCount} onChange={(v) => setGridDraft({ seedCount: v })} hint={`seeds ${spec.seeds.join(', ')} (from the run seed)`} />
        <NumberField label="Epochs" field="grid.epochs" value={draft.epochs} onChange={(v) => setGridDraft({ epochs: v })} />
        <NumberField label="Steps per epoch" field="grid.stepsPerEpoch" value={draft.stepsPerEpoch} onChange={(v) => setGridDraft({ stepsPerEpoch: v })} hint="fixed, so every variant gets the same number of steps" />
        <div className="field">
          <label htmlFor="grid-baseline">Baseline row (paired comparisons)</label>
          <select id="grid-baseline" data-testid="grid-baseline" value={spec.baseline} onChange={(e) => setGridDraft({ baseline: e.target.value as Variant })}>
            {draft.variants.map((v) => (
              <option key={v} value={v}>
                {v}
              </option>
            ))}
          </select>
        </div>
      </div>
      <fieldset>
        <legend>Test sets</legend>
        <span className="small muted">In-domain: the test split of the train datasets{testUses.length > 0 ? ', plus:' : ' (give a dataset the role "test" or "cross-domain" in Configuration for more).'}</span>
        {testUses.map((u) => (
          <label key={u.datasetId} className="grid-check">
            <input type="checkbox" data-testid={`grid-test-${u.datasetId}`} checked={!draft.excludedTestSets.includes(u.datasetId)} onChange={() => toggleTest(u.datasetId)} /> {nameOf(u.datasetId)} ({u.role === 'test' ? 'in-domain test' : 'cross-domain'})
          </label>
        ))}
      </fieldset>
      <p className="small" data-testid="grid-effort">
        {plural(cells.length, 'run')} ({plural(spec.variants.length, 'variant')} × {plural(spec.budgets.length, 'budget')} × {plural(spec.seeds.length, 'seed')}), each{' '}
        <strong>
          {plural(steps, 'step')} ({plural(epochs, 'epoch')} × {stepsPerEpoch} steps/epoch)
        </strong>{' '}
        with the same schedule · {m.inputSize} px, width ×{m.widthMultiplier}, M = {config.run.batchSize}, learning rate {config.run.optim.learningRate} (from Configuration)
      </p>
      <p className={`small${long ? ' grid-warning' : ''}`} data-testid="grid-eta-before" data-long={long ? 'true' : 'false'}>
        {eta === null
          ? 'No ETA yet: measure the backends (Train panel) to estimate how long the grid takes.'
          : `Estimated ${formatDuration(eta / 1000)} of training on ${measured!.backend} — an estimate: the measured ${measured!.step.msPerStep.toFixed(0)} ms of a small step (32 px, width ×0.25, M = 1) scaled by the FLOPs per step; small steps are mostly overhead, so larger images tend to take less than this. Test evaluations come on top.`}
        {long && ' ⚠ Over 2 hours: check the settings before queueing.'}
      </p>
      {problems.length > 0 && (
        <ul className="small field-error" data-testid="grid-problems">
          {problems.map((p) => (
            <li key={p}>{p}</li>
          ))}
        </ul>
      )}
      <button type="button" className="primary" data-testid="grid-start" disabled={problems.length > 0 || gridRunning} onClick={onQueue}>
        Queue grid
      </button>
      {gridRunning && <span className="small muted"> A grid is active: pause, cancel or let it finish first.</span>}
      {runOpen && !gridRunning && (
        <span className="small muted"> A run is training: the grid starts after it.</span>
      )}
    </div>
  );
}
