// The layer rule is enforced, not a convention (issue 11, item 6): `npm run lint` (oxlint with
// .oxlintrc.json) rejects a file under src/core that imports React, Zustand, idb, src/platform or src/app, or
// uses a DOM global (and src/platform → src/app, src/cli → src/platform), and tsconfig.core.json (no DOM lib, part of `npm run typecheck`) rejects DOM types.
// Both are run the way npm runs them, on a throw-away copy of the config next to fixture files, so the
// repository's own src/ is never touched.
import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const ROOT = path.resolve(__dirname, '../../..');
const bin = (name: string) => path.join(ROOT, 'node_modules/.bin', name);
const dir = mkdtempSync(path.join(tmpdir(), 'mmw-layers-'));

afterAll(() => rmSync(dir, { recursive: true, force: true }));

function write(rel: string, text: string): void {
  mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
  writeFileSync(path.join(dir, rel), text);
}

interface Diagnostic {
  code: string;
  message: string;
  filename: string;
}

/** oxlint's diagnostics for the fixture tree, with the project's config; exit status 1 means errors. */
async function lint(): Promise<Diagnostic[]> {
  copyFileSync(path.join(ROOT, '.oxlintrc.json'), path.join(dir, '.oxlintrc.json'));
  const args = ['-c', path.join(dir, '.oxlintrc.json'), '--format', 'json', path.join(dir, 'src')];
  const out = await run(bin('oxlint'), args).then(
    (r) => r.stdout,
    (e: { code?: number; stdout?: string }) => {
      if (e.code !== 1 || !e.stdout) throw e;
      return e.stdout;
    },
  );
  return (JSON.parse(out) as { diagnostics: Diagnostic[] }).diagnostics;
}

describe('layer boundaries of src/core', () => {
  it('lint fails on a core file that imports the UI, the store, IndexedDB or another layer, or uses the DOM', async () => {
    write('src/core/train/bad.ts', [
      "import { useState } from 'react';",
      "import { createRoot } from 'react-dom/client';",
      "import { create } from 'zustand';",
      "import { openDB } from 'idb';",
      "import { putRun } from '../../platform/storage';",
      "import { useStore } from '../../app/store';",
      'export const title = document.title + window.innerWidth + navigator.userAgent;',
      'export const stored = localStorage.getItem("k") ?? indexedDB;',
      'export const el = HTMLElement;',
      'export const canvas = new OffscreenCanvas(1, 1);',
      'export { useState, createRoot, create, openDB, putRun, useStore };',
      '',
    ].join('\n'));
    // The same code is fine outside the core, and the core may use what Node and workers share.
    write('src/app/ok.ts', "import { useState } from 'react';\nexport const t = document.title;\nexport { useState };\n");
    write('src/core/ok.ts', "import * as tf from '@tensorflow/tfjs';\nexport const t0 = performance.now();\nexport const text = new TextDecoder().decode(new Uint8Array(1));\nexport { tf };\n");

    const diagnostics = (await lint()).filter((d) => path.relative(dir, d.filename).startsWith(path.join('src', 'core')));
    expect(new Set(diagnostics.map((d) => path.relative(dir, d.filename)))).toEqual(new Set([path.join('src', 'core', 'train', 'bad.ts')]));
    const imports = diagnostics.filter((d) => d.code === 'eslint(no-restricted-imports)').map((d) => d.message);
    for (const m of ['react', 'react-dom/client', 'zustand', 'idb', '../../platform/storage', '../../app/store']) {
      expect(imports.some((msg) => msg.startsWith(`'${m}' import is restricted`)), `import of ${m}`).toBe(true);
    }
    const globals = diagnostics.filter((d) => d.code === 'eslint(no-restricted-globals)').map((d) => d.message);
    for (const g of ['document', 'window', 'navigator', 'localStorage', 'indexedDB', 'HTMLElement', 'OffscreenCanvas']) {
      expect(globals.some((msg) => msg.startsWith(`Unexpected use of '${g}'`)), `global ${g}`).toBe(true);
    }
  });

  it('lint fails when src/platform imports the UI or src/cli imports the browser adapters', async () => {
    write('src/platform/storage/bad.ts', "import { useStore } from '../../app/store';\nexport { useStore };\n");
    write('src/cli/bad.ts', "import { getDatabase } from '../platform/storage';\nexport { getDatabase };\n");
    write('src/cli/ok.ts', "import { withDefaults } from '../core/config';\nexport { withDefaults };\n");
    const byFile = new Map<string, string[]>();
    for (const d of await lint()) {
      const file = path.relative(dir, d.filename);
      if (!file.startsWith(path.join('src', 'core'))) byFile.set(file, [...(byFile.get(file) ?? []), d.message]);
    }
    expect(byFile).toEqual(new Map([
      [path.join('src', 'platform', 'storage', 'bad.ts'), ["'../../app/store' import is restricted from being used by a pattern."]],
      [path.join('src', 'cli', 'bad.ts'), ["'../platform/storage' import is restricted from being used by a pattern."]],
    ]));
  });

  it('tsconfig.core.json has no DOM types', async () => {
    write('core-probe/probe.ts', 'export const t: string = document.title;\nexport function f(e: HTMLElement): HTMLElement { return e; }\n');
    write('core-probe/tsconfig.json', JSON.stringify({ extends: path.join(ROOT, 'tsconfig.core.json'), include: ['probe.ts'] }));
    const failure = await run(bin('tsc'), ['--noEmit', '-p', path.join(dir, 'core-probe/tsconfig.json')]).then(
      () => null,
      (e: { stdout?: string }) => e.stdout ?? '',
    );
    expect(failure).toMatch(/probe\.ts\(1,\d+\): error TS\d+: Cannot find name 'document'/);
    expect(failure).toMatch(/probe\.ts\(2,\d+\): error TS\d+: Cannot find name 'HTMLElement'/);
  });
});
