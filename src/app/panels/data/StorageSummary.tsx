// How much browser storage is used, so users see the cost of a dataset before the disk fills up.
import { formatBytes } from '../../../platform/storage';
import { useStore } from '../../store';

export function StorageSummary() {
  const space = useStore((s) => s.space);
  const persisted = useStore((s) => s.persisted);
  if (!space) return null;
  const text = space.known ? `${formatBytes(space.usage)} of ${formatBytes(space.quota)} browser storage used` : 'Browser storage size unknown';
  return (
    <p className="storage-summary" title={persisted ? 'The browser will not evict this data under storage pressure.' : 'The browser may evict this data if the disk runs low.'}>
      {text}
      {persisted ? ' · kept' : ' · may be evicted'}
    </p>
  );
}
