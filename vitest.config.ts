import { defineConfig } from 'vitest/config';

// One run for the whole workspace: one PostgreSQL for every project (test/support/global-setup),
// each test file in its own database cloned from a migrated template.
export default defineConfig({
  test: {
    globalSetup: ['test/support/global-setup.ts'],
    projects: ['packages/schema', 'apps/server', 'apps/console', 'test'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
