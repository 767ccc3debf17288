import path from 'node:path';
import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'schema',
    root: path.dirname(new URL(import.meta.url).pathname),
    environment: 'node',
    include: ['test/**/*.test.ts'],
  },
});
