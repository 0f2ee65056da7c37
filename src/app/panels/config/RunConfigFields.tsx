// The RunConfig part of the configuration form: model, schedule, loss weights, seed and augmentation.
// Fields the chosen variant does not use are disabled with the reason as tooltip (their values are kept,
// so switching variants back and forth loses nothing).
import { VARIANTS, variantFeatures, type RunConfig, type Variant } from '../../../core/config';
import { NumberField } from './NumberField';
import { VARIANT_DESCRIPTIONS } from './variants';

export interface RunConfigFieldsProps {
  config: RunConfig;
  /** Message per field path (`model.inputSize`), without the path itself. */
  errors: ReadonlyMap<string, string>;
  onChange(next: RunConfig): void;
}

export function RunConfigFields({ config, errors, onChange }: RunConfigFieldsProps) {
  const f = variantFeatures(config.model.variant);
  const set = <K extends keyof RunConfig>(key: K, value: RunConfig[K]) => onChange({ ...config, [key]: value });
  const model = (patch: Partial<RunConfig['model']>) => set('model', { ...config.model, ...patch });
  const loss = (patch: Partial<RunConfig['loss']>) => set('loss', { ...config.loss, ...patch });
  const optim = (patch: Partial<RunConfig['optim']>) => set('optim', { ...config.optim, ...patch });
  const noSsl = 'Only variants with FixMatch (-ssl, multimix) use this.';

  return (
    <>
      <fieldset className="config-group">
        <legend>Model</legend>
        <div className="field field-wide" data-field="model.variant">
          <label htmlFor="config-variant">Variant</label>
          <select id="config-variant" value={config.model.variant} onChange={(e) => model({ variant: e.currentTarget.value as Variant })}>
            {VARIANTS.map((v) => (
              <option key={v} value={v}>
                {v} — {VARIANT_DESCRIPTIONS[v]}
              </option>
            ))}
          </select>
          <span className="field-hint" data-testid="variant-description">{VARIANT_DESCRIPTIONS[config.model.variant]}</span>
          {errors.get('model.variant') && <span className="field-error">{errors.get('model.variant')}</span>}
        </div>
        <NumberField field="model.inputSize" label="Image size (px)" value={config.model.inputSize} error={errors.get('model.inputSize')}
          hint="multiple of 16" onChange={(inputSize) => model({ inputSize })} />
        <NumberField field="model.widthMultiplier" label="Width ×" value={config.model.widthMultiplier} error={errors.get('model.widthMultiplier')}
          hint="encoder 16…256 × this" onChange={(widthMultiplier) => model({ widthMultiplier })} />
        <NumberField field="model.dropout" label="Dropout" value={config.model.dropout} error={errors.get('model.dropout')}
          onChange={(dropout) => model({ dropout })} />
        <NumberField field="batchSize" label="M (images per stream per step)" value={config.batchSize} error={errors.get('batchSize')}
          onChange={(batchSize) => set('batchSize', batchSize)} />
      </fieldset>

      <fieldset className="config-group">
        <legend>Schedule</legend>
        <NumberField field="epochs" label="Epochs" value={config.epochs} error={errors.get('epochs')} onChange={(epochs) => set('epochs', epochs)} />
        <NumberField field="stepsPerEpoch" label="Steps per epoch" value={config.stepsPerEpoch} error={errors.get('stepsPerEpoch')}
          hint="0 = one pass over the labeled images" onChange={(v) => set('stepsPerEpoch', v)} />
        <NumberField field="optim.learningRate" label="Learning rate" value={config.optim.learningRate} error={errors.get('optim.learningRate')}
          onChange={(learningRate) => optim({ learningRate })} />
        <NumberField field="optim.decayFactor" label="LR × factor" value={config.optim.decayFactor} error={errors.get('optim.decayFactor')}
          onChange={(decayFactor) => optim({ decayFactor })} />
        <NumberField field="optim.decayEveryEpochs" label="every N epochs" value={config.optim.decayEveryEpochs}
          error={errors.get('optim.decayEveryEpochs')} onChange={(decayEveryEpochs) => optim({ decayEveryEpochs })} />
      </fieldset>

      <fieldset className="config-group">
        <legend>Loss</legend>
        <NumberField field="loss.threshold" label="t (FixMatch confidence)" value={config.loss.threshold} error={errors.get('loss.threshold')}
          disabled={!f.ssl} disabledReason={noSsl} onChange={(threshold) => loss({ threshold })} />
        <NumberField field="loss.lambda" label="λ (FixMatch weight)" value={config.loss.lambda} error={errors.get('loss.lambda')}
          disabled={!f.ssl} disabledReason={noSsl} onChange={(lambda) => loss({ lambda })} />
        <NumberField field="loss.alpha" label="α (Dice weight)" value={config.loss.alpha} error={errors.get('loss.alpha')}
          disabled={!f.seg} disabledReason="Only variants with the segmentation decoder use this." onChange={(alpha) => loss({ alpha })} />
        <NumberField field="loss.beta" label="β (KL weight)" value={config.loss.beta} error={errors.get('loss.beta')}
          disabled={!f.kl} disabledReason="Only the full multimix variant has the KL term." onChange={(beta) => loss({ beta })} />
      </fieldset>

      <fieldset className="config-group">
        <legend>Randomness</legend>
        <NumberField field="seed" label="Seed" value={config.seed} error={errors.get('seed')} onChange={(seed) => set('seed', seed)} />
        <div className="field" data-field="cutout" title={f.ssl ? undefined : noSsl}>
          <label>
            <input type="checkbox" checked={config.cutout} disabled={!f.ssl} onChange={(e) => set('cutout', e.currentTarget.checked)} /> Cutout in the
            strong view
          </label>
        </div>
      </fieldset>
    </>
  );
}
