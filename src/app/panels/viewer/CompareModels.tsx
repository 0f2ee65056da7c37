// "Compare models" (issue 10, item 8): 2–4 models' predicted lung boundaries on the viewed image, each in its
// own colour, with the ground truth, a legend and each model's Dice on this image. Predictions go through the
// viewer's cache (the same worker request as the main model), so flipping back is instant.
import { useEffect, useMemo, useRef, useState } from 'react';
import { boundariesToRgba, COMPARE_COLORS, TRUTH_COLOR, type Rgb } from '../../components/overlay/rgba';
import { useStore } from '../../store';
import { predictOne, type ViewedImage, type ViewerPrediction } from '../../store/viewer-slice';
import { messageOf } from '../../store/services';
import { predictedMaskAt, predictionDice } from './use-layers';
import type { ModelOption } from './ModelSourcePicker';

export const MAX_COMPARED = COMPARE_COLORS.length;

export interface ComparedModel {
  key: string;
  label: string;
  color: Rgb;
  prediction: ViewerPrediction | null;
  error: string | null;
  dice: number | null;
}

export interface Comparison {
  models: ComparedModel[];
  /** GT (first) and every model's boundary at the image's size; null while nothing is to be drawn. */
  layer: Uint8ClampedArray<ArrayBuffer> | null;
}

/** Predicts the viewed image with every chosen model and draws their boundaries over the ground truth. */
export function useComparison(chosen: readonly ModelOption[], viewed: ViewedImage | null, datasetId: string | null, smooth: boolean): Comparison {
  const [answers, setAnswers] = useState<Record<string, { prediction: ViewerPrediction | null; error: string | null }>>({});
  const imageKey = viewed?.key ?? '';
  // The options are rebuilt on every render: predict again only when the chosen models themselves change.
  const signature = chosen.map((o) => o.key).join('|');
  const chosenRef = useRef(chosen);
  chosenRef.current = chosen;
  useEffect(() => {
    if (chosenRef.current.length === 0) return; // nothing compared: no state change, no extra render
    setAnswers({});
    if (!datasetId || !imageKey) return;
    let live = true;
    for (const o of chosenRef.current) {
      predictOne(useStore.getState(), o.source, datasetId, imageKey, smooth).then(
        (prediction) => live && setAnswers((a) => ({ ...a, [o.key]: { prediction, error: null } })),
        (err: unknown) => live && setAnswers((a) => ({ ...a, [o.key]: { prediction: null, error: messageOf(err) } })),
      );
    }
    return () => {
      live = false;
    };
  }, [signature, datasetId, imageKey, smooth]);

  return useMemo(() => {
    const models = chosenRef.current.map((o, i): ComparedModel => {
      const a = answers[o.key];
      const prediction = a?.prediction ?? null;
      return { key: o.key, label: o.label, color: COMPARE_COLORS[i % COMPARE_COLORS.length] as Rgb, prediction, error: a?.error ?? null, dice: predictionDice(prediction, viewed) };
    });
    if (!viewed || models.length === 0) return { models, layer: null };
    const size = viewed.imageSize;
    const entries = [
      ...(viewed.truth ? [{ mask: viewed.truth, color: TRUTH_COLOR }] : []),
      ...models.flatMap((m) => {
        const mask = predictedMaskAt(m.prediction, size);
        return mask ? [{ mask, color: m.color }] : [];
      }),
    ];
    return { models, layer: boundariesToRgba(entries, size) };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- `signature` stands for the chosen models
  }, [answers, signature, viewed]);
}

const css = (c: Rgb) => `rgb(${c[0]}, ${c[1]}, ${c[2]})`;

/** The checkboxes (at most MAX_COMPARED) and, while comparing, the legend with each model's Dice on this image. */
export function CompareModels({ options, chosenKeys, onChange, comparison, hasTruth }: {
  options: readonly ModelOption[];
  chosenKeys: readonly string[];
  onChange: (keys: string[]) => void;
  comparison: Comparison;
  hasTruth: boolean;
}) {
  const full = chosenKeys.length >= MAX_COMPARED;
  return (
    <fieldset className="viewer-group compare-models">
      <legend>Compare models</legend>
      {options.length < 2 && <p className="hint">Needs 2 or more models (runs or saved models).</p>}
      {options.map((o) => {
        const on = chosenKeys.includes(o.key);
        return (
          <label key={o.key} data-option-key={o.key}>
            <input
              type="checkbox" checked={on} disabled={!on && full}
              onChange={() => onChange(on ? chosenKeys.filter((k) => k !== o.key) : [...chosenKeys, o.key])}
            />{' '}{o.label}
          </label>
        );
      })}
      {full && <p className="hint">At most {MAX_COMPARED} models at once.</p>}
      {comparison.models.length > 0 && (
        <ul className="compare-legend" aria-label="Compared boundaries">
          <li><span className="swatch" style={{ background: css(TRUTH_COLOR) }} /> ground truth{hasTruth ? '' : ' (this image has no mask)'}</li>
          {comparison.models.map((m) => (
            <li key={m.key} data-compare-model={m.key}>
              <span className="swatch" style={{ background: css(m.color) }} /> {m.label}:{' '}
              {m.error ? <span className="field-error">{m.error}</span>
                : !m.prediction ? 'running…'
                : !m.prediction.item.mask ? 'no segmentation head'
                : <span data-testid="compare-dice">Dice {m.dice === null ? '—' : m.dice.toFixed(3)}</span>}
            </li>
          ))}
        </ul>
      )}
    </fieldset>
  );
}

/** Keeps the chosen keys that still exist (a deleted run or model drops out), in the order chosen. */
export function chosenOptions(options: readonly ModelOption[], keys: readonly string[]): ModelOption[] {
  return keys.flatMap((k) => options.filter((o) => o.key === k));
}
