import { describe, expect, it } from 'vitest';
import {
  datasetContentHash, describeProvenance, mergeProvenance, provenanceFromJson, provenanceKind, trainingProvenance,
  type DatasetProvenance,
} from '../../../src/core/provenance';

const real: DatasetProvenance = { id: 'a', name: 'Kermany', role: 'train', synthetic: false, images: 3, contentHash: '0123456789abcdef' };
const phantom: DatasetProvenance = { id: 'p', name: 'Phantoms', role: 'train', synthetic: true, images: 200, contentHash: 'fedcba9876543210' };

describe('datasetContentHash', () => {
  it('ignores order and repeats, and changes with any image', () => {
    const h = ['00000000000000aa', '00000000000000bb', '00000000000000cc'];
    expect(datasetContentHash(h)).toBe(datasetContentHash([h[2]!, h[0]!, h[1]!, h[0]!]));
    expect(datasetContentHash(h)).not.toBe(datasetContentHash(h.slice(0, 2)));
    expect(datasetContentHash(h)).toMatch(/^[0-9a-f]{16}$/);
  });
  it('takes any stored hash string (old records must not stop a run)', () => {
    expect(datasetContentHash(['xyz', 'é'])).toMatch(/^[0-9a-f]{16}$/);
    expect(datasetContentHash(['ab', 'c'])).not.toBe(datasetContentHash(['a', 'bc']));
  });
});

describe('trainingProvenance', () => {
  it('is synthetic only when a phantom shapes the weights', () => {
    expect(trainingProvenance([real]).synthetic).toBe(false);
    expect(trainingProvenance([real, phantom]).synthetic).toBe(true);
    expect(trainingProvenance([real, { ...phantom, role: 'validation' }]).synthetic).toBe(true);
    expect(trainingProvenance([real, { ...phantom, role: 'cross-domain' }]).synthetic).toBe(false);
  });
  it('says unknown for records without it', () => {
    expect(provenanceKind(undefined)).toBe('unknown');
    expect(provenanceKind(trainingProvenance([phantom]))).toBe('synthetic');
    expect(provenanceKind(trainingProvenance([real]))).toBe('real');
    expect(describeProvenance(undefined)).toMatch(/^Unknown provenance/);
    expect(describeProvenance(trainingProvenance([real, phantom]))).toContain('• Phantoms — train, 200 images, synthetic phantom, content fedcba9876543210');
  });
  it('a re-pointed run keeps both sets of datasets', () => {
    const merged = mergeProvenance(trainingProvenance([phantom]), trainingProvenance([real, phantom]));
    expect(merged.datasets.map((d) => d.id)).toEqual(['p', 'a']);
    expect(merged.synthetic).toBe(true);
    expect(mergeProvenance(undefined, trainingProvenance([real]))).toEqual(trainingProvenance([real]));
  });
  it('a run from before provenance existed, resumed, stays partly unknown — unless phantoms train it now', () => {
    const resumed = mergeProvenance(undefined, trainingProvenance([real]), true);
    expect(resumed.incomplete).toBe(true);
    expect(provenanceKind(resumed)).toBe('unknown');
    expect(describeProvenance(resumed)).toMatch(/Partly unknown/);
    expect(provenanceKind(mergeProvenance(undefined, trainingProvenance([phantom]), true))).toBe('synthetic');
    // Later resumes keep the mark; it survives a model file.
    const again = mergeProvenance(resumed, trainingProvenance([real]));
    expect(again.incomplete).toBe(true);
    expect(provenanceFromJson(JSON.parse(JSON.stringify(again)))).toEqual(again);
  });
});

describe('provenanceFromJson', () => {
  it('round-trips through JSON and treats absence as unknown', () => {
    const p = trainingProvenance([real, { ...phantom, domain: 'cross-domain' }]);
    expect(provenanceFromJson(JSON.parse(JSON.stringify(p)))).toEqual(p);
    expect(provenanceFromJson(undefined)).toBeUndefined();
  });
  it('names the malformed field', () => {
    const p = JSON.parse(JSON.stringify(trainingProvenance([real]))) as { datasets: Array<Record<string, unknown>> };
    p.datasets[0]!.role = 'everything';
    expect(() => provenanceFromJson(p, 'model.json provenance')).toThrow('model.json provenance.datasets[0].role must be one of');
    expect(() => provenanceFromJson({ format: 'x', datasets: [] })).toThrow(/format/);
  });
});
