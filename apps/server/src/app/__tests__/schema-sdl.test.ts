import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../config.js';
import { printSchemaSdl } from '../schema.js';

describe('packages/schema/schema.graphql', () => {
  it('is what the server emits now (run "pnpm emit-schema" after changing the schema)', async () => {
    const committed = fs.readFileSync(path.join(REPO_ROOT, 'packages/schema/schema.graphql'), 'utf8');
    expect(committed).toBe(await printSchemaSdl());
  });
});
