import fs from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../config.js';
import { printSchemaSdl } from './schema.js';

/** Writes packages/schema/schema.graphql, the SDL every client and codegen reads. */
const target = path.join(REPO_ROOT, 'packages/schema/schema.graphql');
fs.writeFileSync(target, await printSchemaSdl());
console.log(`wrote ${path.relative(process.cwd(), target)}`);
