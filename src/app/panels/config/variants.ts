// One line per ablation of the paper (Haque et al. 2021, Table 1 rows), for the variant picker.
import type { Variant } from '../../../core/config';

export const VARIANT_DESCRIPTIONS: Record<Variant, string> = {
  unet: 'U-Net: segmentation only (Dice on the labeled masks)',
  enc: 'Encoder: classification only (cross-entropy on the labeled images)',
  'enc-ssl': 'Encoder + FixMatch on unlabeled images: semi-supervised classification only',
  umtl: 'Multitask U-Net: both heads, supervised losses only',
  'umtl-s': 'Multitask + saliency bridge from the classifier into the decoder',
  'umtl-ssl': 'Multitask + FixMatch on unlabeled classification images',
  'umtl-ssl-s': 'Multitask + FixMatch + saliency bridge',
  multimix: 'MultiMix: FixMatch + saliency bridge + KL between labeled and unlabeled masks',
};
