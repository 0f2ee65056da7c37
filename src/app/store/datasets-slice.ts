// Stored datasets as the app sees them: the list, storage space, and the actions of the dataset
// browser (rename, delete, domain tag, splits and budgets, export). Every action reports failures as
// a notice and reloads the list, so the screen always shows what is really stored.
import type { StateCreator } from 'zustand';
import {
  checkForStorageLoss,
  deleteDataset,
  listDatasets,
  noteDeliberateRemoval,
  noteInventory,
  listImages,
  renameDataset,
  requestPersistence,
  saveAssignments,
  setDatasetDomain,
  storageSpace,
  sweepAbandonedImports,
  type DatasetRecord,
  type DomainTag,
  type StorageSpace,
} from '../../platform/storage';
import { reassignImages } from '../../platform/import/assignment';
import type { AssignmentOptions, ImportProgress } from '../../platform/import/protocol';
import { database, importWorker, messageOf } from './services';
import type { Full } from './types';
import { DEMO_FLAG, exampleShown } from './viewer-slice';
import { downloadFile } from '../components/download-file';

/** Set once the first-visit demo dataset was created (or declined), so deleting it is respected. */

export interface DatasetsSlice {
  datasets: DatasetRecord[];
  datasetsLoaded: boolean;
  space: StorageSpace | null;
  persisted: boolean;
  exporting: { datasetId: string; progress: ImportProgress | null } | null;
  /** Dataset ids with a split/budget change being saved. */
  assigning: string[];
  initData(): Promise<void>;
  refreshDatasets(): Promise<void>;
  renameDataset(id: string, name: string): Promise<boolean>;
  deleteDataset(id: string): Promise<void>;
  setDomain(id: string, domain: DomainTag): Promise<void>;
  applyAssignment(id: string, options: AssignmentOptions): Promise<void>;
  exportDataset(id: string): Promise<void>;
}

let initStarted = false;

export const createDatasetsSlice: StateCreator<Full, [], [], DatasetsSlice> = (set, get) => {
  async function guarded(action: string, body: () => Promise<void>): Promise<boolean> {
    try {
      await body();
      return true;
    } catch (err) {
      get().notify('error', `${action} failed: ${messageOf(err)}`);
      return false;
    } finally {
      await get().refreshDatasets();
    }
  }

  return {
    datasets: [],
    datasetsLoaded: false,
    space: null,
    persisted: false,
    exporting: null,
    assigning: [],

    async initData() {
      if (initStarted) return;
      initStarted = true;
      try {
        const persisted = await requestPersistence();
        set({ persisted });
        const db = await database();
        const swept = await sweepAbandonedImports(db);
        if (swept.length > 0) get().notify('info', `Removed ${swept.length} unfinished import(s) left by a closed tab.`);
        const loss = await checkForStorageLoss(db);
        if (loss) get().notify('error', loss.message);
        await get().refreshDatasets();
        const firstVisit = get().datasets.length === 0 && localStorage.getItem(DEMO_FLAG) === null;
        if (firstVisit) {
          localStorage.setItem(DEMO_FLAG, 'created');
          // The example's first prediction goes first; generating 200 phantoms would compete for the CPU.
          await exampleShown();
          await get().createPhantom();
        }
      } catch (err) {
        set({ datasetsLoaded: true });
        get().notify('error', `Could not open the browser's storage: ${messageOf(err)}`);
      }
    },

    async refreshDatasets() {
      try {
        const db = await database();
        const [datasets, space] = await Promise.all([listDatasets(db), storageSpace()]);
        set({ datasets, space, datasetsLoaded: true });
        get().adoptStoredDatasets();
        const loss = await noteInventory(db);
        if (loss) get().notify('error', loss.message);
      } catch (err) {
        set({ datasetsLoaded: true });
        get().notify('error', `Could not read the stored datasets: ${messageOf(err)}`);
      }
    },

    renameDataset(id, name) {
      return guarded('Renaming', async () => {
        await renameDataset(await database(), id, name);
      });
    },

    async deleteDataset(id) {
      const name = get().datasets.find((d) => d.id === id)?.name ?? 'dataset';
      const ok = await guarded('Deleting', async () => {
        noteDeliberateRemoval();
        await deleteDataset(await database(), id);
      });
      if (ok) get().notify('info', `Deleted "${name}".`);
    },

    async setDomain(id, domain) {
      await guarded('Tagging the domain', async () => {
        await setDatasetDomain(await database(), id, domain);
      });
    },

    async applyAssignment(id, options) {
      set((s) => ({ assigning: [...s.assigning, id] }));
      try {
        await guarded('Assigning splits and budget', async () => {
          const db = await database();
          const images = await listImages(db, id);
          await saveAssignments(db, id, reassignImages(images, options), { ...options, splitsFromLayout: images.some((im) => im.layoutSplit !== undefined) });
        });
      } finally {
        set((s) => ({ assigning: s.assigning.filter((x) => x !== id) }));
      }
    },

    async exportDataset(id) {
      if (get().exporting) return;
      set({ exporting: { datasetId: id, progress: null } });
      try {
        const req = importWorker().exportDataset(id, (progress) => set({ exporting: { datasetId: id, progress } }));
        const outcome = await req.result;
        if (outcome.status === 'done') {
          downloadFile(outcome.value.zip, outcome.value.fileName);
          get().notify('info', `Exported ${outcome.value.fileName} (${outcome.value.files} files).`);
        }
      } catch (err) {
        get().notify('error', `Export failed: ${messageOf(err)}`);
      } finally {
        set({ exporting: null });
      }
    },
  };
};
