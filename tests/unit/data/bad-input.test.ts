// Imports the generated bad-input corpus end to end (plan + prepare, as the headless runner does) and
// checks every file's outcome against tests/fixtures/bad-input-manifest.json.
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { listSourceFiles } from '../../../src/cli/fs-files';
import { type ImportIssue, type ImportPlan, type PreparedImage, fileMap, planImport, prepareAll } from '../../../src/core/data/index';
import type { ManifestEntry } from '../../fixtures/make-bad-input';

const manifest = JSON.parse(readFileSync('tests/fixtures/bad-input-manifest.json', 'utf8')) as { files: ManifestEntry[] };
let plans: ImportPlan[] = [];
const images: PreparedImage[] = [];
const issues: ImportIssue[] = [];
let dropped: string[] = [];

beforeAll(async () => {
  const files = await listSourceFiles('tests/fixtures/bad-input', 'bad-input');
  dropped = files.map((f) => f.path);
  plans = await planImport(files);
  const map = fileMap(files);
  for (const plan of plans) {
    const r = await prepareAll(plan, map, { size: 64 });
    images.push(...r.images);
    issues.push(...r.issues);
  }
});

describe('bad-input corpus', () => {
  it('has at least 20 kinds of bad files and every dropped file in the manifest', () => {
    const bad = manifest.files.filter((f) => f.outcome.expect === 'issue');
    expect(bad.length).toBeGreaterThanOrEqual(20);
    expect(new Set(bad.map((f) => (f.outcome as { code: string }).code)).size).toBeGreaterThanOrEqual(17);
    const listed = new Set(manifest.files.map((f) => f.path));
    for (const p of dropped) expect(listed.has(p), `${p} missing from the manifest`).toBe(true);
  });

  it('recognises one plan per sub-dataset', () => {
    expect(plans.map((p) => `${p.root}:${p.layout}`).sort()).toEqual([
      'bad-input/flat:flat-images',
      'bad-input/jsrt:jsrt',
      'bad-input/kermany:kermany',
      'bad-input/labels-noext:label-csv',
      'bad-input/labels:label-csv',
      'bad-input/masks:image-mask',
      'bad-input/montgomery:montgomery',
      'bad-input/nih:nih-csv',
      'bad-input/rsna:rsna-csv',
    ]);
  });

  for (const entry of manifest.files) {
    it(`${entry.path}: ${entry.outcome.expect === 'issue' ? entry.outcome.code : entry.outcome.expect} (${entry.why})`, () => {
      const own = issues.filter((i) => i.path === entry.path);
      const imported = images.some((im) => im.sourcePath === entry.path || im.maskPaths?.includes(entry.path));
      const outcome = entry.outcome;
      switch (outcome.expect) {
        case 'ok':
          expect(own).toEqual([]);
          expect(imported).toBe(true);
          break;
        case 'ignored':
        case 'not-imported':
          expect(own).toEqual([]);
          expect(imported).toBe(false);
          if (outcome.expect === 'not-imported') expect(issues.some((i) => i.path === outcome.because)).toBe(true);
          break;
        case 'issue':
          expect(own.map((i) => i.code)).toContain(outcome.code);
          expect(imported).toBe(false);
          for (const i of own) expect(i.message).toContain(entry.path);
          break;
      }
    });
  }

  it('produces no issue for a file that is not in the manifest', () => {
    const listed = new Set(manifest.files.map((f) => f.path));
    expect(issues.filter((i) => !listed.has(i.path))).toEqual([]);
  });
});
