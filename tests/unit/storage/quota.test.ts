// Up-front quota checks: a too-large import is refused with both numbers before anything is written.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { StorageError, ensureSpaceFor, estimateDatasetBytes, formatBytes, storageSpace } from '../../../src/platform/storage';

afterEach(() => {
  vi.unstubAllGlobals();
});

function stubStorage(usage: number, quota: number) {
  vi.stubGlobal('navigator', { storage: { estimate: async () => ({ usage, quota }), persisted: async () => true } });
}

describe('quota', () => {
  it('estimates a 256² dataset at ~65 KB per image plus ~65 KB per mask, with overhead', () => {
    expect(estimateDatasetBytes(0, 0)).toBe(0);
    expect(estimateDatasetBytes(100, 0)).toBe(Math.ceil(100 * (65536 + 512) * 1.25));
    expect(estimateDatasetBytes(100, 100) - estimateDatasetBytes(100, 0)).toBe(Math.ceil(100 * 65536 * 1.25));
  });

  it('formats bytes for messages', () => {
    expect(formatBytes(999)).toBe('999 B');
    expect(formatBytes(8_200_000)).toBe('8.2 MB');
    expect(formatBytes(10_800_000_000)).toBe('10.8 GB');
  });

  it('refuses an import that does not fit and names both sizes', async () => {
    stubStorage(9_000_000, 10_000_000);
    const err = await ensureSpaceFor(2_000_000, '"lungs" (208 images)').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StorageError);
    expect((err as StorageError).code).toBe('quota');
    expect((err as StorageError).message).toBe(
      'Not enough browser storage for "lungs" (208 images): it needs about 2.0 MB but only 1.0 MB of 10.0 MB is free. ' +
        'Delete a dataset or model you no longer need, or import fewer images. Nothing was written.',
    );
  });

  it('lets an import that fits go ahead and reports the space', async () => {
    stubStorage(1_000, 10_000_000);
    const space = await ensureSpaceFor(2_000_000, 'x');
    expect(space).toEqual({ usage: 1000, quota: 10_000_000, available: 9_999_000, persisted: true, known: true });
  });

  it('does not block when the browser cannot tell', async () => {
    vi.stubGlobal('navigator', {});
    expect((await storageSpace()).known).toBe(false);
    await expect(ensureSpaceFor(1e15, 'x')).resolves.toMatchObject({ known: false });
  });
});
