// The built-in demo dataset: SYNTHETIC chest phantoms from the core's generator, stored like any
// other dataset but flagged `synthetic` and named so that it can never pass for real data.
import { createRng } from '../../core/rng';
import { generatePhantoms } from '../../core/data/phantom';
import type { PreparedImage } from '../../core/data/types';
import { beginDatasetImport } from '../storage/datasets';
import type { WorkbenchDatabase } from '../storage/db';
import { ensureSpaceFor, estimateDatasetBytes } from '../storage/quota';
import { writeDataset } from './import-run';
import type { AssignmentOptions, DatasetImportResult, ImportProgress, PhantomRequestOptions } from './protocol';

import { SYNTHETIC_LABEL } from './defaults';

export { SYNTHETIC_LABEL } from './defaults';

export async function createPhantomDataset(
  db: WorkbenchDatabase,
  options: PhantomRequestOptions,
  assignment: AssignmentOptions,
  hooks: { signal?: AbortSignal; onProgress?: (p: ImportProgress) => void } = {},
): Promise<DatasetImportResult> {
  const started = performance.now();
  const size = 256;
  const name = `${SYNTHETIC_LABEL} (${options.count} images, seed ${options.seed})`;
  await ensureSpaceFor(estimateDatasetBytes(options.count, options.count, size), `the synthetic phantom dataset`);
  const phantoms = generatePhantoms({ count: options.count, size }, createRng(options.seed));
  const writer = await beginDatasetImport(db, {
    name,
    layout: 'synthetic-phantom',
    domain: 'in-domain',
    synthetic: true,
    imageSize: size,
    source: `Built-in phantom generator, seed ${options.seed}. ${SYNTHETIC_LABEL}.`,
    assignment: { ...assignment, splitsFromLayout: false },
  });
  async function* withProgress(): AsyncGenerator<PreparedImage> {
    for (const [i, p] of phantoms.entries()) {
      if (i % 16 === 0) {
        const seconds = Math.max((performance.now() - started) / 1000, 1e-3);
        hooks.onProgress?.({ dataset: name, done: i, total: phantoms.length, rate: i / seconds, currentPath: p.sourcePath });
      }
      yield p;
    }
  }
  const written = await writeDataset(writer, withProgress(), assignment, hooks.signal ? { signal: hooks.signal } : {});
  return { dataset: written?.dataset ?? null, name, imported: written?.images.length ?? 0, skipped: [], seconds: (performance.now() - started) / 1000 };
}
