// Page object for the viewer, shared by the browser tests and scripts/first-visit.ts (so no vitest import).
import type { Page } from 'playwright-core';

/**
 * Waits until the viewer shows a prediction (the P(pneumonia) caption) with its saliency layer and returns the
 * page's performance.now() at that moment: ms after navigation start. Throws the viewer's error if it shows one.
 */
export async function predictionShownAt(page: Page, timeout = 120_000): Promise<number> {
  const handle = await page.waitForFunction(
    () => {
      const failed = document.querySelector('.viewer-panel [role=alert]')?.textContent;
      if (failed) throw new Error(failed);
      const caption = document.querySelector('[data-testid=predicted-class]')?.textContent ?? '';
      const saliency = document.querySelector('.viewer-panel canvas[data-layer=saliency]');
      return /P\(pneumonia\)/.test(caption) && saliency ? performance.now() : false;
    },
    undefined,
    { timeout, polling: 50 },
  );
  return (await handle.jsonValue()) as number;
}
