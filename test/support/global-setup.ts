import type { TestProject } from 'vitest/node';
import { startTestPostgres } from './postgres.js';

/** One PostgreSQL for the whole run; stopped (and its files removed) when the run ends. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const postgres = await startTestPostgres();
  project.provide('postgres', { adminUrl: postgres.adminUrl, template: postgres.template });
  return () => postgres.stop();
}
