// One Vite dev server for every real-browser test file (vitest globalSetup of the "browser" project).
// Each file used to start its own server, and the first page load of each then waited for Vite to transform the
// app's few hundred modules again (tens of seconds per file under load: most of CI's 20-minute budget went on
// it). Files still get their own fresh Chromium profile (harness.ts → openBrowserSession); only the server,
// which keeps no state between page loads but its transform cache, is shared.
import { join } from 'node:path';
import { createServer } from 'vite';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Origin of the shared dev server, e.g. http://127.0.0.1:5173 (no trailing slash). */
    viteBaseUrl: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const server = await createServer({
    configFile: join(process.cwd(), 'vite.config.ts'),
    server: { port: 0, host: '127.0.0.1', strictPort: false, hmr: false },
    logLevel: 'warn',
  });
  await server.listen();
  const address = server.httpServer?.address();
  if (!address || typeof address === 'string') throw new Error('Vite did not report a TCP address');
  project.provide('viteBaseUrl', `http://127.0.0.1:${address.port}`);
  return () => server.close();
}
