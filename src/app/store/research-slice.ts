// The Research panel's experiment grids (issue 10, items 4 and 5): the form being filled in (a draft), the
// stored grids with their queues, and the driver that trains their cells one at a time through the ordinary
// training path (each cell is a normal run: `launchRun`, so it is listed under Runs), asks the worker for a
// finished cell's test metrics and per-image values, and stores them with the cell. Queue and results live in
// IndexedDB (`grids` store), so after a reload the driver picks up where it was: a cell whose run was left
// running resumes from its last checkpoint, one whose run never got created starts again, finished cells keep
// their results.
import type { StateCreator } from 'zustand';
import { type Variant } from '../../core/config';
import {
  cellConfig, cellLabel, DEFAULT_GRID_SEEDS, gridDone, gridSpecProblems, moveCell, nextCell, parseBudgets, queueCells,
  type GridSpec, type QueuedCell,
} from '../../core/research/grid-plan';
import type { DatasetUse } from '../../core/workbench-config';
import { deleteGrid as deleteStoredGrid, listGrids, putGrid, updateGrid, type GridRecord } from '../../platform/storage';
import { holdGridDriverLock } from '../../platform/training/run-lock';
import { database, inferenceWorker, messageOf } from './services';
import { startBlocker } from './dataset-roles';
import type { Full } from './types';

/** What the form holds (strings where the user types). */
export interface GridDraft {
  variants: Variant[];
  /** "10/100, all/all": masks/class labels per budget. */
  budgets: string;
  seedCount: number;
  /** Test / cross-domain datasets of the current configuration left out of the grid. */
  excludedTestSets: string[];
  baseline: Variant;
  epochs: number;
  stepsPerEpoch: number;
}

export type CellAction = 'hold' | 'release' | 'cancel' | 'up' | 'down' | 'retry';

export interface ResearchSlice {
  gridDraft: GridDraft;
  setGridDraft(patch: Partial<GridDraft>): void;
  /** Stored grids, newest first. */
  grids: GridRecord[];
  gridsLoaded: boolean;
  /** The grid the panel shows (null: the newest). */
  shownGridId: string | null;
  showGrid(id: string | null): void;
  initResearch(): Promise<void>;
  /** Reads the grids again (after a write in another tab). */
  refreshGrids(): Promise<void>;
  /** The spec the draft describes over the current configuration, or why it cannot be queued. */
  draftSpec(): { spec: GridSpec; problems: string[] };
  /** Stores the draft's grid and starts its first cell. Returns the grid id, or null when refused. */
  queueGrid(name?: string): Promise<string | null>;
  pauseGrid(id: string): Promise<void>;
  continueGrid(id: string): Promise<void>;
  cancelGrid(id: string): Promise<void>;
  deleteGrid(id: string): Promise<void>;
  cellAction(gridId: string, cellId: string, action: CellAction): Promise<void>;
  /** One step of the queue (serialised): start, resume or collect the results of the active grid's cell. */
  driveGrids(): Promise<void>;
}

const DEFAULT_DRAFT: GridDraft = {
  variants: ['unet', 'multimix'],
  budgets: '10/100',
  seedCount: DEFAULT_GRID_SEEDS,
  excludedTestSets: [],
  baseline: 'unet',
  epochs: 10,
  stepsPerEpoch: 10,
};

function newGridId(): string {
  return `grid-${Date.now().toString(36)}-${crypto.getRandomValues(new Uint32Array(1))[0]!.toString(36)}`;
}

const OPEN_LIVE = new Set(['loading', 'running', 'paused']);

let researchStarted = false;
/** Whether this tab moves the queue on (holds the grid driver lock). */
let isDriver = false;

