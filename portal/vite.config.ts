import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The portal is built into dist/portal and served by Gerbang itself on the API's origin (src/http/portal.ts).
// No inline script or style ends up in the output, so the server's Content-Security-Policy can forbid both.
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('../dist/portal', import.meta.url)),
    emptyOutDir: true,
    assetsInlineLimit: 0,
    chunkSizeWarningLimit: 1200,
    // Two pages: the officers' and institutions' portal, and the resident's "Cek akses data saya" (/warga),
    // which loads none of the former's code (src/http/portal.ts serves warga.html for /warga/*).
    rollupOptions: {
      input: {
        index: fileURLToPath(new URL('index.html', import.meta.url)),
        warga: fileURLToPath(new URL('warga.html', import.meta.url)),
      },
    },
  },
  server: { proxy: { '/v1': 'http://127.0.0.1:8080' } },
});
