import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// The API the dev server forwards to; `pnpm dev` at the root starts it on :4000.
const apiUrl = process.env.SWITCHBOARD_API_URL ?? 'http://localhost:4000';
const page = (name: string) => fileURLToPath(new URL(name, import.meta.url));

export default defineConfig({
  plugins: [react()],
  build: {
    outDir: 'dist',
    sourcemap: true,
    // Two pages with chunks of their own: the console, and GraphiQL (served for a browser's GET
    // /graphql), so the console never loads GraphiQL and Monaco.
    rolldownOptions: {
      input: { main: page('index.html'), graphiql: page('graphiql.html') },
      // GraphiQL's packages start modules with "use no memo" (React Compiler), which bundling drops harmlessly.
      onwarn(warning, warn) {
        if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') warn(warning);
      },
    },
    // Monaco, GraphiQL's editor, is one 2.8 MB chunk; the console's own chunks stay far below.
    chunkSizeWarningLimit: 3000,
  },
  server: {
    proxy: {
      '/graphql': { target: apiUrl, ws: true, changeOrigin: true },
      '/healthz': { target: apiUrl, changeOrigin: true },
    },
  },
});
