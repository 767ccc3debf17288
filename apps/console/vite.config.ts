import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The API the dev server forwards to; `pnpm dev` at the root starts it on :4000.
const apiUrl = process.env.SWITCHBOARD_API_URL ?? 'http://localhost:4000';

export default defineConfig({
  plugins: [react()],
  build: { outDir: 'dist', sourcemap: true },
  server: {
    proxy: {
      '/graphql': { target: apiUrl, ws: true, changeOrigin: true },
      '/healthz': { target: apiUrl, changeOrigin: true },
    },
  },
});
