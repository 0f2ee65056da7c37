// The viewer: any image of any stored dataset with the chosen model's prediction, masks and saliency.
// ←/→ (or the buttons) flip through images; predictions are cached and the next one prefetched.
import { useEffect, useId, useState, type KeyboardEvent } from 'react';
import { EXAMPLE_ATTRIBUTION, EXAMPLE_DATASET_ID, EXAMPLE_DATASET_NAME, EXAMPLE_DISCLAIMER } from '../../../platform/example/example-assets';
import { useStore } from '../../store';
import { ImageStage } from './ImageStage';
import { CompareModels, chosenOptions, useComparison } from './CompareModels';
import { ModelSourcePicker, useModelOptions } from './ModelSourcePicker';
import { PredictionSummary } from './PredictionSummary';
import { useViewerLayers } from './use-layers';
import { ViewerControls } from './ViewerControls';
import { useSourceProvenance } from '../../components/ProvenanceBadge';
import { provenanceKind } from '../../../core/provenance';
import './viewer.css';

export function ViewerPanel() {
  const datasetSelectId = useId();
  const initData = useStore((s) => s.initData);
  const datasets = useStore((s) => s.datasets);
  const datasetId = useStore((s) => s.viewerDatasetId);
  const images = useStore((s) => s.viewerImages);
  const index = useStore((s) => s.viewerIndex);
  const selectDataset = useStore((s) => s.selectViewerDataset);
  const addExample = useStore((s) => s.addExampleToDatasets);
  const importPhase = useStore((s) => s.importPhase);
  const showingExample = datasetId === EXAMPLE_DATASET_ID;
  const showImage = useStore((s) => s.showImage);
  const viewed = useStore((s) => s.viewed);
  const prediction = useStore((s) => s.prediction);
  const predicting = useStore((s) => s.predicting);
  const error = useStore((s) => s.predictionError);
  const options = useStore((s) => s.viewerOptions);
  const layers = useViewerLayers(viewed, prediction, options);
  const dataset = datasets.find((d) => d.id === datasetId);
  // Compare models: 2–4 models' boundaries on this image (none chosen: the usual single-model view).
  const modelOptions = useModelOptions();
  const [compareKeys, setCompareKeys] = useState<string[]>([]);
  const comparison = useComparison(chosenOptions(modelOptions, compareKeys), viewed, datasetId, options.smoothGrad);
  const source = useStore((s) => s.viewerSource);
  const chosen = useSourceProvenance(source);
  // Issue 9: a phantom-trained model on a real X-ray is flagged wherever its verdict shows.
  const trust = !chosen.known || !dataset || dataset.synthetic ? 'ok' : provenanceKind(chosen.provenance);

  useEffect(() => {
    void initData();
  }, [initData]);
  // Open the first dataset once the list is there (the viewer is useful without a click), and move off a
  // dataset that was deleted while it was shown.
  useEffect(() => {
    const known = datasetId === EXAMPLE_DATASET_ID || (datasetId !== null && datasets.some((d) => d.id === datasetId));
    if (!known && datasets[0]) void selectDataset(datasets[0].id);
    else if (!known && datasetId !== null) void selectDataset(null);
  }, [datasetId, datasets, selectDataset]);

  const onKeyDown = (e: KeyboardEvent<HTMLElement>) => {
    const target = e.target as HTMLElement;
    if (target.tagName === 'INPUT' || target.tagName === 'SELECT' || target.tagName === 'TEXTAREA') return;
    if (e.key === 'ArrowRight' || e.key === 'j') void showImage(index + 1);
    else if (e.key === 'ArrowLeft' || e.key === 'k') void showImage(index - 1);
    else return;
    e.preventDefault();
  };

  return (
    <section className="panel viewer-panel" aria-labelledby="viewer-panel-title" tabIndex={0} onKeyDown={onKeyDown}>
      <div className="panel-head">
        <h2 id="viewer-panel-title">Viewer</h2>
        <ModelSourcePicker />
      </div>
      {showingExample && (
        <div className="example-banner" data-testid="example-banner">
          <strong>{EXAMPLE_DISCLAIMER}.</strong>
          <span>Real chest X-rays from the model&apos;s held-out test split; they are not stored in this browser.</span>
          <button type="button" onClick={() => void addExample()} disabled={importPhase === 'importing' || importPhase === 'planning'}>
            Add example X-rays to my datasets
          </button>
          <span className="attribution" data-testid="example-attribution">{EXAMPLE_ATTRIBUTION}</span>
        </div>
      )}
      <div className="viewer-nav">
        <label htmlFor={datasetSelectId}>Dataset </label>
        <select id={datasetSelectId} value={datasetId ?? ''} onChange={(e) => void selectDataset(e.target.value || null)}>
          {datasets.length === 0 && <option value="">No datasets: import some in the Data panel</option>}
          {datasets.map((d) => (
            <option key={d.id} value={d.id}>{d.name}{d.synthetic ? ' (synthetic phantom)' : ''}</option>
          ))}
          <option value={EXAMPLE_DATASET_ID}>{EXAMPLE_DATASET_NAME} — not stored</option>
        </select>
        <button type="button" onClick={() => void showImage(index - 1)} disabled={index <= 0} aria-label="Previous image">◀</button>
        <span className="viewer-position" data-testid="viewer-position">
          {images.length > 0 ? `${index + 1} / ${images.length}` : '0 / 0'}
        </span>
        <button type="button" onClick={() => void showImage(index + 1)} disabled={index >= images.length - 1} aria-label="Next image">▶</button>
        {viewed && <span className="viewer-key" title={viewed.record.sourcePath}>{viewed.key}</span>}
        {dataset?.synthetic && <span className="synthetic-badge">Synthetic phantom — not real data</span>}
      </div>
      <div className="viewer-body">
        <div className="viewer-main">
          {layers ? <ImageStage layers={layers} o={options} compare={comparison.layer} /> : <p className="viewer-empty">{images.length === 0 ? 'No image to show.' : 'Loading…'}</p>}
          {viewed && <PredictionSummary record={viewed.record} prediction={prediction} dice={layers?.dice ?? null} predicting={predicting} error={error} trust={trust} />}
        </div>
        <div className="viewer-side">
          <ViewerControls />
          <CompareModels options={modelOptions} chosenKeys={compareKeys} onChange={setCompareKeys} comparison={comparison} hasTruth={!!viewed?.truth} />
        </div>
      </div>
      <p className="hint">←/→ flip images · scroll to zoom · drag to pan. Outline: yellow = prediction, cyan = ground truth.</p>
    </section>
  );
}
