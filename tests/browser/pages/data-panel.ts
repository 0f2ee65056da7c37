// Page object for the data panel in the real-browser tests: getting files into the page the ways a
// user does (drop, folder picker), reading the preview and report off the DOM, and reading back what
// IndexedDB holds through the app's own storage module (served by Vite at its source URL). The page-side
// `import()` is built with `new Function` because vitest rewrites a literal `import()` in test code.
import { readdirSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import type { Page } from 'playwright-core';
import type { ImportIssue } from '../../../src/core/data/types';
import type { DatasetRecord, ImageRecord } from '../../../src/platform/storage';
import { openSection } from '../harness';

export interface LocalFile {
  abs: string;
  /** Path relative to the dropped folder's parent, e.g. `pneumonia/NORMAL/IM-0117-0001.jpeg`. */
  rel: string;
}

/** Every file under `dir`, named as a drop of that folder names them (`<folder>/...`). */
export function filesUnder(dir: string): LocalFile[] {
  const top = dir.replace(/\/+$/, '').split('/').at(-1) as string;
  const out: LocalFile[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const abs = join(d, name);
      if (statSync(abs).isDirectory()) walk(abs);
      else out.push({ abs, rel: `${top}/${relative(dir, abs).split(sep).join('/')}` });
    }
  };
  walk(dir);
  return out;
}

/** The first `n` files of each folder (sorted names): a small real subset, e.g. n lung images with their masks. */
export function firstPerFolder(files: readonly LocalFile[], n: number): LocalFile[] {
  const byFolder = new Map<string, LocalFile[]>();
  for (const f of files) {
    const folder = f.rel.split('/').slice(0, -1).join('/');
    if (!byFolder.has(folder)) byFolder.set(folder, []);
    byFolder.get(folder)!.push(f);
  }
  return [...byFolder.values()].flatMap((list) => list.slice(0, n));
}

/**
 * A drop of folders, as far as a page can be given one: a DataTransfer cannot be built with directory
 * entries, so the files go in through a scratch <input>, get the relative `path` a folder drop gives
 * them (as file-selector does), and a `drop` event carrying them is dispatched on the drop zone (in the
 * Data section, which is shown first, as a user would have it).
 */
export async function dropFiles(page: Page, files: readonly LocalFile[]): Promise<void> {
  await openSection(page, 'data');
  await page.evaluate(() => {
    const input = document.createElement('input');
    input.type = 'file';
    input.multiple = true;
    input.id = 'test-drop-source';
    input.hidden = true;
    document.body.append(input);
  });
  await page.setInputFiles('#test-drop-source', files.map((f) => f.abs));
  await page.evaluate((rels) => {
    const input = document.getElementById('test-drop-source') as HTMLInputElement;
    const picked = Array.from(input.files ?? []);
    if (picked.length !== rels.length) throw new Error(`scratch input holds ${picked.length} files, expected ${rels.length}`);
    const dt = new DataTransfer();
    picked.forEach((file, i) => {
      const rel = rels[i] as string;
      if (!rel.endsWith(`/${file.name}`)) throw new Error(`file order changed: ${file.name} vs ${rel}`);
      Object.defineProperty(file, 'path', { value: rel, enumerable: true });
      dt.items.add(file);
    });
    input.remove();
    const zone = document.querySelector('[data-testid=drop-zone]');
    if (!zone) throw new Error('no drop zone on the page');
    zone.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
  }, files.map((f) => f.rel));
}

/** The folder picker (`<input webkitdirectory>`), given a whole directory as a user would pick it. */
export async function pickFolder(page: Page, dir: string): Promise<void> {
  await openSection(page, 'data');
  await page.setInputFiles('[data-testid=pick-folder]', dir);
}

export interface PreviewPlan {
  layout: string;
  root: string;
  items: number;
}

export async function waitForPreview(page: Page): Promise<PreviewPlan[]> {
  await page.waitForSelector('[data-testid=import-preview]', { timeout: 60_000 });
  return page.$$eval('[data-testid=plan]', (els) =>
    els.map((el) => ({
      layout: el.getAttribute('data-layout') ?? '',
      root: el.getAttribute('data-root') ?? '',
      items: Number(el.querySelector('[data-count=items]')?.textContent),
    })),
  );
}

export interface ReportedImport {
  /** What the worker measured: images written / wall time of the whole commit. */
  imagesPerSecond: number;
  datasets: { name: string; imported: number; skipped: ImportIssue[] }[];
}

