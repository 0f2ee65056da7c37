// The Node folder reader and the whole pipeline on the real radiographs in ../shared/data/cxr
// (never copied into the repo), exactly as the headless runner uses them.
import { describe, expect, it } from 'vitest';
import { listSourceFiles } from '../../../src/cli/fs-files';
import { type PreparedImage, decodeImageJs, fileMap, isImportIssue, planImport, prepareAll, prepareItem } from '../../../src/core/data/index';

const CXR = '../shared/data/cxr';

describe('listSourceFiles + planImport on ../shared/data/cxr', () => {
  it('plans pneumonia/ as Kermany with 150 + 150 labels from the folders, and prepares them all', async () => {
    const files = await listSourceFiles(`${CXR}/pneumonia`, 'pneumonia');
    expect(files.every((f) => f.path.startsWith('pneumonia/') && !f.path.includes('\\'))).toBe(true);
    const [plan, ...rest] = await planImport(files);
    expect(rest).toEqual([]);
    expect([plan!.root, plan!.layout]).toEqual(['pneumonia', 'kermany']);
    expect(plan!.summary.byClass).toEqual({ normal: 150, pneumonia: 150, unlabeled: 0 });
    for (const it of plan!.items) expect(it.label).toBe(it.imagePath.includes('/PNEUMONIA/') ? 1 : 0);
    expect(plan!.items.every((it) => it.patientId !== undefined)).toBe(true);
    const { images, issues } = await prepareAll(plan!, fileMap(files), { size: 128 });
    expect(issues).toEqual([]);
    expect(images).toHaveLength(300);
    expect(images.every((im) => im.pixels.length === 128 * 128 && Math.max(im.originalWidth, im.originalHeight) <= 512)).toBe(true);
  });

  it('plans lungs/ (208 pairs) and shenzhen/ (10 pairs) as image-mask and prepares masks at 128 px', async () => {
    for (const [name, count] of [['lungs', 208], ['shenzhen', 10]] as const) {
      const files = await listSourceFiles(`${CXR}/${name}`, name);
      const plans = await planImport(files);
      expect(plans.map((p) => [p.root, p.layout, p.items.length, p.issues.length])).toEqual([[name, 'image-mask', count, 0]]);
      const map = fileMap(files);
      for (const item of plans[0]!.items.slice(0, 4)) {
        const r = await prepareItem(item, map, { size: 128 });
        expect(isImportIssue(r)).toBe(false);
        const im = r as PreparedImage;
        const lung = im.mask!.filter((v) => v === 255).length;
        expect(im.mask!.every((v) => v === 0 || v === 255)).toBe(true);
        expect(lung / im.mask!.length).toBeGreaterThan(0.05);
        expect(lung / im.mask!.length).toBeLessThan(0.7);
      }
    }
  });

  it('decodes all 6 originals (large JPEG, RGB and RGBA PNG)', async () => {
    const files = await listSourceFiles(`${CXR}/originals`);
    expect(files).toHaveLength(6);
    for (const f of files) {
      const img = await decodeImageJs(await f.read(), f.path);
      expect(img.gray.length).toBe(img.width * img.height);
      expect(Math.min(img.width, img.height)).toBeGreaterThan(200);
      let lo = 255;
      let hi = 0;
      for (const v of img.gray) [lo, hi] = [Math.min(lo, v), Math.max(hi, v)];
      expect(hi - lo).toBeGreaterThan(100); // real contrast, not a blank or black decode
    }
  });
});
