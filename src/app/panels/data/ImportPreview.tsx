// What was understood from the dropped files, per dataset, before anything is decoded or stored.
import { LAYOUT_DESCRIPTIONS } from '../../../platform/import/preview';
import type { PlanPreview, StoredDuplicates } from '../../../platform/import/protocol';
import { DOMAIN_TAGS, type DomainTag } from '../../../platform/storage';
import { useStore } from '../../store';
import type { PlanChoiceState } from '../../store/import-slice';
import { IssueList } from './IssueList';

function PlanRow({ plan, choice }: { plan: PlanPreview; choice: PlanChoiceState }) {
  const setChoice = useStore((s) => s.setChoice);
  const s = plan.summary;
  const split = s.bySplit.unassigned === s.items ? 'assigned after import (by patient, seeded)' : `train ${s.bySplit.train} · val ${s.bySplit.val} · test ${s.bySplit.test}${s.bySplit.unassigned ? ` · unassigned ${s.bySplit.unassigned}` : ''}`;
  return (
    <li className="plan" data-testid="plan" data-layout={plan.layout} data-root={plan.root}>
      <div className="plan-head">
        <label className="plan-include">
          <input type="checkbox" checked={choice.include} disabled={s.items === 0} onChange={(e) => setChoice(plan.index, { include: e.currentTarget.checked })} />
          Import
        </label>
        <input className="plan-name" aria-label="Dataset name" value={choice.name} onChange={(e) => setChoice(plan.index, { name: e.currentTarget.value })} />
        <select aria-label="Domain" value={choice.domain} onChange={(e) => setChoice(plan.index, { domain: e.currentTarget.value as DomainTag })}>
          {DOMAIN_TAGS.map((d) => (
            <option key={d} value={d}>
              {d}
            </option>
          ))}
        </select>
      </div>
      <p className="plan-layout">
        <strong>{LAYOUT_DESCRIPTIONS[plan.layout]}</strong> at <code>{plan.root || '(top level)'}</code>
      </p>
      {plan.synthetic && <p className="synthetic-banner" data-testid="plan-synthetic">Synthetic phantom — not real data (an export of a phantom dataset; it stays marked synthetic)</p>}
      <dl className="plan-counts" data-testid="plan-counts">
        <dt>Images</dt>
        <dd data-count="items">{s.items}</dd>
        <dt>Classes</dt>
        <dd>
          normal {s.byClass.normal} · pneumonia {s.byClass.pneumonia} · no label {s.byClass.unlabeled}
        </dd>
        <dt>Masks</dt>
        <dd>
          with mask {s.withMask} · without {s.withoutMask}
        </dd>
        {plan.maskRule && (
          <>
            <dt>Mask rule</dt>
            <dd data-testid="mask-rule">{plan.maskRule}</dd>
          </>
        )}
        <dt>Splits</dt>
        <dd>{split}</dd>
        {s.ignored > 0 && (
          <>
            <dt>Ignored</dt>
            <dd>{s.ignored} system or document file(s)</dd>
          </>
        )}
      </dl>
      {plan.examples.length > 0 && (
        <p className="muted small">
          e.g. <code>{plan.examples.join(', ')}</code>
        </p>
      )}
      {plan.issues.length > 0 && <IssueList issues={plan.issues} />}
    </li>
  );
}

/** Issue 9: content already stored — say where and how much, and let the user choose (nothing was kept yet). */
function DuplicatePrompt({ found, onChoose }: { found: readonly StoredDuplicates[]; onChoose(policy: 'skip' | 'import'): void }) {
  const total = found.reduce((n, f) => n + f.count, 0);
  return (
    <div className="duplicate-prompt" role="alertdialog" aria-labelledby="duplicate-prompt-title" data-testid="duplicate-prompt">
      <p id="duplicate-prompt-title">
        <strong>{total} image(s) are already stored.</strong> Nothing has been imported yet.
      </p>
      <ul>
        {found.map((f) => (
          <li key={`${f.dataset}/${f.existingId}`} data-testid="duplicate-line">
            {f.count} of {f.of} image(s) of “{f.dataset}” have the same pixels as images in the stored dataset “{f.existingName}”.
          </li>
        ))}
      </ul>
      <div className="actions">
        <button type="button" className="primary" data-testid="skip-duplicates" onClick={() => onChoose('skip')}>
          Skip duplicates
        </button>
        <button type="button" data-testid="import-as-new" onClick={() => onChoose('import')}>
          Import as new (a second copy)
        </button>
      </div>
    </div>
  );
}

export function ImportPreview() {
  const planned = useStore((s) => s.planned);
  const choices = useStore((s) => s.choices);
  const assignment = useStore((s) => s.importAssignment);
  const commit = useStore((s) => s.commitImport);
  const dismiss = useStore((s) => s.dismissImport);
  const duplicates = useStore((s) => s.storedDuplicates);
  if (!planned) return null;
  const chosen = choices.filter((c) => c.include);
  const images = chosen.reduce((n, c) => n + (planned.plans[c.index]?.summary.items ?? 0), 0);
  const f = assignment.fractions;
  return (
    <div className="import-box" data-testid="import-preview">
      <h3>
        {planned.fileCount} file(s) read: {planned.plans.length} dataset(s) recognised
      </h3>
      {planned.plans.length === 0 && <p>No chest X-ray dataset was recognised in these files.</p>}
      <ul className="plans">
        {planned.plans.map((p) => {
          const c = choices.find((x) => x.index === p.index);
          return c ? <PlanRow key={p.index} plan={p} choice={c} /> : null;
        })}
      </ul>
      {planned.unplaced.length > 0 && (
        <>
          <h4>Not part of any dataset</h4>
          <IssueList issues={planned.unplaced} />
        </>
      )}
      <p className="muted small">
        Splits without folder splits: train {Math.round((1 - f.val - f.test) * 100)}% · val {Math.round(f.val * 100)}% · test {Math.round(f.test * 100)}% by patient, seed {assignment.seed}. All labels kept; set label budgets afterwards per dataset.
      </p>
      {duplicates && <DuplicatePrompt found={duplicates} onChoose={(policy) => void commit(policy)} />}
      <div className="actions">
        <button type="button" className="primary" data-testid="commit-import" disabled={chosen.length === 0 || duplicates !== null} onClick={() => void commit()}>
          Import {images} image(s) into {chosen.length} dataset(s)
        </button>
        <button type="button" onClick={dismiss}>
          Cancel
        </button>
      </div>
    </div>
  );
}
