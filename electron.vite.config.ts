/**
 * electron-vite build for the desktop app:
 *   src/main/index.ts     → out/main/index.js     (ESM; node_modules deps and the native addon stay external)
 *   src/preload/index.ts  → out/preload/index.cjs (CommonJS, everything bundled: a sandboxed preload
 *                                                  can require nothing but `electron`)
 *   src/renderer          → out/renderer          (React; base './' so the same build loads from
 *                                                  file:// in Electron and from `/` in `arrayscope serve`)
 */
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';
import type { Plugin } from 'vite';
import { CONTENT_SECURITY_POLICY, DEV_CONTENT_SECURITY_POLICY } from './src/main/csp';

// Paths are relative to the project root: electron-vite runs from there (npm scripts), and its
// defaults (src/<process>/index.ts, out/<process>) are the layout above.

/** `electron-vite dev` only: swaps the page's CSP meta tag for the dev policy (see csp.ts). */
function devContentSecurityPolicy(): Plugin {
  return {
    name: 'arrayscope:dev-csp',
    apply: 'serve',
    transformIndexHtml: (html) => html.replace(CONTENT_SECURITY_POLICY, DEV_CONTENT_SECURITY_POLICY),
  };
}

export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      lib: { entry: 'src/main/index.ts', formats: ['es'] },
      rolldownOptions: {
        // The addon is found at run time by src/core/native.ts (createRequire + a path search for
        // build/Release/arrayscope.node); a .node file must never be pulled into the bundle.
        external: [/\.node$/],
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      externalizeDeps: false,
      lib: { entry: 'src/preload/index.ts', formats: ['cjs'] },
      rolldownOptions: {
        output: { entryFileNames: '[name].cjs', codeSplitting: false },
      },
    },
  },
  renderer: {
    root: 'src/renderer',
    base: './',
    plugins: [react(), devContentSecurityPolicy()],
    // Entry: src/renderer/index.html (electron-vite's default input for this root).
    build: { outDir: 'out/renderer' },
  },
});
