/// <reference types="vitest/config" />
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

// Cross-origin isolation: SharedArrayBuffer, and so tfjs' threaded SIMD wasm (one thread per core), needs
// COOP + COEP on the page. Set for `npm start` / `vite` (dev) and `vite preview`; a production host must send
// the same two headers (README: "Cross-origin isolation"), or public/coi-serviceworker.js adds them on hosts
// that cannot (it does nothing where the headers are already there).
export const CROSS_ORIGIN_ISOLATION_HEADERS = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

/**
 * Production build only: ships coi-serviceworker (npm) as /coi-serviceworker.js and loads it first in
 * index.html. On a static host that cannot send COOP/COEP (e.g. GitHub Pages) it registers a service worker
 * that adds them and reloads once; where the headers are already sent it returns at once.
 */
function crossOriginIsolationFallback(): Plugin {
  let base = '/';
  const source = () => readFileSync(createRequire(import.meta.url).resolve('coi-serviceworker/coi-serviceworker.min.js'), 'utf8');
  return {
    name: 'mmw-coi-serviceworker',
    apply: 'build',
    generateBundle() {
      this.emitFile({ type: 'asset', fileName: 'coi-serviceworker.js', source: source() });
    },
    configResolved(config) {
      base = config.base;
    },
    transformIndexHtml: () => [{ tag: 'script', attrs: { src: `${base}coi-serviceworker.js` }, injectTo: 'head-prepend' }],
  };
}

/** Whitespace-only minification: see `build.rolldownOptions` below. */
const WASM_SAFE_MINIFY = { mangle: false, compress: false } as const;

// One config for the app (vite), the Node unit tests and the real-browser tests (vitest projects).
export default defineConfig({
  plugins: [react(), crossOriginIsolationFallback()],
  // tfjs-backend-wasm's threaded worker is a CommonJS-style module that only works pre-bundled; its .wasm
  // binaries are imported separately with `?url` (src/platform/backend.ts).
  optimizeDeps: { include: ['@tensorflow/tfjs-backend-wasm'] },
  server: { host: '127.0.0.1', headers: CROSS_ORIGIN_ISOLATION_HEADERS },
  // `npm start` = production build + `vite preview`, on the dev server's usual address.
  preview: { host: '127.0.0.1', port: 5173, headers: CROSS_ORIGIN_ISOLATION_HEADERS },
  build: {
    target: 'es2022',
    chunkSizeWarningLimit: 8000,
    // tfjs-backend-wasm starts each pthread worker from `factory.toString()`; with mangled names that source
    // refers to identifiers that exist only in the bundle ("e is not defined" in every worker, wasm never
    // starts — scripts/check-threaded-build.ts); compression hoists the factory's enclosing `var _scriptDir` out
    // of its closure ("_scriptDir is not defined"). So: whitespace only, no mangling, no compression.
    rolldownOptions: { output: { minify: WASM_SAFE_MINIFY } },
  },
  // The training worker (src/platform/workers/train.worker.ts) imports the wasm backend too.
  worker: { format: 'es', rolldownOptions: { output: { minify: WASM_SAFE_MINIFY } } },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['tests/unit/**/*.test.ts'],
          environment: 'node',
          testTimeout: 120_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'browser',
          include: ['tests/browser/**/*.test.ts'],
          environment: 'node',
          testTimeout: 600_000,
          hookTimeout: 300_000,
          // One Chromium at a time: the machine has 2 cores and WebGPU runs on SwiftShader (CPU).
          fileParallelism: false,
          // One Vite dev server for all files (its transform cache warm after the first file).
          globalSetup: ['tests/browser/global-setup.ts'],
        },
      },
    ],
  },
});
