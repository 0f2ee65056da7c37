// A dataset's counts per class, per split and labeled vs unlabeled (after the label budget).
import type { DatasetRecord } from '../../../platform/storage';

export function DatasetCounts({ dataset }: { dataset: DatasetRecord }) {
  const c = dataset.counts;
  return (
    <table className="counts" data-testid="dataset-counts">
      <tbody>
        <tr>
          <th scope="row">Images</th>
          <td data-count="images">{c.images}</td>
          <th scope="row">Classes</th>
          <td>
            normal <span data-count="normal">{c.byClass.normal}</span> · pneumonia <span data-count="pneumonia">{c.byClass.pneumonia}</span> · no label{' '}
            <span data-count="unlabeled">{c.byClass.unlabeled}</span>
          </td>
        </tr>
        <tr>
          <th scope="row">Lung masks</th>
          <td data-count="masks">{c.withMask}</td>
          <th scope="row">Splits</th>
          <td>
            train <span data-count="train">{c.bySplit.train}</span> · val <span data-count="val">{c.bySplit.val}</span> · test{' '}
            <span data-count="test">{c.bySplit.test}</span>
          </td>
        </tr>
        <tr>
          <th scope="row">Labeled</th>
          <td>
            cls <span data-count="labeled-cls">{c.labeledCls}</span> · seg <span data-count="labeled-seg">{c.labeledSeg}</span>
          </td>
          <th scope="row">Unlabeled (train)</th>
          <td>
            for classification <span data-count="unlabeled-cls">{c.unlabeledTrain.cls}</span> · for segmentation{' '}
            <span data-count="unlabeled-seg">{c.unlabeledTrain.seg}</span>
          </td>
        </tr>
      </tbody>
    </table>
  );
}
