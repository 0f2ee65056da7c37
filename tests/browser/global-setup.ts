// One Vite dev server for every real-browser test file (vitest globalSetup of the "browser" project).
// Each file used to start its own server, and the first page load of each then waited for Vite to transform the
// app's few hundred modules again (tens of seconds per file under load: most of CI's 20-minute budget went on
// it). Files still get their own fresh Chromium profile (harness.ts → openBrowserSession); only the server,
// which keeps no state between page loads but its transform cache, is shared.
import type { TestProject } from 'vitest/node';
import { startDevServer } from './chromium';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Origin of the shared dev server, e.g. http://127.0.0.1:5173 (no trailing slash). */
    viteBaseUrl: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const server = await startDevServer();
  project.provide('viteBaseUrl', server.baseUrl);
  return () => server.close();
}
