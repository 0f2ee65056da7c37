// Seeded splits and budgets over stored metadata: reproducible, layout splits honoured, budgets exact.
import { describe, expect, it } from 'vitest';
import { assignImages, reassignImages, type UnassignedImage } from '../../../src/platform/import/assignment';
import type { ImageRecord } from '../../../src/platform/storage';

function meta(n: number, opts: { masks?: boolean; labels?: boolean; patients?: number } = {}): UnassignedImage[] {
  return Array.from({ length: n }, (_, i) => {
    const m: UnassignedImage = {
      key: `k${String(i).padStart(3, '0')}`,
      sourcePath: `x/${i}.png`,
      originalWidth: 300,
      originalHeight: 300,
      hasMask: opts.masks ?? false,
      contentHash: i.toString(16),
    };
    if (opts.labels) m.label = (i % 2) as 0 | 1;
    if (opts.patients) m.patientId = `p${i % opts.patients}`;
    return m;
  });
}

const opts = (seed: number, seg: number | 'all' = 'all', cls: number | 'all' = 'all') => ({
  seed,
  fractions: { val: 0.1, test: 0.2 },
  budget: { seg: seg, cls: cls },
});

describe('assignImages', () => {
  it('is reproducible for a seed and different for another', () => {
    const a = assignImages(meta(100, { masks: true }), opts(1, 10));
    const b = assignImages(meta(100, { masks: true }), opts(1, 10));
    const c = assignImages(meta(100, { masks: true }), opts(2, 10));
    expect(a).toEqual(b);
    expect(a.map((r) => r.split)).not.toEqual(c.map((r) => r.split));
  });

  it('splits about 70/10/20 and keeps exactly the seg budget of train masks', () => {
    const r = assignImages(meta(200, { masks: true }), opts(5, 10));
    const count = (s: string) => r.filter((x) => x.split === s).length;
    expect(count('train')).toBe(140);
    expect(count('val')).toBe(20);
    expect(count('test')).toBe(40);
    expect(r.filter((x) => x.split === 'train' && x.labeled.seg).length).toBe(10);
    expect(r.filter((x) => x.split !== 'train').every((x) => x.labeled.seg)).toBe(true);
    expect(r.every((x) => x.layoutSplit === undefined)).toBe(true);
  });

  it('never puts one patient in two splits', () => {
    const r = assignImages(meta(120, { labels: true, patients: 30 }), opts(9));
    const splitsOf = new Map<string, Set<string>>();
    for (const [i, x] of r.entries()) {
      const p = `p${i % 30}`;
      splitsOf.set(p, (splitsOf.get(p) ?? new Set()).add(x.split));
    }
    expect([...splitsOf.values()].every((s) => s.size === 1)).toBe(true);
  });
});

describe('reassignImages', () => {
  it('honours the split the layout gave, and changes only flags when the budget changes', () => {
    const withLayout = meta(40, { labels: true }).map((m, i) => ({ ...m, split: i < 30 ? ('train' as const) : ('test' as const) }));
    const first: ImageRecord[] = assignImages(withLayout, opts(3)).map((r) => ({ ...r, datasetId: 'd' }));
    expect(first.filter((r) => r.split === 'test').length).toBe(10);
    const again = reassignImages(first, opts(77, 'all', 6));
    expect(again.map((r) => r.split)).toEqual(first.map((r) => r.split));
    expect(again.filter((r) => r.split === 'train' && r.labeled.cls).length).toBe(6);
    expect(again.every((r) => r.datasetId === 'd' && r.layoutSplit === r.split)).toBe(true);
  });
});
