// Export → zip → import again: the zip holds PNGs, masks, a labels.csv and dataset.json, and dropping it back
// onto the app gives the same dataset, every stored field compared (issue 9: the cross-domain tag was lost).
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { decodeImageJs, fileMap, planImport } from '../../../src/core/data';
import {
  beginDatasetImport, deleteDatabase, getDataset, getPixels, listImages, openDatabase, setDatasetDomain,
  type ImageRecord, type WorkbenchDatabase,
} from '../../../src/platform/storage';
import { previewOf } from '../../../src/platform/import/preview';
import { createRng } from '../../../src/core/rng';
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
    expect(out.files).toBe(5 + 5 + 2);

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

    // Without its dataset.json (a zip made by hand from it) the export still reads as an image + mask dataset.
    const dropped = await sourcesFromDrop([{ path: 'export.zip', file: new File([await out.zip.arrayBuffer()], 'export.zip') }]);
    const again = { files: dropped.files.filter((f) => !f.path.endsWith('/dataset.json')) };
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

  it('round-trips every field of the dataset and image records (domain tag, splits, labels, masks, synthetic, …)', async () => {
    const S = 256;
    const rng = createRng(7);
    const pixels = (k: number) => Uint8Array.from({ length: S * S }, (_, i) => (i * (k + 3) + rng.int(64)) & 255);
    const mask = () => Uint8Array.from({ length: S * S }, (_, i) => ((i % S) > 60 && (i % S) < 190 && i > S * 40 && i < S * 210 ? 255 : 0));
    const writer = await beginDatasetImport(db, {
      name: 'Shenzhen: held out', layout: 'montgomery', domain: 'in-domain', synthetic: true, imageSize: S, source: 'CXR.zip',
      assignment: { seed: 42, fractions: { val: 0.2, test: 0.3 }, budget: { seg: 1, cls: 'all' }, splitsFromLayout: false },
    });
    const records: Omit<ImageRecord, 'datasetId'>[] = [
      { key: 'CXR_png/MCUCXR_0001_0', sourcePath: 'mc/CXR_png/MCUCXR_0001_0.png', maskPaths: ['mc/ManualMask/leftMask/MCUCXR_0001_0.png', 'mc/ManualMask/rightMask/MCUCXR_0001_0.png'],
        originalWidth: 4020, originalHeight: 4892, label: 1, hasMask: true, patientId: 'MCUCXR_0001', split: 'train', layoutSplit: 'train',
        labeled: { cls: true, seg: false }, contentHash: '0123456789abcdef', synthetic: true },
      { key: 'CXR_png/MCUCXR_0002_1', sourcePath: 'mc/CXR_png/MCUCXR_0002_1.png', originalWidth: 4892, originalHeight: 4020, label: 0, hasMask: false,
        split: 'val', labeled: { cls: true, seg: false }, contentHash: 'fedcba9876543210' },
      { key: 'x/y', sourcePath: 'mc/x/y.png', maskPaths: ['mc/m/y.png'], originalWidth: 300, originalHeight: 200, hasMask: true, patientId: 'p, "3"',
        split: 'test', labeled: { cls: false, seg: true }, contentHash: '00000000000000ff' },
    ];
    await writer.putPixels(records.map((r, k) => (r.hasMask ? { key: r.key, pixels: pixels(k), mask: mask() } : { key: r.key, pixels: pixels(k) })));
    const original = await setDatasetDomain(db, (await writer.commit(records)).id, 'cross-domain');
    const originalImages = await listImages(db, original.id);

    const out = await exportDatasetZip(db, original.id);
    const dropped = await sourcesFromDrop([{ path: 'shenzhen.zip', file: new File([await out.zip.arrayBuffer()], 'shenzhen.zip') }]);
    const plans = await planImport(dropped.files);
    expect(plans.map((p) => [p.layout, p.items.length, p.issues])).toEqual([['workbench-export', 3, []]]);
    const preview = previewOf(plans[0]!, 0);
    expect([preview.suggestedName, preview.suggestedDomain, preview.synthetic]).toEqual(['Shenzhen: held out', 'cross-domain', true]);

    // A file the manifest lists but the drop lacks is named, and the rest still comes back.
    const lacking = await planImport(dropped.files.filter((f) => !f.path.endsWith('images/x__y.png')));
    expect(lacking.map((p) => [p.layout, p.items.length])).toEqual([['workbench-export', 2]]);
    expect(lacking[0]!.issues).toEqual([
      { path: 'shenzhen/Shenzhen-held-out/images/x__y.png', code: 'csv-missing-file', message: 'shenzhen/Shenzhen-held-out/images/x__y.png: listed in shenzhen/Shenzhen-held-out/dataset.json but not among the dropped files' },
    ]);

    const back = await importPlan(plans[0]!, fileMap(dropped.files), { name: preview.suggestedName, domain: preview.suggestedDomain!, source: 'shenzhen.zip' },
      { seed: 1, fractions: { val: 0.1, test: 0.2 }, budget: { seg: 'all', cls: 'all' } }, { db });
    expect(back.skipped).toEqual([]);
    const copy = (await getDataset(db, back.dataset!.id))!;
    const { id: _i1, created: _c1, updated: _u1, heartbeat: _h1, source: src1, name: name1, ...restOriginal } = original;
    const { id: _i2, created: _c2, updated: _u2, heartbeat: _h2, source: src2, name: name2, ...restCopy } = copy;
    expect(restCopy).toEqual(restOriginal);
    expect(src2).toBe(`${src1} (re-imported from shenzhen.zip)`);
    // The original is still stored, so the copy gets a distinct name.
    expect([name1, name2]).toEqual(['Shenzhen: held out', 'Shenzhen: held out (2)']);

    const strip = (im: ImageRecord) => ({ ...im, datasetId: '' });
    const copyImages = await listImages(db, copy.id);
    expect(copyImages.map(strip).sort((a, b) => a.key.localeCompare(b.key))).toEqual(originalImages.map(strip).sort((a, b) => a.key.localeCompare(b.key)));
    for (const r of records) {
      const [a, b] = await Promise.all([getPixels(db, original.id, [r.key]), getPixels(db, copy.id, [r.key])]);
      expect(b[0]!.pixels).toEqual(a[0]!.pixels);
      expect(b[0]!.mask).toEqual(a[0]!.mask);
    }
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
