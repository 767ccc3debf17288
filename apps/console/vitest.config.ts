import { createRequire } from 'node:module';
import path from 'node:path';
import react from '@vitejs/plugin-react';
import { defineProject } from 'vitest/config';

const require = createRequire(import.meta.url);

export default defineProject({
  plugins: [react()],
  resolve: {
    // One copy of graphql for the app, Apollo and the tests (STACK.md trap 4).
    alias: { graphql: path.dirname(require.resolve('graphql/package.json')) },
  },
  test: {
    name: 'console',
    root: path.dirname(new URL(import.meta.url).pathname),
    environment: 'jsdom',
    include: ['src/**/*.test.{ts,tsx}', 'test/**/*.test.{ts,tsx}'],
    setupFiles: ['test/setup.ts'],
  },
});
