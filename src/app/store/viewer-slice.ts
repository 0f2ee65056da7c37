// Looking at what a model does: which model (a run's best/latest weights or a saved model, shared by the
// viewer, evaluation and models panels), which dataset and image, the display options, and the current
// image's pixels + prediction. Predictions come from the inference worker (`predict`, beside training: issue 9),
// are cached per (model, dataset, image, SmoothGrad) and the next image is prefetched, so flipping through is
// quick. A checkpoint or epoch of a training run makes its cached predictions stale and re-predicts the image
// shown, so the viewer follows the run's latest weights while it trains.
import type { StateCreator } from 'zustand';
import { deleteModel, getPixels, listImages, listModels, noteDeliberateRemoval, type ImageRecord } from '../../platform/storage';
import type { ImagePrediction, ModelSource, ModelSummary } from '../../platform/workers/train.protocol';
import type { ColormapName } from '../components/overlay/colormap';
import type { WindowLevel } from '../components/overlay/intensity';
import type { MaskStyle } from '../components/overlay/rgba';
import {
  EXAMPLE_DATASET_ID, EXAMPLE_MODEL_ID, EXAMPLE_MODEL_NAME, exampleFilesForImport, exampleImagePixels, exampleImageRecords, exampleModelDescription,
  type ExampleModelMetadata,
} from '../../platform/example/example-assets';
import { database, inferenceWorker, messageOf, trainWorker } from './services';
import type { Full } from './types';

export interface ViewerOptions {
  showPrediction: boolean;
  showTruth: boolean;
  showSaliency: boolean;
  maskStyle: MaskStyle;
  predictionOpacity: number;
  truthOpacity: number;
  saliencyOpacity: number;
  colormap: ColormapName;
  /** Percentiles of the saliency map shown as the bottom / top of the colormap. */
  clipLow: number;
  clipHigh: number;
  /** Mean saliency over noisy copies (SmoothGrad) instead of one gradient. */
  smoothGrad: boolean;
  windowLevel: WindowLevel;
  /** GT and prediction in two panes instead of overlaid in one. */
  sideBySide: boolean;
}

export const DEFAULT_VIEWER_OPTIONS: ViewerOptions = {
  showPrediction: true,
  showTruth: true,
  showSaliency: true,
  maskStyle: 'outline',
  predictionOpacity: 0.9,
  truthOpacity: 0.9,
  saliencyOpacity: 0.6,
  colormap: 'inferno',
  clipLow: 50,
  clipHigh: 99,
  smoothGrad: false,
  windowLevel: { level: 127.5, window: 255 },
  sideBySide: false,
};

/** SmoothGrad as the paper-style default: 16 noisy copies, noise 15 % of the image range. */
export const SMOOTHGRAD = { samples: 16, noise: 0.15 } as const;

export interface ViewedImage {
  key: string;
  record: ImageRecord;
  /** Stored image (imageSize², 8-bit gray) and ground-truth mask (0/255) if any. */
  pixels: Uint8Array;
  truth?: Uint8Array;
  imageSize: number;
}

export interface ViewerPrediction {
  item: ImagePrediction;
  /** Side of the model's input (the mask/saliency arrays are size²). */
  size: number;
  /** Which weights answered, e.g. "run name (step 12)". */
  weights: string;
  /** Time in the inference worker, ms. */
  ms: number;
}

/** The example model as the Models list and the viewer show it (issue 9, item 8): read from its files, never stored. */
export interface ExampleModelInfo {
  id: typeof EXAMPLE_MODEL_ID;
  name: string;
  config: ModelSummary['config'];
  /** Held-out test metrics and the run config, from model.json's userDefinedMetadata. */
  metadata: ExampleModelMetadata;
}

/** Set on a first visit (no demo data offered yet in this browser); read once when the store is created. */
export const DEMO_FLAG = 'multimix-workbench.demo-offered';

function isFirstVisit(): boolean {
  try {
    return typeof localStorage !== 'undefined' && localStorage.getItem(DEMO_FLAG) === null;
  } catch {
    return false;
  }
}

