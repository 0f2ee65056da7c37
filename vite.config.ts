/// <reference types="vitest/config" />
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// One config for the app (vite), the Node unit tests and the real-browser tests (vitest projects).
export default defineConfig({
  plugins: [react()],
  // tfjs-backend-wasm's threaded worker is a CommonJS-style module that only works pre-bundled; its .wasm
  // binaries are imported separately with `?url` (src/platform/backend.ts).
  optimizeDeps: { include: ['@tensorflow/tfjs-backend-wasm'] },
  server: { host: '127.0.0.1' },
  build: { target: 'es2022', chunkSizeWarningLimit: 8000 },
  worker: { format: 'es' },
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
        },
      },
    ],
  },
});
