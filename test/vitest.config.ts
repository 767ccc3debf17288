import path from 'node:path';
import { defineProject } from 'vitest/config';
import { singleGraphql } from '../vitest.shared.js';

export default defineProject({
  resolve: { alias: singleGraphql },
});
