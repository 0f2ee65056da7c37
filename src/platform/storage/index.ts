// The storage module's public face: the only way the rest of the app reaches IndexedDB.
export * from './schema';
export { SCHEMA_VERSION } from './migrations';
export {
  StorageError,
  type WorkbenchDatabase,
  openDatabase,
  getDatabase,
  deleteDatabase,
  toStorageError,
} from './db';
export * from './quota';
export * from './counts';
export * from './datasets';
export * from './runs';
export { mergeCurves } from './curves';
export * from './checkpoints';
export * from './models';
export * from './grids';
export * from './write-guard';
export * from './inventory';
export * from './changes';
export * from './import-lock';
export * from './repoint';
