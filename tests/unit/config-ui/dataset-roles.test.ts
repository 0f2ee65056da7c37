// Issue 9, roles never lie: defaults are given once per dataset, "unused" stays unused, phantoms step aside
// for real data, an all-unused config cannot start, and a mix of phantoms and real data is detected.
import { describe, expect, it } from 'vitest';
import { adoptDatasets, defaultDatasetUses, startBlocker, syntheticAndReal } from '../../../src/app/store/dataset-roles';

const ds = (id: string, synthetic = false, domain = 'in-domain', status = 'ready') => ({ id, name: id.toUpperCase(), synthetic, domain, status });

describe('dataset roles', () => {
  it('gives ready datasets their default role once; later choices (unused included) are kept', () => {
    const first = adoptDatasets([], [ds('a'), ds('x', false, 'cross-domain'), ds('busy', false, 'in-domain', 'importing')], []);
    expect(first.uses).toEqual([{ datasetId: 'a', role: 'train' }, { datasetId: 'x', role: 'cross-domain' }]);
    expect(first.seen).toEqual(['a', 'x']);
    // The user sets everything unused: a later refresh does not bring the roles back.
    const again = adoptDatasets([], [ds('a'), ds('x', false, 'cross-domain')], first.seen);
    expect(again).toMatchObject({ uses: [], changed: false });
    // A new dataset gets its default; the others stay as chosen.
    const more = adoptDatasets([{ datasetId: 'a', role: 'test' }], [ds('a'), ds('x', false, 'cross-domain'), ds('b')], first.seen);
    expect(more.uses).toEqual([{ datasetId: 'a', role: 'test' }, { datasetId: 'b', role: 'train' }]);
  });

  it('phantoms train only while no real dataset exists, and become unused when the first real one arrives', () => {
    const phantomOnly = adoptDatasets([], [ds('p', true)], []);
    expect(phantomOnly.uses).toEqual([{ datasetId: 'p', role: 'train' }]);
    const withReal = adoptDatasets(phantomOnly.uses, [ds('p', true), ds('r')], phantomOnly.seen);
    expect(withReal.uses).toEqual([{ datasetId: 'r', role: 'train' }]);
    // The user puts the phantom back in: a later new real dataset does not take it out again.
    const chosen = adoptDatasets([...withReal.uses, { datasetId: 'p', role: 'unlabeled' }], [ds('p', true), ds('r'), ds('s')], withReal.seen);
    expect(chosen.uses).toContainEqual({ datasetId: 'p', role: 'unlabeled' });
    expect(defaultDatasetUses([ds('p', true), ds('r'), ds('q', true)])).toEqual([{ datasetId: 'r', role: 'train' }]);
  });

  it('Start is blocked, with the reason, when no dataset trains', () => {
    expect(startBlocker([])).toMatch(/No dataset has the role "train"/);
    expect(startBlocker([{ datasetId: 'a', role: 'test' }])).toMatch(/role "train"/);
    expect(startBlocker([{ datasetId: 'a', role: 'train' }])).toBeNull();
  });

  it('names the phantoms and real datasets a run would mix', () => {
    const all = [ds('p', true), ds('r')];
    expect(syntheticAndReal([{ datasetId: 'p', role: 'train' }, { datasetId: 'r', role: 'test' }], all)).toEqual({ synthetic: ['P'], real: ['R'] });
    expect(syntheticAndReal([{ datasetId: 'r', role: 'train' }], all)).toBeNull();
    expect(syntheticAndReal([{ datasetId: 'p', role: 'train' }], all)).toBeNull();
  });
});