/** The duplicate prompt's lines (issue 9: content already stored), once it shows. */
export async function waitForDuplicatePrompt(page: Page, timeoutMs = 120_000): Promise<string[]> {
  await page.waitForSelector('[data-testid=duplicate-prompt]', { timeout: timeoutMs });
  return page.$$eval('[data-testid=duplicate-line]', (els) => els.map((e) => e.textContent ?? ''));
}

/**
 * Clicks import and waits for the report; returns the report as the store holds it. `duplicates`: the files are
 * already stored, so the import first asks (issue 9); answer with that choice.
 */
export async function commitAndWaitForReport(page: Page, timeoutMs = 120_000, duplicates?: 'skip' | 'import'): Promise<ReportedImport> {
  await page.click('[data-testid=commit-import]');
  if (duplicates) {
    await waitForDuplicatePrompt(page, timeoutMs);
    await page.click(duplicates === 'skip' ? '[data-testid=skip-duplicates]' : '[data-testid=import-as-new]');
  }
  await page.waitForSelector('[data-testid=import-report]', { timeout: timeoutMs });
  return reportOf(page);
}

/** The import report as the store holds it. */
export async function reportOf(page: Page): Promise<ReportedImport> {
  return page.evaluate(async () => {
    const { useStore } = await (new Function('p', 'return import(p)') as (p: string) => Promise<any>)('/src/app/store/index.ts');
    const report = useStore.getState().importReport as {
      imagesPerSecond: number;
      datasets: { name: string; imported: number; skipped: ImportIssue[] }[];
      unplaced: ImportIssue[];
    };
    return {
      imagesPerSecond: report.imagesPerSecond,
      datasets: report.datasets.map((d) => ({ name: d.name, imported: d.imported, skipped: [...d.skipped] })),
    };
  });
}

/** Issues as rendered in the report table: [path, code] for every row. */
export async function reportedIssueRows(page: Page): Promise<[string, string][]> {
  return page.$$eval('[data-testid=import-report] tr[data-issue-code]', (rows) =>
    rows.map((r) => [r.getAttribute('data-issue-path') ?? '', r.getAttribute('data-issue-code') ?? ''] as [string, string]),
  );
}

export async function storedDatasets(page: Page): Promise<DatasetRecord[]> {
  return page.evaluate(async () => {
    const s = await (new Function('p', 'return import(p)') as (p: string) => Promise<any>)('/src/platform/storage/index.ts');
    return s.listDatasets(await s.getDatabase());
  });
}

export async function storedImages(page: Page, datasetId: string): Promise<ImageRecord[]> {
  return page.evaluate(async (id) => {
    const s = await (new Function('p', 'return import(p)') as (p: string) => Promise<any>)('/src/platform/storage/index.ts');
    return s.listImages(await s.getDatabase(), id);
  }, datasetId);
}

/** Stored pixels (and mask) of some images, as plain arrays. */
export async function storedPixels(page: Page, datasetId: string, keys: string[]): Promise<{ key: string; pixels: number[]; mask: number[] | null }[]> {
  return page.evaluate(
    async ({ id, keys }) => {
      const s = await (new Function('p', 'return import(p)') as (p: string) => Promise<any>)('/src/platform/storage/index.ts');
      const px = await s.getPixels(await s.getDatabase(), id, keys);
      return px.map((p: { key: string; pixels: Uint8Array; mask?: Uint8Array }) => ({
        key: p.key,
        pixels: Array.from(p.pixels),
        mask: p.mask ? Array.from(p.mask) : null,
      }));
    },
    { id: datasetId, keys },
  );
}

/** Raw counts of every store, including records of unfinished imports the app never lists. */
export async function rawStoreCounts(page: Page): Promise<{ datasets: number; importing: number; images: number; pixels: number }> {
  return page.evaluate(async () => {
    const s = await (new Function('p', 'return import(p)') as (p: string) => Promise<any>)('/src/platform/storage/index.ts');
    const db = await s.getDatabase();
    return {
      datasets: await db.count('datasets'),
      importing: await db.countFromIndex('datasets', 'by-status', 'importing'),
      images: await db.count('images'),
      pixels: await db.count('pixels'),
    };
  });
}

/** The card of the dataset with exactly this name. */
export function card(page: Page, name: string) {
  const exact = new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
  return page.locator('[data-testid=dataset-card]', { has: page.locator('[data-testid=dataset-name]', { hasText: exact }) });
}
