// Export → zip → import again: the zip holds PNGs, masks and a labels.csv, and dropping it back onto
// the app is understood as the same dataset.
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { decodeImageJs, fileMap, planImport } from '../../../src/core/data';
import { deleteDatabase, getPixels, listImages, openDatabase, type WorkbenchDatabase } from '../../../src/platform/storage';
import { importPlan } from '../../../src/platform/import/import-run';
import { DEFAULT_ASSIGNMENT } from '../../../src/platform/import/assignment';
import { csvField, exportBaseName, exportDatasetZip, exportFileNames } from '../../../src/platform/import/export-zip';
import { sourcesFromDrop, sourcesFromZip } from '../../../src/platform/import/source-files';
import { imageMaskFolder } from './sources';

let db: WorkbenchDatabase;
let dbName = '';
beforeEach(async () => {
  dbName = `export-${Math.random()}`;
  db = await openDatabase(dbName);
});
afterEach(async () => {
  db.close();
  await deleteDatabase(dbName);
});

describe('exportDatasetZip', () => {
  it('writes images, masks and labels.csv that re-import as the same dataset', async () => {
    const files = imageMaskFolder('lungs', 5);
    const [plan] = await planImport(files);
    const { dataset } = await importPlan(plan!, fileMap(files), { name: 'My lungs: v1', domain: 'in-domain', source: 't' }, DEFAULT_ASSIGNMENT, { db });
    const out = await exportDatasetZip(db, dataset!.id);
    expect(out.fileName).toBe('My-lungs-v1.zip');
    expect(out.files).toBe(5 + 5 + 1);

    const { files: entries, issues } = await sourcesFromZip('export.zip', out.zip);
    expect(issues).toEqual([]);
    const paths = entries.map((e) => e.path).sort();
    expect(paths).toContain('export/My-lungs-v1/labels.csv');
    expect(paths).toContain('export/My-lungs-v1/images/images__case0.png');
    expect(paths).toContain('export/My-lungs-v1/masks/images__case0.png');
    const csv = new TextDecoder().decode(await entries.find((e) => e.path.endsWith('labels.csv'))!.read());
    const [header, ...rows] = csv.trim().split('\r\n');
    expect(header).toBe('key,image,mask,label,label_name,split,patient_id,labeled_cls,labeled_seg,original_width,original_height,source_path');
    expect(rows).toHaveLength(5);
    const stored = await listImages(db, dataset!.id);
    const case0 = stored.find((s) => s.key === 'images/case0')!;
    expect(rows[0]).toBe(`images/case0,images/images__case0.png,masks/images__case0.png,,,${case0.split},,false,true,48,40,lungs/images/case0.png`);

    // The PNG in the zip is exactly the stored 256² image.
    const png = await entries.find((e) => e.path.endsWith('images/images__case2.png'))!.read();
    const decoded = await decodeImageJs(png, 'case2.png');
    const [px] = await getPixels(db, dataset!.id, ['images/case2']);
    expect(decoded.width).toBe(256);
    expect(decoded.gray).toEqual(px!.pixels);

    // Dropping the exported zip is understood as an image + mask dataset of 5 items.
    const again = await sourcesFromDrop([{ path: 'export.zip', file: new File([await out.zip.arrayBuffer()], 'export.zip') }]);
    const plans = await planImport(again.files);
    const imagePlan = plans.find((p) => p.layout === 'image-mask');
    expect(imagePlan?.summary.items).toBe(5);
    expect(imagePlan?.summary.withMask).toBe(5);

    // ...and imports from the zip (entries read concurrently) to the very same pixels and masks.
    const reimported = await importPlan(imagePlan!, fileMap(again.files), { name: 'again', domain: 'cross-domain', source: 'zip' }, DEFAULT_ASSIGNMENT, { db, concurrency: 4 });
    expect(reimported.imported).toBe(5);
    const [orig, copy] = await Promise.all([getPixels(db, dataset!.id, ['images/case4']), getPixels(db, reimported.dataset!.id, [(await listImages(db, reimported.dataset!.id)).find((im) => im.sourcePath.endsWith('images__case4.png'))!.key])]);
    expect(copy[0]!.pixels).toEqual(orig[0]!.pixels);
    expect(copy[0]!.mask).toEqual(orig[0]!.mask);
  });

  it('quotes CSV fields only when needed and makes safe file names', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField(undefined)).toBe('');
    expect(exportBaseName('Synthetic phantom — not real data (200 images, seed 1)')).toBe('Synthetic-phantom-not-real-data-200-images-seed-1');
    expect(exportBaseName('///')).toBe('dataset');
    expect([...exportFileNames(['train/NORMAL/a', 'train__NORMAL__a', 'b']).values()]).toEqual(['train__NORMAL__a.png', 'train__NORMAL__a~2.png', 'b.png']);
  });

  it('reports a zip that cannot be opened as one read-failed issue', async () => {
    const { files, issues } = await sourcesFromZip('broken.zip', new Blob([new Uint8Array([0x50, 0x4b, 3, 4, 1, 2, 3])]));
    expect(files).toEqual([]);
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ path: 'broken.zip', code: 'read-failed' });
    expect(issues[0]?.message).toMatch(/^broken\.zip: zip archive could not be opened/);
  });
});
