// Layout recognition from paths alone (plus CSV contents), on in-memory file lists.
import { describe, expect, it } from 'vitest';
import { type ImportPlan, type SourceFile, kermanyPatientId, nihLabel, csvLabel, planImport } from '../../../src/core/data/index';

function mem(path: string, content: string | Uint8Array = 'x'): SourceFile {
  const bytes = typeof content === 'string' ? new TextEncoder().encode(content) : content;
  return { path, size: bytes.length, read: async () => bytes };
}
const files = (...paths: string[]) => paths.map((p) => mem(p));
const one = (plans: ImportPlan[]) => {
  expect(plans).toHaveLength(1);
  return plans[0]!;
};
const byKey = (plan: ImportPlan) => Object.fromEntries(plan.items.map((i) => [i.key, i]));

describe('kermany', () => {
  it('reads labels, splits and patients from the Kaggle tree, ignoring clutter and the nested copy', async () => {
    const plan = one(await planImport(files(
      'chest_xray/train/NORMAL/IM-0115-0001.jpeg',
      'chest_xray/train/NORMAL/NORMAL2-IM-0115-0002.jpeg',
      'chest_xray/train/PNEUMONIA/person1_bacteria_1.jpeg',
      'chest_xray/val/PNEUMONIA/person1_virus_6.jpeg',
      'chest_xray/test/NORMAL/IM-0001-0001.jpeg',
      'chest_xray/chest_xray/train/NORMAL/IM-0115-0001.jpeg',
      'chest_xray/__MACOSX/train/NORMAL/._IM-0115-0001.jpeg',
      'chest_xray/train/.DS_Store',
    )));
    expect([plan.root, plan.layout]).toEqual(['chest_xray', 'kermany']);
    const items = byKey(plan);
    expect(Object.keys(items).sort()).toEqual([
      'test/NORMAL/IM-0001-0001',
      'train/NORMAL/IM-0115-0001',
      'train/NORMAL/NORMAL2-IM-0115-0002',
      'train/PNEUMONIA/person1_bacteria_1',
      'val/PNEUMONIA/person1_virus_6',
    ]);
    expect(items['train/PNEUMONIA/person1_bacteria_1']).toMatchObject({ label: 1, split: 'train', patientId: 'person1' });
    expect(items['train/NORMAL/NORMAL2-IM-0115-0002']).toMatchObject({ label: 0, split: 'train', patientId: 'IM-0115' });
    expect(items['val/PNEUMONIA/person1_virus_6']).toMatchObject({ label: 1, split: 'val', patientId: 'person1' });
    expect(plan.summary).toMatchObject({ items: 5, byClass: { normal: 3, pneumonia: 2, unlabeled: 0 }, bySplit: { train: 3, val: 1, test: 1, unassigned: 0 }, ignored: 3 });
    expect(plan.issues).toEqual([]);
  });
  it('accepts class folders without a split level, whatever the case', async () => {
    const plan = one(await planImport(files('pneumonia/NORMAL/a.jpeg', 'pneumonia/PNEUMONIA/b.jpeg', 'pneumonia/normal/c.jpeg')));
    expect(plan.root).toBe('pneumonia');
    expect(plan.items.map((i) => [i.key, i.label, i.split])).toEqual([
      ['NORMAL/a', 0, undefined],
      ['PNEUMONIA/b', 1, undefined],
      ['normal/c', 0, undefined],
    ]);
  });
  it('parses Kermany patient ids', () => {
    expect(kermanyPatientId('person123_bacteria_456.jpeg')).toBe('person123');
    expect(kermanyPatientId('NORMAL2-IM-0012-0001.jpeg')).toBe('IM-0012');
    expect(kermanyPatientId('IM-0012-0001.jpeg')).toBe('IM-0012');
    expect(kermanyPatientId('scan.jpeg')).toBeUndefined();
  });
});

describe('image + mask', () => {
  it('pairs images/ and masks/ by name, mask suffix or other extension', async () => {
    const plan = one(await planImport(files('set/images/a.png', 'set/images/b.png', 'set/masks/a.png', 'set/masks/b_mask.gif', 'set/images/c.png', 'set/masks/d.png')));
    expect(plan.layout).toBe('image-mask');
    expect(plan.items.map((i) => [i.key, i.maskPaths])).toEqual([
      ['images/a', ['set/masks/a.png']],
      ['images/b', ['set/masks/b_mask.gif']],
    ]);
    expect(plan.issues.map((i) => [i.path, i.code])).toEqual([
      ['set/images/c.png', 'image-without-mask'],
      ['set/masks/d.png', 'mask-without-image'],
    ]);
  });
  it('pairs x.png with x_mask.png in one folder', async () => {
    const plan = one(await planImport(files('seg/x.png', 'seg/x_mask.png', 'seg/y.png', 'seg/y_mask.png')));
    expect([plan.layout, plan.items.length, plan.items[1]!.maskPaths]).toEqual(['image-mask', 2, ['seg/y_mask.png']]);
  });
});

