/**
 * The renderer's Vite config on its own, for building the browser UI without the Electron parts
 * (`vite build -c vite.renderer.config.ts --outDir DIR`). electron.vite.config.ts uses the same
 * settings for the desktop build. ARRAYSCOPE_RENDERER_DIR points `arrayscope serve` at a build
 * made elsewhere (parallel e2e runs each build their own).
 */
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig({
  root: 'src/renderer',
  base: './',
  plugins: [react()],
  build: { outDir: '../../out/renderer', emptyOutDir: true },
});
