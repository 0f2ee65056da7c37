// A typed error for the data core: decoders and preparation throw it with a specific code, and the
// import pipeline turns it into an ImportIssue without guessing from message text.
import type { ImportIssue, ImportIssueCode } from './types';

export class ImportError extends Error {
  readonly code: ImportIssueCode;
  readonly path: string;

  constructor(code: ImportIssueCode, path: string, reason: string) {
    super(`${path}: ${reason}`);
    this.name = 'ImportError';
    this.code = code;
    this.path = path;
  }

  toIssue(): ImportIssue {
    return { path: this.path, code: this.code, message: this.message };
  }
}

export function issue(code: ImportIssueCode, path: string, reason: string): ImportIssue {
  return { path, code, message: `${path}: ${reason}` };
}

/** Any error thrown while handling `path` as a specific issue; unknown errors count as a corrupt image. */
export function toImportIssue(err: unknown, path: string): ImportIssue {
  if (err instanceof ImportError) return err.toIssue();
  const reason = err instanceof Error ? err.message : String(err);
  return issue('corrupt-image', path, `could not be decoded (${reason})`);
}
