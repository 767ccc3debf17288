import fs from 'node:fs';
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gql, REPO_ROOT } from '../support/built-server.js';
import { createE2eWorld, TEST_TIMEOUT_MS } from '../support/e2e-world.js';

// GET /graphql in a browser: the GraphiQL the console's build bundles from npm, served by the
// built server, working with no host but the server's (this machine has no internet, and the
// test fails on any request elsewhere, as Apollo's CDN-loaded landing page would make).
const world = createE2eWorld({ database: 'graphiql' });
let context: BrowserContext;
/** Every request the page (and its workers) made to a host other than the server's. */
const foreign: string[] = [];

beforeAll(async () => {
  await world.start();
  context = await world.browser.newContext();
  const own = new URL(world.server.url).host;
  await context.route('**/*', async (route) => {
    const url = new URL(route.request().url());
    if ((url.protocol === 'http:' || url.protocol === 'ws:') && url.host === own) return route.continue();
    if (url.protocol === 'data:' || url.protocol === 'blob:') return route.continue();
    foreign.push(url.href);
    return route.abort();
  });
  context.on('request', (request) => {
    const url = new URL(request.url());
    if (!['data:', 'blob:'].includes(url.protocol) && url.hostname !== '127.0.0.1') foreign.push(url.href);
  });
}, 120_000);

afterAll(async () => {
  await context?.close();
  await world.close();
});

/** Replaces the whole text of GraphiQL's Monaco editor `selector`. */
async function setEditor(page: Page, selector: string, text: string): Promise<void> {
  await page.locator(selector).first().click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.press('Delete');
  // insertText types no key, so Monaco's bracket and quote auto-closing adds nothing.
  await page.keyboard.insertText(text);
  // GraphiQL reads the operation (its name, for execute) 100 ms after the last edit, in the same
  // step that stores the query: wait for that, not for a guess at how long it takes. (Headers are
  // read from their editor when the operation runs.)
  if (selector === QUERY) {
    await expect.poll(() => page.evaluate(() => localStorage.getItem('graphiql:query')), { timeout: 10_000 }).toBe(text);
  }
}

const QUERY = '.graphiql-query-editor .monaco-editor';
const HEADERS = '.graphiql-editor-tool .monaco-editor[data-uri$="headers.json"]';
const response = (page: Page) => page.locator('.graphiql-response .monaco-editor .view-lines');

async function openGraphiql(): Promise<Page> {
  const page = await context.newPage();
  const answer = await page.goto(`${world.server.url}/graphql`);
  expect(answer?.status()).toBe(200);
  expect(answer?.headers()['content-type']).toContain('text/html');
  await page.locator('.graphiql-container').waitFor({ timeout: 15_000 });
  await page.locator('.graphiql-query-editor .monaco-editor').first().waitFor({ timeout: 15_000 });
  return page;
}

describe('GraphiQL at /graphql', () => {
  it('runs a query with the token from the header editor, loading nothing from another host', { timeout: TEST_TIMEOUT_MS }, async () => {
    const page = await openGraphiql();
    // The header editor is open by default (defaultEditorToolsVisibility="headers").
    await setEditor(page, HEADERS, JSON.stringify({ Authorization: `Bearer ${world.adminToken}` }));
    await setEditor(page, QUERY, 'query Me { me { name role } serverTime }');
    await page.locator('.graphiql-execute-button').click();
    await expect.poll(() => response(page).textContent(), { timeout: 10_000 }).toContain('ADMIN');
    expect(await response(page).textContent()).not.toContain('UNAUTHENTICATED');
    expect(foreign).toEqual([]);
    await page.close();
  });

  it('subscribes over graphql-ws with the same header, and shows a live event', { timeout: TEST_TIMEOUT_MS }, async () => {
    const page = await openGraphiql();
    await setEditor(page, HEADERS, JSON.stringify({ Authorization: `Bearer ${world.adminToken}` }));
    await setEditor(page, QUERY, 'subscription Live { threadEvents(types: [MESSAGE_RECEIVED, CREATED]) { type message { body } } }');
    await page.locator('.graphiql-execute-button').click();
    // graphql-ws does not acknowledge a subscribe: send until one arrives (each send is a new message).
    let sent = 0;
    await expect.poll(async () => {
      await gql(world.server.url, 'mutation($i: InboundMessageInput!) { receiveMessage(input: $i) { duplicate } }',
        { i: { channelKind: 'SMS', from: '+15550001234', body: 'Hello from GraphiQL', externalId: `graphiql-${++sent}` } }, world.adminToken);
      return response(page).textContent();
    }, { timeout: 15_000, interval: 500 }).toContain('Hello');
    expect(foreign).toEqual([]);
    await page.close();
  });

  it('leaves GraphQL over HTTP GET and POST at /graphql to the API', async () => {
    const get = await fetch(`${world.server.url}/graphql?query=${encodeURIComponent('{ __typename }')}`, {
      // Apollo's CSRF prevention wants this header (or a JSON content-type) on a GET.
      headers: { accept: 'application/json', 'apollo-require-preflight': 'true' },
    });
    expect(await get.json()).toEqual({ data: { __typename: 'Query' } });
    const post = await gql(world.server.url, '{ __typename }');
    expect(post).toEqual({ data: { __typename: 'Query' } });
  });

  it("is a page of its own: nothing the console loads contains GraphiQL or Monaco", () => {
    const dist = path.join(REPO_ROOT, 'apps/console/dist');
    const index = fs.readFileSync(path.join(dist, 'index.html'), 'utf8');
    // Every chunk the console's page reaches, through static and dynamic imports.
    const pending = [...index.matchAll(/(?:src|href)="\/(assets\/[^"]+\.js)"/g)].map((match) => match[1]!);
    const reached = new Set<string>();
    while (pending.length > 0) {
      const file = pending.pop()!;
      if (reached.has(file)) continue;
      reached.add(file);
      const code = fs.readFileSync(path.join(dist, file), 'utf8');
      for (const match of code.matchAll(/(?:from|import\()\s*["'`]\.\/([^"'`]+\.js)["'`]/g)) pending.push(`assets/${match[1]!}`);
    }
    expect([...reached].some((file) => file.startsWith('assets/main-'))).toBe(true);
    for (const file of reached) expect(fs.readFileSync(path.join(dist, file), 'utf8'), file).not.toMatch(/graphiql|monaco/i);
    expect(index).not.toMatch(/graphiql/i);
  });
});
