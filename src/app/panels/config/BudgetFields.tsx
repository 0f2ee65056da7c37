// Label budgets of a run: how many train images keep their mask / class label (the paper's 10/50 masks and
// 100/1000 labels, all of them, or any number). The rest of the train split feeds the unlabeled streams.
import { useId } from 'react';
import { variantFeatures } from '../../../core/config';
import type { LabelCount } from '../../../core/data/types';
import { CLS_BUDGETS, SEG_BUDGETS } from '../../../platform/import/defaults';
import type { WorkbenchRunConfig } from '../../../core/workbench-config';
import { NumberField } from './NumberField';

/**
 * "all" keeps every label, so the semi-supervised terms get no unlabeled image unless a dataset has the role
 * `unlabeled`: FixMatch variants then cannot start at all (the trainer refuses), and the KL term has nothing to
 * compare. Said next to the budget before Start is pressed.
 */
export function unlabeledWarnings(config: WorkbenchRunConfig): { seg?: string; cls?: string } {
  const f = variantFeatures(config.run.model.variant);
  if (config.datasets.some((d) => d.role === 'unlabeled')) return {};
  const out: { seg?: string; cls?: string } = {};
  if (f.ssl && config.budgets.cls === 'all') {
    out.cls = 'With "all", no classification image is left unlabeled for FixMatch: pick 100 or 1000, or give a dataset the role "unlabeled".';
  }
  if (f.kl && config.budgets.seg === 'all') {
    out.seg = 'With "all", no image is left without its mask, so the KL term has nothing to compare: pick 10 or 50, or give a dataset the role "unlabeled".';
  }
  return out;
}

function BudgetField(props: {
  field: 'budgets.seg' | 'budgets.cls';
  label: string;
  presets: readonly LabelCount[];
  value: LabelCount;
  error?: string | undefined;
  disabled: boolean;
  disabledReason: string;
  onChange(v: LabelCount): void;
}) {
  const id = useId();
  const custom = !props.presets.includes(props.value);
  return (
    <div className={`field${props.error && !props.disabled ? ' invalid' : ''}`} data-field={props.field} title={props.disabled ? props.disabledReason : undefined}>
      <label htmlFor={id}>{props.label}</label>
      <select
        id={id}
        value={custom ? 'custom' : String(props.value)}
        disabled={props.disabled}
        onChange={(e) => {
          const v = e.currentTarget.value;
          // "a number" starts from the current value when it is one, else from the smallest preset.
          props.onChange(v === 'all' ? 'all' : v === 'custom' ? (typeof props.value === 'number' ? props.value : (props.presets[0] as number)) + 1 : Number(v));
        }}
      >
        {props.presets.map((b) => (
          <option key={b} value={String(b)}>
            {b}
          </option>
        ))}
        <option value="custom">a number…</option>
      </select>
      {custom && !props.disabled && (
        <NumberField field={`${props.field}.custom`} label="how many" value={props.value as number} onChange={props.onChange} />
      )}
      {props.error && !props.disabled && <span className="field-error">{props.error}</span>}
    </div>
  );
}

export function BudgetFields({ config, errors, onChange }: {
  config: WorkbenchRunConfig;
  errors: ReadonlyMap<string, string>;
  onChange(next: WorkbenchRunConfig): void;
}) {
  const f = variantFeatures(config.run.model.variant);
  const warnings = unlabeledWarnings(config);
  const set = (patch: Partial<WorkbenchRunConfig['budgets']>) => onChange({ ...config, budgets: { ...config.budgets, ...patch } });
  return (
    <fieldset className="config-group">
      <legend>Label budgets</legend>
      <BudgetField field="budgets.seg" label="Masks kept" presets={SEG_BUDGETS} value={config.budgets.seg} error={errors.get('budgets.seg') ?? warnings.seg}
        disabled={!f.seg} disabledReason="This variant does not segment." onChange={(seg) => set({ seg })} />
      <BudgetField field="budgets.cls" label="Class labels kept" presets={CLS_BUDGETS} value={config.budgets.cls} error={errors.get('budgets.cls') ?? warnings.cls}
        disabled={!f.cls} disabledReason="This variant does not classify." onChange={(cls) => set({ cls })} />
      <p className="field-hint">Over all train datasets together; the rest of their train split is used unlabeled.</p>
    </fieldset>
  );
}
