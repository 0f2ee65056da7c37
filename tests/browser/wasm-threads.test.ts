// Issue 8: the dev server sends COOP/COEP, so the page is cross-origin isolated and tfjs runs its threaded SIMD
// wasm binary with one thread per logical core (and with the count a page asks for).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBrowserSession, type BrowserSession } from './harness';

describe('wasm threads in headless Chromium', () => {
  let session: BrowserSession;

  beforeAll(async () => {
    session = await openBrowserSession();
  });

  afterAll(async () => {
    await session?.close();
  });

  const open = async (query: string) => {
    await session.page.goto(`${session.baseUrl}/tests/browser/pages/engine.html${query}`, { timeout: 180_000 });
    await session.page.waitForSelector('body[data-ready="true"]', { timeout: 120_000 });
    return session.page.evaluate(async () => {
      const threading = await window.mmwEngine.wasmThreading();
      return { threading, matmulOk: await window.mmwEngine.wasmMatMulCheck() };
    });
  };

  it('is cross-origin isolated and runs one wasm thread per core', async () => {
    const { threading, matmulOk } = await open('');
    console.log(`wasm threading: ${JSON.stringify(threading)}`);
    expect(threading?.crossOriginIsolated).toBe(true);
    expect(threading?.cores).toBeGreaterThanOrEqual(1);
    expect(threading?.threads).toBe(threading?.cores);
    expect(matmulOk).toBe(true);
  });

  it('takes a pinned thread count (?threads=1)', async () => {
    const { threading, matmulOk } = await open('?threads=1');
    expect(threading?.crossOriginIsolated).toBe(true);
    expect(threading?.threads).toBe(1);
    expect(matmulOk).toBe(true);
  });
});
