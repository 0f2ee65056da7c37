// What the model said about the viewed image: class with probability, the stored label, the per-image Dice.
import type { ImageRecord } from '../../../platform/storage';
import type { ViewerPrediction } from '../../store/viewer-slice';

const CLASS_NAMES = ['normal', 'pneumonia'] as const;

/**
 * `trust`: what the model's training data says about this image — `synthetic` (a phantom-trained model on a real
 * X-ray: warned next to every verdict), `unknown` (no provenance recorded), or `ok`/`real`.
 */
export function PredictionSummary({ record, prediction, dice, predicting, error, trust = 'ok' }: {
  record: ImageRecord; prediction: ViewerPrediction | null; dice: number | null; predicting: boolean; error: string | null;
  trust?: 'ok' | 'real' | 'synthetic' | 'unknown';
}) {
  const p = prediction?.item.pneumoniaProb;
  const predicted = p === undefined ? null : p > 0.5 ? 1 : 0;
  const truth = record.label;
  return (
    <dl className="prediction-summary" aria-live="polite">
      {trust === 'synthetic' && (
        <p className="provenance-warning" role="status" data-testid="provenance-warning">
          ⚠ This model was trained on synthetic phantoms, not real X-rays: its prediction and masks on this real image mean nothing.
        </p>
      )}
      {trust === 'unknown' && (
        <p className="hint" data-testid="provenance-unknown">The data this model was trained on is not (fully) recorded: saved or trained before provenance was kept, or imported without it.</p>
      )}
      <div>
        <dt>Prediction</dt>
        <dd data-testid="predicted-class">
          {predicting ? 'running…' : predicted === null ? (prediction ? 'no classification head' : '—') : `${CLASS_NAMES[predicted]} (P(pneumonia) = ${(p as number).toFixed(3)})`}
        </dd>
      </div>
      <div>
        <dt>Label</dt>
        <dd>
          {truth === undefined ? 'unlabeled' : CLASS_NAMES[truth]}
          {predicted !== null && truth !== undefined && <span className={predicted === truth ? 'ok' : 'wrong'}>{predicted === truth ? ' ✓ correct' : ' ✗ wrong'}</span>}
          {predicted !== null && truth !== undefined && trust === 'synthetic' && <span className="provenance-badge synthetic" data-testid="verdict-phantom"> ⚠ phantom-trained model</span>}
        </dd>
      </div>
      <div>
        <dt>Dice</dt>
        <dd data-testid="image-dice">{dice === null ? (record.hasMask ? '—' : 'no ground-truth mask') : dice.toFixed(3)}</dd>
      </div>
      {prediction && (
        <div>
          <dt>Time</dt>
          <dd>{Math.round(prediction.ms)} ms at {prediction.size} px</dd>
        </div>
      )}
      {error && <p className="field-error" role="alert">{error}</p>}
    </dl>
  );
}
