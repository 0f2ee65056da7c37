// The workspace file (issue 12): export everything stored in this browser — datasets, runs with curves and
// checkpoints, saved models, settings — as one zip, and import such a file back. Reminds the user to keep one
// when storage runs low (a long run's end reminds through a notice, see training-slice).
import { useRef, useState } from 'react';
import { exportWorkspace, importWorkspace } from '../../../platform/import/workspace-zip';
import { formatBytes } from '../../../platform/storage';
import { useStore } from '../../store';
import { database, messageOf } from '../../store/services';
import { downloadFile } from '../../components/download-file';

/** localStorage keys that travel in a workspace file (not the loss record or the write switch: they describe this browser). */
const SETTING_PREFIX = 'multimix-workbench.';
const LOCAL_ONLY = new Set(['multimix-workbench.inventory', 'multimix-workbench.writes-stopped']);

/** Below this much free space (or 10 % of the quota) the section asks for a workspace file. */
const LOW_SPACE_BYTES = 500e6;

function collectSettings(): Record<string, unknown> {
  const local: Record<string, string> = {};
  for (let i = 0; i < localStorage.length; i++) {
    const k = localStorage.key(i);
    if (k && k.startsWith(SETTING_PREFIX) && !LOCAL_ONLY.has(k)) local[k] = localStorage.getItem(k) ?? '';
  }
  return { config: useStore.getState().config, localStorage: local };
}

function applySettings(settings: Record<string, unknown>): void {
  const local = settings.localStorage as Record<string, string> | undefined;
  for (const [k, v] of Object.entries(local ?? {})) if (k.startsWith(SETTING_PREFIX) && !LOCAL_ONLY.has(k)) localStorage.setItem(k, v);
  if (settings.config && typeof settings.config === 'object') useStore.getState().setConfig(settings.config as never);
}

export function WorkspaceSection() {
  const space = useStore((s) => s.space);
  const [busy, setBusy] = useState<string | null>(null);
  const input = useRef<HTMLInputElement>(null);
  const low = space?.known === true && (space.available < LOW_SPACE_BYTES || space.available < 0.1 * space.quota);

  async function doExport(): Promise<void> {
    setBusy('Writing the workspace file…');
    try {
      const { blob, fileName, manifest } = await exportWorkspace(await database(), collectSettings(), (p) => setBusy(`Writing ${p.store}: ${p.records} records…`));
      downloadFile(blob, fileName);
      const r = manifest.records;
      useStore.getState().notify('info', `Saved ${fileName} (${formatBytes(blob.size)}): ${r.datasets ?? 0} datasets, ${r.runs ?? 0} runs, ${r.checkpoints ?? 0} checkpoints, ${r.models ?? 0} models.`);
    } catch (err) {
      useStore.getState().notify('error', `Exporting the workspace failed: ${messageOf(err)}`);
    } finally {
      setBusy(null);
    }
  }

  async function doImport(file: File): Promise<void> {
    setBusy(`Reading ${file.name}…`);
    try {
      const result = await importWorkspace(await database(), file, (p) => setBusy(`Restoring ${p.store}: ${p.records} records…`));
      applySettings(result.manifest.settings);
      const w = result.written;
      const skipped = Object.values(result.skipped).reduce((a, b) => a + b, 0);
      useStore.getState().notify(
        'info',
        `Imported ${file.name}: ${w.datasets ?? 0} datasets, ${w.runs ?? 0} runs, ${w.checkpoints ?? 0} checkpoints, ${w.models ?? 0} models` +
          (skipped > 0 ? ` (${skipped} records were already here and were kept as they are).` : '.'),
      );
    } catch (err) {
      useStore.getState().notify('error', `Importing the workspace failed: ${messageOf(err)}. Nothing already stored was changed.`);
    } finally {
      setBusy(null);
      const s = useStore.getState();
      await Promise.all([s.refreshDatasets(), s.refreshRuns(), s.refreshModels()]);
    }
  }

  return (
    <div className="workspace-section" data-testid="workspace-section">
      <h3>Workspace file</h3>
      <p className="small muted">
        Everything stored here — datasets, runs with curves and checkpoints, saved models, settings — in one zip. Browser
        storage can be lost (a full disk, cleared site data); keep a copy of your work outside it.
      </p>
      {low && (
        <p className="small" data-testid="workspace-low-space">
          <strong>Storage is running low ({formatBytes(space!.available)} free): export a workspace file now.</strong>
        </p>
      )}
      <button type="button" data-testid="workspace-export" disabled={busy !== null} onClick={() => void doExport()}>
        Export workspace
      </button>{' '}
      <button type="button" disabled={busy !== null} onClick={() => input.current?.click()}>
        Import workspace…
      </button>
      <input
        ref={input}
        type="file"
        accept=".zip,application/zip"
        hidden
        data-testid="workspace-import"
        onChange={(e) => {
          const f = e.target.files?.[0];
          e.target.value = '';
          if (f) void doImport(f);
        }}
      />
      {busy && <span className="small muted"> {busy}</span>}
    </div>
  );
}
