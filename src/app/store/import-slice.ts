// The import flow: files in → plan preview (what was understood, per dataset) → commit with progress
// (cancellable) → report of every skipped file. The heavy lifting is in the import worker.
import type { StateCreator } from 'zustand';
import type { ImportIssue } from '../../core/data/types';
import { DEFAULT_ASSIGNMENT, DEFAULT_PHANTOM } from '../../platform/import/defaults';
import type {
  AssignmentOptions, DroppedFile, ImportProgress, ImportReport, PlanPreview, StoredDuplicatePolicy, StoredDuplicates,
} from '../../platform/import/protocol';
import type { DomainTag } from '../../platform/storage';
import type { RunningRequest } from '../../platform/workers/import.client';
import { importSummary } from './import-summary';
import { importWorker, messageOf } from './services';
import type { Full } from './types';

export type ImportPhase = 'idle' | 'planning' | 'preview' | 'importing' | 'report';

export interface PlanChoiceState {
  index: number;
  include: boolean;
  name: string;
  domain: DomainTag;
}

export interface ImportSlice {
  importPhase: ImportPhase;
  planned: { plans: PlanPreview[]; unplaced: ImportIssue[]; fileCount: number } | null;
  choices: PlanChoiceState[];
  importProgress: ImportProgress | null;
  importReport: ImportReport | null;
  /** Settings applied to new imports (seed, split fractions, label budget). */
  importAssignment: AssignmentOptions;
  /** A phantom dataset is being generated. */
  generatingPhantom: boolean;
  /**
   * The last commit found images whose content is already stored (issue 9): the preview asks "skip duplicates"
   * or "import as new" (commitImport('skip' | 'import')) instead of silently making a second copy.
   */
  storedDuplicates: StoredDuplicates[] | null;
  planFiles(files: DroppedFile[]): Promise<void>;
  setChoice(index: number, patch: Partial<Omit<PlanChoiceState, 'index'>>): void;
  /** `ask` (default): stop and ask when content is already stored; `skip` / `import`: the user's answer. */
  commitImport(duplicates?: StoredDuplicatePolicy): Promise<void>;
  cancelImport(): void;
  dismissImport(): void;
  createPhantom(): Promise<void>;
}

let active: RunningRequest<unknown> | null = null;

export const createImportSlice: StateCreator<Full, [], [], ImportSlice> = (set, get) => ({
  importPhase: 'idle',
  planned: null,
  choices: [],
  importProgress: null,
  importReport: null,
  importAssignment: DEFAULT_ASSIGNMENT,
  generatingPhantom: false,
  storedDuplicates: null,

  async planFiles(files) {
    if (get().importPhase === 'importing' || get().importPhase === 'planning') {
      get().notify('error', 'An import is already running; wait for it or cancel it first.');
      return;
    }
    if (files.length === 0) {
      get().notify('error', 'Nothing to import: the drop or selection contained no files.');
      return;
    }
    set({ importPhase: 'planning', planned: null, importReport: null, importProgress: null, storedDuplicates: null });
    try {
      const req = importWorker().plan(files);
      active = req;
      const outcome = await req.result;
      if (outcome.status !== 'done') return set({ importPhase: 'idle' });
      const { plans } = outcome.value;
      set({
        importPhase: 'preview',
        planned: outcome.value,
        choices: plans.map((p) => ({ index: p.index, include: p.summary.items > 0, name: p.suggestedName, domain: p.suggestedDomain ?? 'in-domain' })),
      });
    } catch (err) {
      set({ importPhase: 'idle' });
      get().notify('error', `Reading the files failed: ${messageOf(err)}`);
    } finally {
      active = null;
    }
  },

  setChoice(index, patch) {
    set((s) => ({ choices: s.choices.map((c) => (c.index === index ? { ...c, ...patch } : c)) }));
  },

  async commitImport(duplicates = 'ask') {
    const chosen = get().choices.filter((c) => c.include);
    const empty = chosen.find((c) => c.name.trim() === '');
    if (empty) return get().notify('error', `Dataset #${empty.index + 1} needs a name.`);
    if (chosen.length === 0) return get().notify('error', 'Tick at least one dataset to import.');
    set({ importPhase: 'importing', importProgress: null, storedDuplicates: null });
    try {
      const req = importWorker().commit(
        chosen.map(({ index, name, domain }) => ({ index, name: name.trim(), domain })),
        get().importAssignment,
        duplicates,
        (importProgress) => set({ importProgress }),
      );
      active = req;
      const outcome = await req.result;
      if (outcome.status === 'cancelled') {
        set({ importPhase: 'preview', importProgress: null });
        get().notify('info', 'Import cancelled; nothing of it was kept.');
      } else if ('duplicates' in outcome.value) {
        set({ importPhase: 'preview', importProgress: null, storedDuplicates: outcome.value.duplicates });
      } else {
        // Plans with nothing importable (e.g. only images lacking their masks) still explain why.
        const planned = get().planned;
        const empty = planned?.plans.filter((p) => p.summary.items === 0).flatMap((p) => p.issues) ?? [];
        const report = { ...outcome.value.report, unplaced: [...(planned?.unplaced ?? []), ...empty] };
        set({ importPhase: 'report', importReport: report, importProgress: null, planned: null, choices: [] });
        const summary = importSummary(report);
        get().notify(summary.kind, summary.text, { section: 'data' });
      }
    } catch (err) {
      set({ importPhase: 'preview', importProgress: null });
      get().notify('error', `Import failed, nothing of it was kept: ${messageOf(err)}`);
    } finally {
      active = null;
      await get().refreshDatasets();
    }
  },

  cancelImport() {
    active?.cancel();
  },

  dismissImport() {
    if (get().importPhase === 'preview') importWorker().discard();
    set({ importPhase: 'idle', planned: null, choices: [], importReport: null, importProgress: null, storedDuplicates: null });
  },

  async createPhantom() {
    if (get().generatingPhantom) return;
    set({ generatingPhantom: true });
    try {
      const outcome = await importWorker().phantom(DEFAULT_PHANTOM, get().importAssignment).result;
      if (outcome.status === 'done') get().notify('info', 'Created a synthetic phantom dataset for trying things out (not real data).', { section: 'data' });
    } catch (err) {
      get().notify('error', `Creating the synthetic phantom dataset failed: ${messageOf(err)}`);
    } finally {
      set({ generatingPhantom: false });
      await get().refreshDatasets();
    }
  },
});
