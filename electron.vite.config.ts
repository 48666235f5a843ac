// Builds the desktop app: the Electron main process and preload from electron/, the React UI from
// renderer/. Output goes to out/main, out/preload and out/renderer (out/cli is the command line,
// built by scripts/build-cli.mjs).
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';
import { resolve } from 'node:path';

export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      externalizeDeps: true,
      // The core runs in a worker thread of its own (electron/core/thread): its entry is built beside the shell's.
      rollupOptions: { input: { index: resolve('electron/main/index.ts'), 'core-worker': resolve('electron/core/thread/core-worker-main.ts'), 'log-search-worker': resolve('electron/core/files/log-search-worker.ts') } },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      externalizeDeps: true,
      // A sandboxed preload cannot load ES modules: emit CommonJS.
      rollupOptions: { input: { index: resolve('electron/preload/index.ts') }, output: { format: 'cjs', entryFileNames: '[name].cjs' } },
    },
  },
  renderer: {
    root: 'renderer',
    plugins: [react()],
    build: {
      outDir: resolve('out/renderer'),
      // Minified: the window parses a third of the bytes before it can ask for the first rows.
      minify: true,
      rollupOptions: { input: { index: resolve('renderer/index.html') } },
    },
  },
});
