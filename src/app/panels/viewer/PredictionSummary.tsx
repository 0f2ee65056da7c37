// What the model said about the viewed image: class with probability, the stored label, the per-image Dice.
import type { ImageRecord } from '../../../platform/storage';
import type { ViewerPrediction } from '../../store/viewer-slice';

const CLASS_NAMES = ['normal', 'pneumonia'] as const;

export function PredictionSummary({ record, prediction, dice, predicting, error }: {
  record: ImageRecord; prediction: ViewerPrediction | null; dice: number | null; predicting: boolean; error: string | null;
}) {
  const p = prediction?.item.pneumoniaProb;
  const predicted = p === undefined ? null : p > 0.5 ? 1 : 0;
  const truth = record.label;
  return (
    <dl className="prediction-summary" aria-live="polite">
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
