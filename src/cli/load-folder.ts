// Node: a dataset folder on disk → prepared (decoded, resized) images, with the same planner and decoders the
// browser import uses. Skipped files are reported with their reasons; the rest loads.
import path from 'node:path';
import { stat } from 'node:fs/promises';
import { fileMap, planImport, prepareAll, type ImportIssue, type LayoutName, type PreparedImage } from '../core/data';
import { listSourceFiles } from './fs-files';

export interface LoadedFolder {
  dir: string;
  layouts: LayoutName[];
  images: PreparedImage[];
  issues: ImportIssue[];
  ms: number;
}

export async function loadFolder(dir: string, size: number, log: (line: string) => void = () => {}): Promise<LoadedFolder> {
  const t0 = performance.now();
  const st = await stat(dir).catch(() => undefined);
  if (!st?.isDirectory()) throw new Error(`data folder ${dir} does not exist or is not a folder`);
  const files = await listSourceFiles(dir);
  if (files.length === 0) throw new Error(`data folder ${dir} is empty`);
  const plans = await planImport(files);
  const byPath = fileMap(files);
  const images: PreparedImage[] = [];
  const issues: ImportIssue[] = [];
  for (const plan of plans) {
    const r = await prepareAll(plan, byPath, { size });
    // Keys are unique within a plan; prefix the plan root so two plans of one folder cannot collide.
    images.push(...r.images.map((im) => ({ ...im, key: plan.root ? `${plan.root}/${im.key}` : im.key })));
    issues.push(...r.issues);
  }
  const ms = performance.now() - t0;
  log(
    `  ${path.relative(process.cwd(), dir) || dir}: ${plans.map((p) => p.layout).join('+') || 'nothing recognised'}, ` +
      `${images.length} images (${issues.length} skipped) in ${(ms / 1000).toFixed(1)} s`,
  );
  for (const i of issues.slice(0, 5)) log(`    skipped ${i.path}: [${i.code}] ${i.message}`);
  if (issues.length > 5) log(`    … and ${issues.length - 5} more skipped files`);
  return { dir, layouts: plans.map((p) => p.layout), images, issues, ms };
}
