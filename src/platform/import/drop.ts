// Collecting files on the page: drops of files and folders, and the file / folder pickers. Folder
// drops are walked by file-selector (react-dropzone's walker): it recurses through
// webkitGetAsEntry() directories, keeps calling readEntries() until it returns an empty batch
// (Chromium hands out at most 100 entries per call), and prefers the File System Access handles where
// the old Entry API throws. It must be called synchronously from the drop handler: DataTransfer items
// are only readable during the event.
import { fromEvent, type FileWithPath } from 'file-selector';
import { cleanRelativePath } from './source-files';
import type { DroppedFile } from './protocol';

/**
 * The relative path of a collected file. file-selector puts it on `path` ('/folder/a.png' for drops,
 * './a.png' for single files); a picker with `webkitdirectory` sets `webkitRelativePath`. A `path`
 * already on the File (as other drop libraries and our browser test set it) is kept.
 */
export function relativePathOf(file: File): string {
  const withPath = file as Partial<FileWithPath>;
  const candidates = [withPath.path, file.webkitRelativePath, file.name];
  const raw = candidates.find((p): p is string => typeof p === 'string' && p.length > 0) ?? file.name;
  return cleanRelativePath(raw) || file.name;
}

export function toDroppedFiles(files: Iterable<File>): DroppedFile[] {
  const out: DroppedFile[] = [];
  for (const file of files) out.push({ path: relativePathOf(file), file });
  return out;
}

/** Files of a drop event, folders flattened with their relative paths. */
export async function filesFromDrop(event: DragEvent | { dataTransfer: DataTransfer | null; type: string }): Promise<DroppedFile[]> {
  const items = await fromEvent(event);
  return toDroppedFiles(items.filter((x): x is FileWithPath => x instanceof File));
}

/** Files chosen with an <input type="file"> (with or without `webkitdirectory`). */
export function filesFromInput(input: HTMLInputElement): DroppedFile[] {
  return toDroppedFiles(Array.from(input.files ?? []));
}

/** Whether a drag carries files at all (so the drop zone lights up only for them). */
export function dragHasFiles(event: DragEvent): boolean {
  return Array.from(event.dataTransfer?.types ?? []).includes('Files');
}
