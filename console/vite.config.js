import { defineConfig } from 'vite';

// The server serves the build at /console/; the hashed file names under assets/ let it cache them for good.
export default defineConfig({
  base: '/console/',
  build: { outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 200 },
});