describe('montgomery and jsrt', () => {
  it('unions Montgomery left and right masks and leaves the TB suffix out of the label', async () => {
    const plan = one(await planImport(files(
      'MontgomerySet/CXR_png/MCUCXR_0001_0.png',
      'MontgomerySet/CXR_png/MCUCXR_0104_1.png',
      'MontgomerySet/ManualMask/leftMask/MCUCXR_0001_0.png',
      'MontgomerySet/ManualMask/rightMask/MCUCXR_0001_0.png',
      'MontgomerySet/ManualMask/leftMask/MCUCXR_0104_1.png',
      'MontgomerySet/ManualMask/rightMask/MCUCXR_0104_1.png',
      'MontgomerySet/ClinicalReadings/MCUCXR_0001_0.txt',
    )));
    expect(plan.layout).toBe('montgomery');
    expect(plan.items[1]).toEqual({
      key: 'CXR_png/MCUCXR_0104_1',
      imagePath: 'MontgomerySet/CXR_png/MCUCXR_0104_1.png',
      maskPaths: ['MontgomerySet/ManualMask/leftMask/MCUCXR_0104_1.png', 'MontgomerySet/ManualMask/rightMask/MCUCXR_0104_1.png'],
      patientId: 'MCUCXR_0104',
    });
    expect(plan.summary.ignored).toBe(1);
  });
  it('matches JSRT images with SCR left/right lung GIFs across folds, skipping heart/clavicle masks', async () => {
    const plan = one(await planImport(files(
      'jsrt/All247images/JPCLN001.IMG',
      'jsrt/All247images/JPCNN002.IMG',
      'jsrt/scr/fold1/masks/left lung/JPCLN001.gif',
      'jsrt/scr/fold1/masks/right lung/JPCLN001.gif',
      'jsrt/scr/fold1/masks/heart/JPCLN001.gif',
      'jsrt/scr/fold2/masks/left lung/JPCNN002.gif',
    )));
    expect([plan.root, plan.layout]).toEqual(['jsrt', 'jsrt']);
    expect(plan.items.map((i) => i.maskPaths)).toEqual([['jsrt/scr/fold1/masks/left lung/JPCLN001.gif', 'jsrt/scr/fold1/masks/right lung/JPCLN001.gif']]);
    expect(plan.issues.map((i) => [i.path, i.code])).toEqual([['jsrt/All247images/JPCNN002.IMG', 'image-without-mask']]);
    expect(plan.items[0]!.label).toBeUndefined();
  });
});

describe('csv layouts', () => {
  it('applies the NIH label rule and reports missing rows by count past the first 20', async () => {
    const rows = ['Image Index,Finding Labels,Follow-up #,Patient ID', 'a.png,No Finding,0,11', 'b.png,Effusion|Pneumonia,0,12', 'c.png,Effusion,0,13'];
    for (let i = 0; i < 25; i++) rows.push(`gone${i}.png,No Finding,0,99`);
    const plan = one(await planImport([mem('nih/Data_Entry_2017.csv', rows.join('\n')), ...files('nih/images_001/images/a.png', 'nih/images_001/images/b.png', 'nih/images_002/images/c.png')]));
    expect(plan.layout).toBe('nih-csv');
    expect(plan.items.map((i) => [i.imagePath, i.label, i.patientId])).toEqual([
      ['nih/images_001/images/a.png', 0, '11'],
      ['nih/images_001/images/b.png', 1, '12'],
    ]);
    const codes = plan.issues.map((i) => i.code);
    expect(codes.filter((c) => c === 'unknown-label')).toHaveLength(1);
    expect(codes.filter((c) => c === 'csv-missing-file')).toHaveLength(21);
    expect(plan.issues.at(-1)!.message).toContain('5 more rows');
    expect(nihLabel('Pneumonia')).toBe(1);
    expect(nihLabel('No Finding|Effusion')).toBeUndefined();
  });
  it('reads a generic filename,label CSV with optional split and patient columns', async () => {
    const csv = 'Image,Label,Split,patient_id\nimg/1.png,Pneumonia,test,p1\nimg/2.png,0,train,p2\n';
    const plan = one(await planImport([mem('d/labels.csv', csv), ...files('d/img/1.png', 'd/img/2.png')]));
    expect(plan.layout).toBe('label-csv');
    expect(plan.items.map((i) => [i.key, i.label, i.split, i.patientId])).toEqual([
      ['img/1', 1, 'test', 'p1'],
      ['img/2', 0, 'train', 'p2'],
    ]);
    expect([csvLabel('NORMAL'), csvLabel(' 1 '), csvLabel('covid')]).toEqual([0, 1, undefined]);
  });
});