export interface ViewerSlice {
  /** This page load is the first visit: the viewer opens on the example X-rays with the example model. */
  firstVisit: boolean;
  exampleModel: ExampleModelInfo | null;
  /** Loads the example model's description (config, held-out metrics) for the lists; an error is a notice. */
  loadExampleModel(): Promise<void>;
  /** Shows the example X-rays with the example model's predictions in the viewer. */
  openExample(): Promise<void>;
  /** Imports the example X-rays as a stored dataset (the user's click; nothing is stored before). */
  addExampleToDatasets(): Promise<void>;
  viewerSource: ModelSource | null;
  setViewerSource(source: ModelSource | null): void;
  savedModels: ModelSummary[];
  refreshModels(): Promise<void>;
  deleteSavedModel(id: string): Promise<void>;
  viewerDatasetId: string | null;
  viewerImages: ImageRecord[];
  viewerIndex: number;
  selectViewerDataset(id: string | null): Promise<void>;
  showImage(index: number): Promise<void>;
  viewerOptions: ViewerOptions;
  setViewerOptions(patch: Partial<ViewerOptions>): void;
  viewed: ViewedImage | null;
  prediction: ViewerPrediction | null;
  predicting: boolean;
  predictionError: string | null;
}

export function sourceKey(s: ModelSource | null): string {
  if (!s) return 'none';
  return 'modelId' in s ? `model:${s.modelId}` : `run:${s.runId}:${s.which ?? 'best'}`;
}

// Module-level caches (not state: they never drive a render by themselves). Small LRUs by insertion order.
const CACHE_LIMIT = 48;
const predictionCache = new Map<string, Promise<ViewerPrediction>>();
const imageCache = new Map<string, Promise<ViewedImage>>();

