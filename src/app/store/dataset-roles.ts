// Dataset roles as the workbench assigns them (issue 9): a dataset gets a default role once, the first time
// it is seen ready; after that only the user changes it ("unused" included, which is simply absence from the
// config's list — an empty list trains on nothing, never on everything). Synthetic phantoms default to
// "unused" as soon as any real dataset exists, so a run does not mix them in by accident.
import type { DatasetUse } from '../../core/workbench-config';

export interface RoleDataset {
  id: string;
  domain: string;
  status: string;
  synthetic: boolean;
}

/** The default role of a dataset: in-domain ones train, cross-domain ones are the cross-domain test. */
function defaultUse(d: RoleDataset): DatasetUse {
  return { datasetId: d.id, role: d.domain === 'cross-domain' ? 'cross-domain' : 'train' };
}

/** Every ready dataset in its default role; phantoms stay unused when a real dataset is ready. */
export function defaultDatasetUses(datasets: readonly RoleDataset[]): DatasetUse[] {
  return adoptDatasets([], datasets, []).uses;
}

/**
 * Roles after the stored datasets changed: ready datasets not in `seen` get their default role, the rest
 * keep theirs. When the first real dataset arrives, phantoms that had a role become unused. Uses of
 * datasets no longer stored are kept (the config panel lists them for removal). Returns the ids seen now.
 */
export function adoptDatasets(
  uses: readonly DatasetUse[],
  datasets: readonly RoleDataset[],
  seen: readonly string[],
): { uses: DatasetUse[]; seen: string[]; changed: boolean } {
  const ready = datasets.filter((d) => d.status === 'ready');
  const seenSet = new Set(seen);
  const fresh = ready.filter((d) => !seenSet.has(d.id));
  if (fresh.length === 0) return { uses: [...uses], seen: [...seen], changed: false };
  const realNow = ready.some((d) => !d.synthetic);
  const realBefore = ready.some((d) => !d.synthetic && seenSet.has(d.id));
  const synthetic = new Set(ready.filter((d) => d.synthetic).map((d) => d.id));
  let next = [...uses];
  if (realNow && !realBefore) next = next.filter((u) => !synthetic.has(u.datasetId));
  for (const d of fresh) {
    if (next.some((u) => u.datasetId === d.id)) continue;
    if (d.synthetic && realNow) continue;
    next.push(defaultUse(d));
  }
  const present = new Set(datasets.map((d) => d.id));
  return { uses: next, seen: [...new Set([...seen.filter((id) => present.has(id)), ...ready.map((d) => d.id)])], changed: true };
}

/** Why Start cannot run these roles, or null when some dataset trains. */
export function startBlocker(uses: readonly DatasetUse[]): string | null {
  if (uses.some((u) => u.role === 'train')) return null;
  return 'No dataset has the role "train": choose one under Configuration → Datasets.';
}

/** Names of the synthetic and the real datasets a run would use, when it uses both; null otherwise. */
export function syntheticAndReal(
  uses: readonly DatasetUse[],
  datasets: ReadonlyArray<RoleDataset & { name: string }>,
): { synthetic: string[]; real: string[] } | null {
  const used = uses.map((u) => datasets.find((d) => d.id === u.datasetId)).filter((d) => d !== undefined);
  const synthetic = used.filter((d) => d.synthetic).map((d) => d.name);
  const real = used.filter((d) => !d.synthetic).map((d) => d.name);
  return synthetic.length > 0 && real.length > 0 ? { synthetic, real } : null;
}