describe('names as people save them (issue 7)', () => {
  it('pairs an NFC image with an NFD mask and ignores the case of extensions', async () => {
    const plan = one(await planImport(files('set/images/R\u00f6ntgen 03.png', 'set/masks/Ro\u0308ntgen 03_mask.PNG', 'set/images/B.JPG', 'set/masks/b.png')));
    expect(plan.issues).toEqual([]);
    expect(plan.items.map((i) => [i.imagePath, i.maskPaths])).toEqual([
      ['set/images/B.JPG', ['set/masks/b.png']],
      ['set/images/R\u00f6ntgen 03.png', ['set/masks/Ro\u0308ntgen 03_mask.PNG']],
    ]);
  });
  it('matches CSV ids with or without extension, and NFD ids to NFC files', async () => {
    const plans = await planImport([mem('t/labels.csv', 'image_id,label\nxr001,normal\nXR002.png,pneumonia\nRo\u0308ntgen,1\nxr003.jpg,0\n'), ...files('t/xr001.png', 't/sub/xr002.png', 't/R\u00f6ntgen.dcm', 't/xr003.png')]);
    expect(plans.map((p) => [p.layout, p.items.map((i) => i.imagePath)])).toEqual([['label-csv', ['t/xr001.png', 't/sub/xr002.png', 't/R\u00f6ntgen.dcm']], ['flat-images', ['t/xr003.png']]]);
    const plan = plans[0]!;
    expect(plan.items.map((i) => [i.imagePath, i.label])).toEqual([['t/xr001.png', 0], ['t/sub/xr002.png', 1], ['t/R\u00f6ntgen.dcm', 1]]);
    // An id with another extension is not a match: xr003.jpg is missing, xr003.png stays unlabeled.
    expect(plan.issues.map((i) => [i.path, i.code])).toEqual([['t/xr003.jpg', 'csv-missing-file']]);
  });
  it('reads the RSNA table: one image per patientId, repeated rows merged, contradictions reported', async () => {
    const csv = 'patientId,x,y,width,height,Target\na1,,,,,0\nb2,1,2,3,4,1\nb2,5,6,7,8,1\nc3,,,,,0\nc3,1,1,1,1,1\n';
    const plan = one(await planImport([mem('rsna/stage_2_train_labels.csv', csv), ...files('rsna/stage_2_train_images/a1.dcm', 'rsna/stage_2_train_images/b2.dcm', 'rsna/stage_2_train_images/c3.dcm')]));
    expect([plan.root, plan.layout]).toEqual(['rsna', 'rsna-csv']);
    expect(plan.items.map((i) => [i.key, i.label, i.patientId])).toEqual([['stage_2_train_images/a1', 0, 'a1'], ['stage_2_train_images/b2', 1, 'b2'], ['stage_2_train_images/c3', 0, 'c3']]);
    expect(plan.issues.map((i) => i.code)).toEqual(['csv-bad-row']);
    expect(plan.issues[0]!.message).toMatch(/row 6 gives c3 the label "1" but an earlier row gave "0"/);
  });
});

describe('mixed drops and leftovers', () => {
  it('returns one plan per recognised root and groups the rest as unlabeled or DICOM', async () => {
    const dicm = new Uint8Array(200);
    dicm.set(new TextEncoder().encode('DICM'), 128);
    const plans = await planImport([
      ...files('drop/pneumonia/NORMAL/a.jpeg', 'drop/pneumonia/PNEUMONIA/b.jpeg', 'drop/lungs/images/a.png', 'drop/lungs/masks/a.png', 'drop/originals/big.jpeg', 'drop/README.md'),
      mem('dicoms/series1/IM0001', dicm),
      mem('dicoms/series1/IM0002.dcm', dicm),
      mem('dicoms/LICENSE', 'MIT licence text'),
      mem('drop/originals/empty.png', ''),
    ]);
    expect(plans.map((p) => [p.root, p.layout, p.items.length])).toEqual([
      ['dicoms', 'dicom', 2],
      ['drop/lungs', 'image-mask', 1],
      ['drop/originals', 'flat-images', 1],
      ['drop/pneumonia', 'kermany', 2],
    ]);
    expect(plans[2]!.issues.map((i) => [i.path, i.code])).toEqual([['drop/originals/empty.png', 'empty-file']]);
    expect(plans[0]!.summary.ignored).toBe(1);
  });
  it('returns nothing for an empty or clutter-only drop', async () => {
    expect(await planImport([])).toEqual([]);
    expect(await planImport(files('__MACOSX/._a.png', '.DS_Store'))).toEqual([]);
  });
});
