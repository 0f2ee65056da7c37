// What the user sees of a plan before committing: layout, counts, issues, a few example paths and a
// suggested dataset name.
import { MASK_RULE } from '../../core/data/mask';
import type { ImportPlan, LayoutName } from '../../core/data/types';
import type { PlanPreview } from './protocol';

export const LAYOUT_DESCRIPTIONS: Record<LayoutName, string> = {
  kermany: 'Kermany / Kaggle chest_xray: class folders NORMAL and PNEUMONIA (labels from folder names)',
  'image-mask': 'Image folder + mask folder with matching names (lung masks)',
  montgomery: 'Montgomery: CXR_png + ManualMask/leftMask + rightMask (masks unioned)',
  jsrt: 'JSRT raw .IMG (2048², 12-bit) with SCR lung masks',
  'nih-csv': 'NIH ChestX-ray14: Data_Entry_2017.csv (Pneumonia vs No Finding)',
  'rsna-csv': 'RSNA Pneumonia Detection: stage_2_train_labels.csv (patientId → .dcm, Target 0/1)',
  'label-csv': 'Images with a filename,label CSV',
  dicom: 'DICOM files',
  'flat-images': 'Images without labels or masks (unlabeled)',
  'workbench-export': 'A dataset exported by the workbench (dataset.json: name, domain, splits, labels and masks restored)',
};

export function suggestedName(plan: Pick<ImportPlan, 'root' | 'layout' | 'dataset'>): string {
  if (plan.dataset) return plan.dataset.name;
  const last = plan.root.split('/').filter(Boolean).at(-1);
  return last ?? `Imported ${plan.layout} images`;
}

export function previewOf(plan: ImportPlan, index: number): PlanPreview {
  return {
    index,
    root: plan.root,
    layout: plan.layout,
    summary: plan.summary,
    issues: plan.issues,
    suggestedName: suggestedName(plan),
    ...(plan.dataset ? { suggestedDomain: plan.dataset.domain, synthetic: plan.dataset.synthetic } : {}),
    examples: plan.items.slice(0, 3).map((it) => it.imagePath),
    ...(plan.summary.withMask > 0 ? { maskRule: MASK_RULE } : {}),
  };
}
