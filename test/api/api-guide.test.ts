import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'graphql';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { REPO_ROOT, startBuiltServer, type BuiltServer } from '../support/built-server.js';
import { jsonLines, parseDocBlocks, runModule, runShell, shellName, type DocBlock, type RunResult } from '../support/doc-blocks.js';
import { createTestDatabase } from '../support/postgres.js';

// docs/api.md runs: every block marked `runnable` is executed, in document order, against the
// BUILT server (as a third party meets it): `sh` with bash and the real curl, `graphql` over
// HTTP, `ts` with node. Shell variables a block assigns (TOKEN, KEY, THREAD_ID, …) carry into the
// later blocks: as environment for sh and ts, as GraphQL variables by name ($threadId ←
// THREAD_ID). A block succeeds when it exits 0 and prints no GraphQL error, or, with
// `expect=CODE`, when its last response is that error; `prints=TEXT` must be in its output.
const GUIDE = path.join(REPO_ROOT, 'docs/api.md');
const blocks = parseDocBlocks(fs.readFileSync(GUIDE, 'utf8')).filter((block) => block.runnable);
// ts blocks are written under test/node_modules so `graphql-ws`, `ws` and `@switchboard/schema` resolve.
const MODULE_DIR = path.join(REPO_ROOT, 'test/node_modules/.cache/api-guide');

let database: { url: string; drop(): Promise<void> };
let server: BuiltServer;
const shared: Record<string, string> = {};

beforeAll(async () => {
  fs.mkdirSync(MODULE_DIR, { recursive: true });
  const { adminUrl, template } = inject('postgres');
  database = await createTestDatabase(adminUrl, template);
  server = await startBuiltServer({
    DATABASE_URL: database.url,
    // The guide signs in as the quick start's admin; its webhook receiver listens on 127.0.0.1.
    SWITCHBOARD_ADMIN_EMAIL: 'admin@example.com',
    SWITCHBOARD_ADMIN_PASSWORD: 'switchboard',
    SWITCHBOARD_WEBHOOK_ALLOW_PRIVATE: 'true',
  });
  shared.SWITCHBOARD_URL = server.url;
}, 60_000);

afterAll(async () => {
  await server?.stop();
  await database?.drop();
  fs.rmSync(MODULE_DIR, { recursive: true, force: true });
});

function environment(): Record<string, string> {
  return { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...shared };
}

async function runGraphql(block: DocBlock): Promise<RunResult> {
  const document = parse(block.code);
  const variables: Record<string, string> = {};
  for (const definition of document.definitions) {
    if (definition.kind !== 'OperationDefinition') continue;
    for (const { variable } of definition.variableDefinitions ?? []) {
      const value = shared[shellName(variable.name.value)];
      if (value === undefined) throw new Error(`$${variable.name.value} needs ${shellName(variable.name.value)} from an earlier block`);
      variables[variable.name.value] = value;
    }
  }
  const auth = block.attrs.auth ?? 'TOKEN';
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (auth !== 'none') headers.authorization = `Bearer ${shared[auth] ?? ''}`;
  const response = await fetch(`${server.url}/graphql`, { method: 'POST', headers, body: JSON.stringify({ query: block.code, variables }) });
  return { code: 0, stdout: `${JSON.stringify(await response.json())}\n`, stderr: '' };
}

async function runBlock(block: DocBlock): Promise<RunResult> {
  switch (block.lang) {
    case 'sh': {
      const result = await runShell(block.code, environment(), MODULE_DIR);
      Object.assign(shared, result.assigned);
      return result;
    }
    case 'graphql':
      return runGraphql(block);
    case 'ts':
    case 'js':
      return runModule(block.code, environment(), MODULE_DIR, { stopOn: block.attrs['stop-on'], timeoutMs: 15_000 });
    default:
      throw new Error(`no runner for \`\`\`${block.lang} (line ${block.line})`);
  }
}

describe('docs/api.md', () => {
  it('has runnable blocks of every kind the guide promises', () => {
    expect(new Set(blocks.map((block) => block.lang))).toEqual(new Set(['sh', 'graphql', 'ts']));
  });

  for (const block of blocks) {
    const title = block.code.split('\n').find((line) => line.trim() && !line.trim().startsWith('//') && !line.trim().startsWith('#'))?.trim().slice(0, 70);
    it(`line ${block.line} (${block.lang}${block.attrs.expect ? `, expects ${block.attrs.expect}` : ''}): ${title}`, async () => {
      const result = await runBlock(block);
      const context = `\n--- block at docs/api.md:${block.line}\n${block.code}\n--- stdout\n${result.stdout}\n--- stderr\n${result.stderr}`;
      expect(result.code, context).toBe(0);
      const documents = jsonLines(result.stdout);
      if (block.attrs.expect) {
        expect(documents.length, context).toBeGreaterThan(0);
        expect(documents.at(-1)?.errors?.[0]?.extensions?.code, context).toBe(block.attrs.expect);
      } else {
        for (const document of documents) expect(document.errors, context).toBeUndefined();
      }
      for (const text of [block.attrs.prints, block.attrs['stop-on']]) if (text) expect(result.stdout, context).toContain(text);
    });
  }
});
