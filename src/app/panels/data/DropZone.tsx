// Where files come in: drop files, folders or zips here, or use the file / folder pickers.
import { useEffect, useRef, useState, type DragEvent } from 'react';
import { dragHasFiles, filesFromDrop, filesFromInput } from '../../../platform/import/drop';
import { useStore } from '../../store';

const ACCEPT = '.png,.jpg,.jpeg,.gif,.dcm,.dicom,.img,.csv,.zip,image/*,application/dicom,application/zip';

export function DropZone() {
  const planFiles = useStore((s) => s.planFiles);
  const notify = useStore((s) => s.notify);
  const [over, setOver] = useState(false);
  const filesInput = useRef<HTMLInputElement>(null);
  const folderInput = useRef<HTMLInputElement>(null);

  // A file dropped next to the zone must not make the browser navigate away to it.
  useEffect(() => {
    const stop = (e: globalThis.DragEvent) => {
      if (e.dataTransfer && Array.from(e.dataTransfer.types).includes('Files')) e.preventDefault();
    };
    window.addEventListener('dragover', stop);
    window.addEventListener('drop', stop);
    return () => {
      window.removeEventListener('dragover', stop);
      window.removeEventListener('drop', stop);
    };
  }, []);

  const onDrop = (e: DragEvent<HTMLDivElement>) => {
    e.preventDefault();
    setOver(false);
    // Must start synchronously inside the event: DataTransfer items go dead after it.
    filesFromDrop(e.nativeEvent)
      .then(planFiles)
      .catch((err: unknown) => notify('error', `The dropped items could not be read: ${err instanceof Error ? err.message : String(err)}`));
  };

  const onPicked = (input: HTMLInputElement | null) => {
    if (!input) return;
    const files = filesFromInput(input);
    input.value = ''; // picking the same folder again must fire `change` again
    void planFiles(files);
  };

  return (
    <div
      className={`drop-zone${over ? ' drop-zone-over' : ''}`}
      data-testid="drop-zone"
      onDragEnter={(e) => dragHasFiles(e.nativeEvent) && setOver(true)}
      onDragOver={(e) => {
        if (!dragHasFiles(e.nativeEvent)) return;
        e.preventDefault();
        e.dataTransfer.dropEffect = 'copy';
      }}
      onDragLeave={(e) => {
        if (!e.currentTarget.contains(e.relatedTarget as Node | null)) setOver(false);
      }}
      onDrop={onDrop}
    >
      <p className="drop-title">Drop chest X-ray files, folders or .zip archives here</p>
      <p className="drop-hint">
        Understood: Kermany/Kaggle <code>chest_xray</code> class folders, <code>images/</code> + <code>masks/</code> folders,
        Montgomery, JSRT + SCR, NIH <code>Data_Entry_2017.csv</code>, a <code>filename,label</code> CSV, DICOM. You will see
        what was understood before anything is stored.
      </p>
      <div className="drop-actions">
        <button type="button" onClick={() => filesInput.current?.click()}>
          Choose files…
        </button>
        <button type="button" onClick={() => folderInput.current?.click()}>
          Choose a folder…
        </button>
      </div>
      <input ref={filesInput} type="file" multiple accept={ACCEPT} hidden data-testid="pick-files" onChange={(e) => onPicked(e.currentTarget)} />
      <input
        ref={folderInput}
        type="file"
        hidden
        data-testid="pick-folder"
        // React has no typed prop for these; they make the picker choose folders (all browsers).
        {...{ webkitdirectory: '', directory: '' }}
        onChange={(e) => onPicked(e.currentTarget)}
      />
    </div>
  );
}
