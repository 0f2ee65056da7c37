// The grid's plots in a real browser, fed the runs of a REAL tiny `npm run grid` (2 variants × 2 budgets ×
// 2 seeds at 32 px, 2 steps, on a subset of ../shared/data/cxr, run through tsx as users run it), read back
// with the CLI's own run-folder reader: every plot draws non-empty traces, the legends carry the AUC and the
// Bland–Altman limits, SVG export downloads a file, and one budget makes the consistency plot say why it is empty.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { openBrowserSession, type BrowserSession } from './harness';
import { collectRuns } from '../../src/cli/run-folders';
import type { RunRecord } from '../../src/core/research/table';

const CXR = path.resolve('../shared/data/cxr');

function subset(from: string, to: string, folders: string[], n: number): void {
  for (const f of folders) {
    mkdirSync(path.join(to, f), { recursive: true });
    for (const name of readdirSync(path.join(from, f)).sort().slice(0, n)) copyFileSync(path.join(from, f, name), path.join(to, f, name));
  }
}

interface PlotState { name: string; traces: Array<{ type: string; name?: string; points: number }>; empty: string | null }

describe('grid plots from a real npm run grid', () => {
  let session: BrowserSession;
  let dir: string;
  let runs: RunRecord[];

  beforeAll(async () => {
    expect(existsSync(CXR), `${CXR} is missing`).toBe(true);
    dir = mkdtempSync(path.join(tmpdir(), 'mmw-grid-plots-'));
    subset(path.join(CXR, 'pneumonia'), path.join(dir, 'cls'), ['NORMAL', 'PNEUMONIA'], 14);
    subset(path.join(CXR, 'lungs'), path.join(dir, 'seg'), ['images', 'masks'], 20);
    writeFileSync(path.join(dir, 'grid.json'), JSON.stringify({
      variants: ['umtl', 'multimix'], seeds: [1, 2], budgets: [{ seg: 3, cls: 6 }, { seg: 6, cls: 10 }], baseline: 'umtl',
      imageSize: 32, widthMultiplier: 0.25, m: 2, steps: 2, backend: 'wasm', data: { clsTrain: 'cls', segTrain: 'seg' },
    }));
    const out = path.join(dir, 'out');
    await promisify(execFile)('npx', ['tsx', 'src/cli/grid.ts', '--config', path.join(dir, 'grid.json'), '--out', out], { maxBuffer: 32 << 20 });
    runs = await collectRuns([out], (l) => console.log(l));
    expect(JSON.parse(readFileSync(path.join(out, 'table.json'), 'utf8')).rows).toHaveLength(4);
    session = await openBrowserSession();
    await session.page.goto(`${session.baseUrl}/tests/browser/pages/grid-plots.html`, { timeout: 180_000 });
    await session.page.waitForSelector('body[data-ready="true"]', { state: 'attached', timeout: 120_000 });
  });

  afterAll(async () => {
    await session?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** Renders `rs` and reads every figure's drawn traces (plotly keeps them on the graph div as `data`). */
  async function render(rs: RunRecord[]): Promise<PlotState[]> {
    await session.page.evaluate((r) => window.mmwGridPlots.render(r), rs);
    await session.page.waitForFunction(() => [...document.querySelectorAll('[data-plot]')].every((f) =>
      f.querySelector('.grid-plot-empty') || ((f.querySelector('.plot-area') as HTMLElement & { data?: unknown[] })?.data?.length ?? 0) > 0), undefined, { timeout: 120_000 });
    return session.page.evaluate(() => [...document.querySelectorAll<HTMLElement>('[data-plot]')].map((f) => {
      const data = ((f.querySelector('.plot-area') as HTMLElement & { data?: Array<Record<string, unknown>> } | null)?.data ?? []);
      const len = (v: unknown) => (Array.isArray(v) ? v.length : 0);
      return {
        name: f.dataset.plot as string,
        traces: data.map((t) => ({ type: String(t.type), ...(typeof t.name === 'string' ? { name: t.name } : {}), points: Math.max(len(t.x), len(t.y)) })),
        empty: f.querySelector('.grid-plot-empty')?.textContent ?? null,
      };
    }));
  }

  it('draws all four plots with non-empty traces, AUC and limits of agreement in the legends, and exports SVG', async () => {
    expect(runs).toHaveLength(8);
    const plots = await render(runs);
    expect(plots.map((p) => p.name)).toEqual(['dice-box', 'lung-area', 'roc', 'consistency']);
    for (const p of plots) {
      expect(p.empty, `${p.name} says it is empty`).toBeNull();
      expect(p.traces.length, p.name).toBeGreaterThan(0);
      for (const t of p.traces) expect(t.points, `${p.name} trace ${t.name ?? t.type}`).toBeGreaterThan(0);
    }
    const [box, area, roc, cons] = plots as [PlotState, PlotState, PlotState, PlotState];
    // 2 variants × 2 budgets, each box pooling 2 seeds' test images; variants in the order the reader met them
    // (run folders alphabetically, so multimix first), budgets outermost.
    expect(box.traces.map((t) => t.name)).toEqual(['multimix<br>3 masks / 6 labels', 'umtl<br>3 masks / 6 labels', 'multimix<br>6 masks / 10 labels', 'umtl<br>6 masks / 10 labels']);
    const nSeg = runs.find((r) => r.variant === 'multimix' && r.seed === 1 && r.budget.seg === 3)!.perImage.seg!.ids.length;
    expect(box.traces[0]!.points).toBe(2 * nSeg);
    expect(area.traces.filter((t) => t.name?.match(/bias [+−]\d+\.\d\d pp, 95% LoA [+−]\d+\.\d\d to [+−]\d+\.\d\d \(n \d+\)/))).toHaveLength(4);
    expect(roc.traces.filter((t) => t.name?.match(/\(AUC (\d\.\d{3}|n\/a) pooled; .* over 2 seeds\)/))).toHaveLength(4);
    expect(roc.traces.at(-1)!.name).toBe('chance');
    // Dice vs 3 and 6 masks: a line per variant and its ± std band.
    expect(cons.traces.filter((t) => t.name === 'umtl' || t.name === 'multimix').map((t) => [t.name, t.points])).toEqual([['multimix', 2], ['umtl', 2]]);
    expect(cons.traces.filter((t) => t.name?.endsWith('± std'))).toHaveLength(2);

    const download = session.page.waitForEvent('download', { timeout: 60_000 });
    await session.page.click('[data-plot="roc"] button:has-text("SVG")');
    const file = await download;
    expect(file.suggestedFilename()).toBe('grid-roc.svg');
    const svg = readFileSync((await file.path())!, 'utf8');
    expect(svg).toMatch(/^<svg[\s\S]*AUC/);
  });

  it('says why the consistency curves are empty with one budget, and still draws the rest', async () => {
    const plots = await render(runs.filter((r) => r.budget.seg === 3));
    const cons = plots.find((p) => p.name === 'consistency')!;
    expect(cons.empty).toMatch(/need ≥ 2 segmentation label budgets; these runs have 1 \(3\)/);
    for (const p of plots.filter((q) => q.name !== 'consistency')) expect(p.traces.length, p.name).toBeGreaterThan(0);
  });
});
