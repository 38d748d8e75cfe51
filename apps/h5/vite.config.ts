import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

/**
 * One build, two apps: the customer app at /h5/ and the caregiver app at /h5/caregiver/ (React Router decides).
 * The Strapi app serves dist/ at /h5/ (src/middlewares/h5.ts). `npm run dev` proxies the API to a running
 * platform (H5_DEV_API, default http://127.0.0.1:1337).
 */
const api = process.env.H5_DEV_API || 'http://127.0.0.1:1337';

export default defineConfig({
  base: '/h5/',
  // VITE_API_BASE and other VITE_* settings come from the repository's .env, like the platform's own settings.
  envDir: fileURLToPath(new URL('../..', import.meta.url)),
  plugins: [react()],
  resolve: {
    alias: {
      // The plugin's pure rules (pricing, status labels, review tags): one source of truth for server and page.
      '@domain': fileURLToPath(new URL('../../src/plugins/booking/server/src/domain', import.meta.url)),
    },
  },
  server: { port: 1410, proxy: { '/api': api, '/uploads': api } },
  build: { outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 1200 },
});