export const createResearchSlice: StateCreator<Full, [], [], ResearchSlice> = (set, get) => {
  /** Cells whose results are being computed (never asked twice). */
  const collecting = new Set<string>();
  let driving: Promise<void> = Promise.resolve();
  /** Runs this page already asked to resume (a resume is asked once; its failure fails the cell). */
  const resumed = new Set<string>();

  async function change(id: string, fn: (g: GridRecord) => GridRecord): Promise<GridRecord | null> {
    try {
      const next = await updateGrid(await database(), id, fn);
      set({ grids: get().grids.map((g) => (g.id === id ? next : g)) });
      return next;
    } catch (err) {
      get().notify('error', `Could not update the grid: ${messageOf(err)}`);
      return null;
    }
  }

  const patchCell = (cellId: string, patch: Partial<QueuedCell>) => (g: GridRecord): GridRecord => ({
    ...g,
    cells: g.cells.map((c) => (c.id === cellId ? { ...c, ...patch } : c)),
  });

  async function collect(g: GridRecord, cell: QueuedCell): Promise<void> {
    const key = `${g.id}/${cell.id}`;
    if (collecting.has(key) || !cell.runId) return;
    collecting.add(key);
    try {
      const { result } = await inferenceWorker(get()).cellResults(cell.runId);
      await change(g.id, patchCell(cell.id, { status: 'finished', result }));
    } catch (err) {
      await change(g.id, patchCell(cell.id, { status: 'failed', error: `test evaluation failed: ${messageOf(err)}` }));
    } finally {
      collecting.delete(key);
    }
  }

  function launch(g: GridRecord, cell: QueuedCell): Promise<GridRecord | null> {
    const runId = get().launchRun(cellConfig(g.spec, cell), `${g.name}: ${cellLabel(cell)}`);
    return change(g.id, patchCell(cell.id, { status: 'running', runId }));
  }

  /**
   * One pass of the queue: decides what the active grid's running cell needs, or starts the next one.
   * True when it changed something another pass should look at.
   */
  async function driveOnce(): Promise<boolean> {
    if (!isDriver) return false;
    const live = get().live;
    // A paused grid's cell that finished meanwhile (it was past pausing) still gets its results.
    for (const pg of get().grids) {
      const c = pg.status === 'paused' ? pg.cells.find((x) => x.status === 'running') : undefined;
      if (!c?.runId) continue;
      const finished = live?.runId === c.runId ? live.status === 'finished' : get().runs.find((r) => r.id === c.runId)?.status === 'finished';
      if (finished) {
        await collect(pg, c);
        return true;
      }
    }
    const g = get().grids.filter((x) => x.status === 'active').sort((a, b) => a.created - b.created)[0];
    if (!g) return false;
    const busy = live !== null && OPEN_LIVE.has(live.status);
    const cell = nextCell(g.cells);
    if (!cell) {
      if (gridDone(g.cells)) await change(g.id, (x) => ({ ...x, status: 'finished' }));
      return gridDone(g.cells);
    }
    if (cell.status === 'queued') {
      // Another run (Train panel, a cell still stopping) is open in this tab: wait for it to end.
      if (busy) return false;
      await launch(g, cell);
      return false;
    }
    // The running cell.
    const runId = cell.runId;
    if (live && live.runId === runId) {
      if (live.status === 'finished') {
        await collect(g, cell);
        return true;
      }
      if (live.status === 'failed') {
        await change(g.id, patchCell(cell.id, { status: 'failed', error: live.error ?? live.message }));
        return true;
      }
      // Stopped from the Train panel: the grid pauses, the run stays resumable.
      if (live.status === 'stopped') await change(g.id, (x) => ({ ...x, status: 'paused' }));
      return false;
    }
    const run = get().runs.find((r) => r.id === runId);
    if (!run) {
      // Never stored (the tab closed before the worker created it): start the cell again.
      if (busy) return false;
      await launch(g, cell);
      return false;
    }
    if (run.status === 'finished') {
      await collect(g, cell);
      return true;
    }
    if (run.status === 'failed' && (run.step ?? 0) === 0) {
      await change(g.id, patchCell(cell.id, { status: 'failed', error: run.error ?? 'failed' }));
      return true;
    }
    // Left running or paused by a closed tab: continue from its last checkpoint.
    if (get().resumableRunIds.includes(run.id) && !busy && !resumed.has(run.id)) {
      resumed.add(run.id);
      get().resumeRun(run.id);
    }
    return false;
  }

  function drive(): Promise<void> {
    driving = driving
      .then(async () => {
        for (let pass = 0; pass < 8 && (await driveOnce()); pass++);
      })
      .catch((err: unknown) => get().notify('error', `Experiment grid: ${messageOf(err)}`));
    return driving;
  }

  return {
    gridDraft: { ...DEFAULT_DRAFT },
    setGridDraft(patch) {
      set({ gridDraft: { ...get().gridDraft, ...patch } });
    },
    grids: [],
    gridsLoaded: false,
    shownGridId: null,
    showGrid(id) {
      set({ shownGridId: id });
    },

    async initResearch() {
      if (researchStarted) return;
      researchStarted = true;
      try {
        const grids = await listGrids(await database());
        // An active grid continues on its own after a reload, whichever panel is shown: that needs the
        // training worker's events and the stored runs. The driver only looks at the grids once the runs are
        // listed (a cell whose run is missing from the list is started again).
        if (grids.some((g) => g.status === 'active')) await get().initTraining();
        await get().refreshRuns();
        set({ grids, gridsLoaded: true });
      } catch (err) {
        get().notify('error', `Could not read the experiment grids: ${messageOf(err)}`);
        return;
      }
      // From here on the queue also moves whenever the live run or the stored runs change (startGridDriver),
      // in the one tab that holds the driver lock (another tab shows the grids and takes over when it closes).
      holdGridDriverLock(() => {
        isDriver = true;
        void get()
          .refreshGrids()
          .then(() => (get().grids.some((g) => g.status === 'active') ? get().initTraining() : undefined))
          .then(drive);
      });
    },

    async refreshGrids() {
      try {
        set({ grids: await listGrids(await database()) });
      } catch (err) {
        get().notify('error', `Could not read the experiment grids: ${messageOf(err)}`);
      }
      void drive();
    },

    draftSpec() {
      const d = get().gridDraft;
      const config = get().config;
      const problems: string[] = [];
      let budgets: GridSpec['budgets'] = [];
      try {
        budgets = parseBudgets(d.budgets);
      } catch (err) {
        problems.push(messageOf(err));
      }
      const datasets: DatasetUse[] = config.datasets.filter((u) => !((u.role === 'test' || u.role === 'cross-domain') && d.excludedTestSets.includes(u.datasetId)));
      const seed0 = config.run.seed;
      const spec: GridSpec = {
        variants: d.variants,
        budgets,
        seeds: Array.from({ length: d.seedCount }, (_, i) => seed0 + i),
        baseline: d.variants.includes(d.baseline) ? d.baseline : (d.variants[0] ?? d.baseline),
        base: { ...config, datasets, run: { ...config.run, epochs: d.epochs, stepsPerEpoch: d.stepsPerEpoch } },
      };
      const blocked = startBlocker(datasets);
      if (blocked) problems.push(blocked);
      problems.push(...gridSpecProblems(spec));
      return { spec, problems };
    },

    async queueGrid(name) {
      const { spec, problems } = get().draftSpec();
      if (problems.length > 0) {
        get().notify('error', `Cannot queue the grid: ${problems.join('; ')}.`);
        return null;
      }
      const now = Date.now();
      const n = get().grids.length + 1;
      const grid: GridRecord = {
        id: newGridId(), name: name?.trim() || `Grid ${n}`, created: now, updated: now, spec, cells: queueCells(spec), status: 'active',
      };
      try {
        await putGrid(await database(), grid);
      } catch (err) {
        get().notify('error', `Could not store the grid: ${messageOf(err)}`);
        return null;
      }
      set({ grids: [grid, ...get().grids], shownGridId: grid.id });
      void drive();
      return grid.id;
    },

    async pauseGrid(id) {
      const g = await change(id, (x) => ({ ...x, status: 'paused' }));
      const running = g?.cells.find((c) => c.status === 'running');
      if (running && get().live?.runId === running.runId && get().live?.status === 'running') get().pauseRun();
    },
    async continueGrid(id) {
      const g = await change(id, (x) => ({ ...x, status: 'active' }));
      const running = g?.cells.find((c) => c.status === 'running');
      const live = get().live;
      if (running && live?.runId === running.runId && live?.status === 'paused') get().continueRun();
      void drive();
    },
    async cancelGrid(id) {
      const g = get().grids.find((x) => x.id === id);
      const running = g?.cells.find((c) => c.status === 'running');
      if (running && get().live?.runId === running.runId) get().stopRun();
      await change(id, (x) => ({
        ...x,
        status: 'cancelled',
        cells: x.cells.map((c) => (c.status === 'queued' || c.status === 'held' || c.status === 'running' ? { ...c, status: 'cancelled' } : c)),
      }));
      void drive();
    },
    async deleteGrid(id) {
      const g = get().grids.find((x) => x.id === id);
      if (g?.status === 'active' && g.cells.some((c) => c.status === 'running')) {
        get().notify('error', 'Cancel or pause the grid before deleting it.');
        return;
      }
      try {
        await deleteStoredGrid(await database(), id);
      } catch (err) {
        get().notify('error', `Could not delete the grid: ${messageOf(err)}`);
      }
      set({ grids: get().grids.filter((x) => x.id !== id), shownGridId: get().shownGridId === id ? null : get().shownGridId });
    },

    driveGrids: drive,

    async cellAction(gridId, cellId, action) {
      const g = get().grids.find((x) => x.id === gridId);
      const cell = g?.cells.find((c) => c.id === cellId);
      if (!g || !cell) return;
      if (action === 'up' || action === 'down') {
        await change(gridId, (x) => ({ ...x, cells: moveCell(x.cells, cellId, action === 'up' ? -1 : 1) }));
        return;
      }
      if (action === 'cancel' && cell.status === 'running' && get().live?.runId === cell.runId) get().stopRun();
      const status = { hold: 'held', release: 'queued', cancel: 'cancelled', retry: 'queued' } as const;
      const allowed: Record<typeof action, QueuedCell['status'][]> = {
        hold: ['queued'], release: ['held'], cancel: ['queued', 'held', 'running'], retry: ['failed', 'cancelled'],
      };
      if (!allowed[action].includes(cell.status)) return;
      await change(gridId, (x) => ({
        ...x,
        cells: x.cells.map((c) => {
          if (c.id !== cellId) return c;
          if (action !== 'retry') return { ...c, status: status[action] };
          const { error: _e, runId: _r, result: _x, ...fresh } = c;
          return { ...fresh, status: status[action] };
        }),
        // A retried cell of a finished / cancelled grid makes it active again.
        status: action === 'retry' && (x.status === 'finished' || x.status === 'cancelled') ? 'active' : x.status,
      }));
      void drive();
    },
  };
};

/**
 * Loads the stored grids at page start (an active one continues) and moves the queue on as the live run and
 * the runs list change; called once from store/index.ts with the store.
 */
export function startGridDriver(store: { getState(): Full; subscribe(fn: (s: Full, prev: Full) => void): () => void }): void {
  void store.getState().initResearch();
  store.subscribe((s, prev) => {
    if (!s.gridsLoaded) return;
    const liveChanged = s.live?.status !== prev.live?.status || s.live?.runId !== prev.live?.runId;
    if (liveChanged || s.runs !== prev.runs || s.resumableRunIds !== prev.resumableRunIds) s.driveGrids();
  });
}
