// Reads the datasets of a run from IndexedDB (metadata, then pixels in chunks) and assembles its sets.
import { getDataset, getPixels, listImages } from '../storage/datasets';
import type { WorkbenchDatabase } from '../storage/db';
import type { WorkbenchRunConfig } from '../../core/workbench-config';
import type { RunImageKeys } from '../../core/train/run-assembly';
import { assembleRunData, RunDataError, type LoadedDataset, type RunData } from './run-data';

/** Keys per pixels transaction: bounded memory churn, few round trips. */
const PIXEL_CHUNK = 256;

export async function loadDataset(db: WorkbenchDatabase, datasetId: string, role: LoadedDataset['role']): Promise<LoadedDataset> {
  const dataset = await getDataset(db, datasetId);
  if (!dataset) throw new RunDataError(`dataset ${datasetId} (role ${role}) no longer exists; pick the datasets of this run again`);
  if (dataset.status !== 'ready') throw new RunDataError(`dataset "${dataset.name}" is still being imported`);
  const images = await listImages(db, datasetId);
  if (images.length === 0) throw new RunDataError(`dataset "${dataset.name}" has no images`);
  const out: LoadedDataset = { dataset, role, images: [] };
  for (let i = 0; i < images.length; i += PIXEL_CHUNK) {
    const chunk = images.slice(i, i + PIXEL_CHUNK);
    const pixels = await getPixels(db, datasetId, chunk.map((im) => im.key));
    chunk.forEach((image, j) => {
      const p = pixels[j]!;
      out.images.push(p.mask ? { image, pixels: p.pixels, mask: p.mask } : { image, pixels: p.pixels });
    });
  }
  return out;
}

/** `recorded`: the image keys the run recorded at its start; a resume trains on exactly those (see assembleRunData). */
export async function loadRunData(db: WorkbenchDatabase, config: WorkbenchRunConfig, recorded?: RunImageKeys): Promise<RunData> {
  const loaded: LoadedDataset[] = [];
  for (const use of config.datasets) loaded.push(await loadDataset(db, use.datasetId, use.role));
  return assembleRunData(config, loaded, recorded);
}