function remember<T>(cache: Map<string, Promise<T>>, key: string, make: () => Promise<T>): Promise<T> {
  const hit = cache.get(key);
  if (hit) {
    cache.delete(key);
    cache.set(key, hit);
    return hit;
  }
  const p = make();
  cache.set(key, p);
  // A failure is not remembered: the next look tries again (e.g. after the run's first checkpoint).
  p.catch(() => cache.delete(key));
  while (cache.size > CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
  return p;
}

/** Forget cached predictions: all, or those of one run (it got new weights). */
export function clearPredictionCache(runId?: string): void {
  if (runId === undefined) predictionCache.clear();
  else for (const key of predictionCache.keys()) if (key.startsWith(`run:${runId}:`)) predictionCache.delete(key);
}

async function loadImage(datasetId: string, record: ImageRecord, imageSize: number): Promise<ViewedImage> {
  return remember(imageCache, `${datasetId}|${record.key}`, async () => {
    if (datasetId === EXAMPLE_DATASET_ID) {
      return { key: record.key, record, pixels: await exampleImagePixels(record.key), imageSize: EXAMPLE_IMAGE_SIZE };
    }
    const [p] = await getPixels(await database(), datasetId, [record.key]);
    if (!p) throw new Error(`Image "${record.key}" has no stored pixels.`);
    return { key: record.key, record, pixels: p.pixels, ...(p.mask ? { truth: p.mask } : {}), imageSize };
  });
}

const predictionKey = (source: ModelSource, datasetId: string, key: string, smooth: boolean) =>
  `${sourceKey(source)}|${datasetId}|${key}|${smooth ? 'sg' : 'plain'}`;

/**
 * The prediction of an image that was asked for or prefetched (pending or done), without asking for one.
 * @public The viewer browser test waits on it for the prefetch of the next image instead of sleeping.
 */
export function cachedPrediction(source: ModelSource, datasetId: string, key: string, smooth: boolean): Promise<ViewerPrediction> | undefined {
  return predictionCache.get(predictionKey(source, datasetId, key, smooth));
}

/** Side of the example X-rays as the viewer holds them (the import's stored size). */
const EXAMPLE_IMAGE_SIZE = 256;

/** The prediction of one image by one model, cached (shared by the viewer's main model and the model comparison). */
export function predictOne(s: Full, source: ModelSource, datasetId: string, key: string, smooth: boolean): Promise<ViewerPrediction> {
  return remember(predictionCache, predictionKey(source, datasetId, key, smooth), async () => {
    const sg = smooth ? { ...SMOOTHGRAD } : undefined;
    let answer;
    if (datasetId === EXAMPLE_DATASET_ID) {
      // Not stored: the page sends the pixels (a copy: the cached image keeps its own).
      const record = (await exampleImageRecords()).find((r) => r.key === key);
      if (!record) throw new Error(`"${key}" is not one of the example X-rays.`);
      const im = await loadImage(datasetId, record, EXAMPLE_IMAGE_SIZE);
      answer = await inferenceWorker(s).predictPixels(source, [{ key, pixels: im.pixels.slice() }], EXAMPLE_IMAGE_SIZE, sg);
    } else {
      answer = await inferenceWorker(s).predict(source, datasetId, [key], sg);
    }
    const item = answer.items[0];
    if (!item) throw new Error(`The model returned no prediction for "${key}".`);
    return { item, size: answer.size, weights: answer.weights, ms: answer.ms };
  });
}

let settleExample: () => void = () => undefined;
const exampleSettled = new Promise<void>((resolve) => (settleExample = resolve));
/** Set while a first visit's example prediction is still to come (openExample until it is shown or failed). */
let examplePending = false;

/**
 * Resolves once the first visit's example prediction is on screen (or failed, or after `timeoutMs`), at once
 * when this is not a first visit. The backend measurement waits for it, so the first prediction never queues
 * behind it (issue 9, item 8).
 */
export function exampleShown(timeoutMs = 90_000): Promise<void> {
  // Nothing pending: not a first visit, already shown, or a page that never opens the example (a test page).
  if (!examplePending) return Promise.resolve();
  return Promise.race([exampleSettled, new Promise<void>((r) => setTimeout(r, timeoutMs))]);
}

export const createViewerSlice: StateCreator<Full, [], [], ViewerSlice> = (set, get) => {
  const firstVisit = isFirstVisit();
  if (!firstVisit) settleExample();
  // Answers for an image the user has already flipped past are dropped.
  let showToken = 0;
  let datasetToken = 0;
  let imageToken = 0;

  // A training run's latest/best weights change with each checkpoint / epoch: its cached predictions go
  // stale, and the image on screen is predicted again when it shows that run.
  let watching = false;
  function watchRuns(): void {
    if (watching) return;
    watching = true;
    trainWorker().subscribe((e) => {
      if (e.type !== 'checkpoint' && e.type !== 'epoch') return;
      clearPredictionCache(e.runId);
      const src = get().viewerSource;
      if (src && 'runId' in src && src.runId === e.runId && !get().predicting) void predictCurrent(++showToken);
    });
  }

  async function predictCurrent(token: number): Promise<void> {
    const { viewerSource, viewerDatasetId, viewerImages, viewerIndex, viewerOptions } = get();
    const record = viewerImages[viewerIndex];
    if (!viewerSource || !viewerDatasetId || !record) {
      set({ prediction: null, predicting: false, predictionError: null });
      return;
    }
    watchRuns();
    set({ predicting: true, predictionError: null });
    try {
      const prediction = await predictOne(get(), viewerSource, viewerDatasetId, record.key, viewerOptions.smoothGrad);
      if (token === showToken) set({ prediction, predicting: false });
    } catch (err) {
      if (token === showToken) set({ prediction: null, predicting: false, predictionError: messageOf(err) });
      return;
    } finally {
      if (viewerDatasetId === EXAMPLE_DATASET_ID) settleExample();
    }
    // Prefetch the next image (pixels and prediction) while the user looks at this one.
    const next = viewerImages[viewerIndex + 1];
    if (next && token === showToken) {
      const size = get().datasets.find((d) => d.id === viewerDatasetId)?.imageSize ?? 256;
      void loadImage(viewerDatasetId, next, size).catch(() => undefined);
      void predictOne(get(), viewerSource, viewerDatasetId, next.key, viewerOptions.smoothGrad).catch(() => undefined);
    }
  }

  return {
    firstVisit,
    exampleModel: null,

    async loadExampleModel() {
      if (get().exampleModel) return;
      try {
        const files = await exampleModelDescription();
        const config = (files.modelTopology as { config?: ModelSummary['config'] }).config;
        if (!config) throw new Error('its model.json carries no MultiMix config');
        set({ exampleModel: { id: EXAMPLE_MODEL_ID, name: EXAMPLE_MODEL_NAME, config, metadata: files.metadata } });
      } catch (err) {
        get().notify('error', `The example model could not be loaded: ${messageOf(err)}`);
      }
    },

    async openExample() {
      examplePending = true;
      void exampleSettled.then(() => (examplePending = false));
      set({ viewerSource: { modelId: EXAMPLE_MODEL_ID }, prediction: null });
      // The inference worker's start (tfjs, wasm) is most of the first prediction's time: begun now, it overlaps
      // loading the example model's description and X-rays.
      inferenceWorker(get()).warmUp();
      void get().loadExampleModel();
      // The gate opens when the example prediction is shown (predictCurrent), or here when that cannot happen.
      await get().selectViewerDataset(EXAMPLE_DATASET_ID).catch(() => undefined);
      if (get().viewerDatasetId !== EXAMPLE_DATASET_ID || get().predictionError !== null || !get().viewed) settleExample();
    },

    async addExampleToDatasets() {
      try {
        await get().planFiles(await exampleFilesForImport());
        if (get().importPhase === 'preview') await get().commitImport();
      } catch (err) {
        get().notify('error', `The example X-rays could not be imported: ${messageOf(err)}`);
      }
    },

    viewerSource: null,
    savedModels: [],
    viewerDatasetId: null,
    viewerImages: [],
    viewerIndex: 0,
    viewerOptions: DEFAULT_VIEWER_OPTIONS,
    viewed: null,
    prediction: null,
    predicting: false,
    predictionError: null,

    setViewerSource(source) {
      // The same model again changes nothing (a panel's default-model effect must not cancel an image loading).
      if (sourceKey(source) === sourceKey(get().viewerSource)) return;
      set({ viewerSource: source, prediction: null });
      // The inference worker starts its backend now rather than with the first prediction.
      if (source) inferenceWorker(get()).warmUp();
      // The example X-rays go with the example model: another model is shown on the stored datasets.
      if (get().viewerDatasetId === EXAMPLE_DATASET_ID && sourceKey(source) !== sourceKey({ modelId: EXAMPLE_MODEL_ID })) {
        void get().selectViewerDataset(get().datasets[0]?.id ?? null);
        return;
      }
      void predictCurrent(++showToken);
    },

    async refreshModels() {
      try {
        const records = await listModels(await database());
        set({
          savedModels: records.map((r) => ({
            id: r.id, name: r.name, created: r.created, config: r.model, metrics: r.metrics, ...(r.runId ? { runId: r.runId } : {}),
            ...(r.provenance ? { provenance: r.provenance } : {}),
          })),
        });
      } catch (err) {
        get().notify('error', `Could not list the saved models: ${messageOf(err)}`);
      }
    },

    async deleteSavedModel(id) {
      try {
        noteDeliberateRemoval();
        await deleteModel(await database(), id);
        clearPredictionCache();
        const src = get().viewerSource;
        if (src && 'modelId' in src && src.modelId === id) set({ viewerSource: null, prediction: null });
      } catch (err) {
        get().notify('error', `Deleting the model failed: ${messageOf(err)}`);
      }
      await get().refreshModels();
    },

    async selectViewerDataset(id) {
      // Its own token: choosing a model while the image list loads (which bumps showToken) must not drop the
      // dataset (the viewer then stayed empty); a later dataset choice does.
      ++showToken;
      ++imageToken; // an image of the previous dataset still loading is not shown
      const token = ++datasetToken;
      if (!id) {
        set({ viewerDatasetId: null, viewerImages: [], viewerIndex: 0, viewed: null, prediction: null });
        return;
      }
      set({ viewerDatasetId: id, viewerImages: [], viewerIndex: 0, viewed: null, prediction: null, predictionError: null });
      try {
        const images = id === EXAMPLE_DATASET_ID ? await exampleImageRecords() : await listImages(await database(), id);
        if (token !== datasetToken) return;
        set({ viewerImages: images });
        await get().showImage(0);
      } catch (err) {
        get().notify('error', `Could not open the dataset: ${messageOf(err)}`);
      }
    },

    async showImage(index) {
      const { viewerImages, viewerDatasetId } = get();
      if (!viewerDatasetId || viewerImages.length === 0) return;
      const i = Math.max(0, Math.min(viewerImages.length - 1, index));
      const token = ++showToken;
      // The image has its own token: a new model (setViewerSource, which bumps showToken for its prediction)
      // must not drop the pixels of the image still on screen; only another image does.
      const image = ++imageToken;
      set({ viewerIndex: i, prediction: null });
      const record = viewerImages[i] as ImageRecord;
      const size = viewerDatasetId === EXAMPLE_DATASET_ID ? EXAMPLE_IMAGE_SIZE : (get().datasets.find((d) => d.id === viewerDatasetId)?.imageSize ?? 256);
      // The prediction is asked for at once, while the page reads the pixels (the worker reads its own).
      const predicted = predictCurrent(token);
      try {
        const viewed = await loadImage(viewerDatasetId, record, size);
        if (image === imageToken) set({ viewed });
      } catch (err) {
        if (image === imageToken) set({ viewed: null, predictionError: messageOf(err) });
      }
      await predicted;
    },

    setViewerOptions(patch) {
      const smoothChanged = patch.smoothGrad !== undefined && patch.smoothGrad !== get().viewerOptions.smoothGrad;
      set((s) => ({ viewerOptions: { ...s.viewerOptions, ...patch } }));
      if (smoothChanged) void predictCurrent(++showToken);
    },
  };
};
