import path from 'node:path';
import { defineProject } from 'vitest/config';
import { singleGraphql } from '../../vitest.shared.js';

export default defineProject({
  resolve: { alias: singleGraphql },
  test: {
    name: 'server',
    root: path.dirname(new URL(import.meta.url).pathname),
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    include: ['src/**/*.test.ts'],
  },
});
