import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../../config.js';
import { buildAgent, buildThread, ingest, startTestServer, type AgentFixture, type TestServer } from '../../../../../../test/support/server.js';

let server: TestServer;
let admin: AgentFixture;
let general: string;
let billing: string;
let member: AgentFixture; // an AGENT in General only
let outsider: AgentFixture; // an AGENT in Billing only

const QUEUE_THREADS = fs.readFileSync(path.join(REPO_ROOT, 'packages/schema/operations/queue/queue-threads.graphql'), 'utf8');
const minutes = (n: number) => n * 60_000;
const ago = (ms: number) => new Date(Date.now() - ms).toISOString();

interface Page {
  threads: { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string | null }; edges: Array<{ cursor: string; node: { id: string; subject: string | null; priority: string; owner: { id: string } | null; customer: { name: string }; channel: { kind: string }; preview: string | null } }> };
}

async function page(token: string, variables: Record<string, unknown>) {
  const result = await server.gql<Page>(QUEUE_THREADS, variables, token);
  expect(result.errors).toBeUndefined();
  return result.data!.threads;
}

const ids = (connection: Page['threads']) => connection.edges.map((edge) => edge.node.id);

beforeAll(async () => {
  server = await startTestServer();
  admin = await buildAgent(server, { role: 'ADMIN' });
  [{ id: general }] = await server.dataSource.query(`SELECT id FROM queue WHERE name = 'General'`);
  const created = await server.gql<{ createQueue: { id: string } }>('mutation { createQueue(name: "Billing") { id } }', {}, admin.token);
  billing = created.data!.createQueue.id;
  member = await buildAgent(server, { queueIds: [general], name: 'Member' });
  outsider = await buildAgent(server, { queueIds: [billing], name: 'Outsider' });
});
afterAll(() => server.close());

describe('threads ordering', () => {
  it('puts an SMS due in 2 minutes before an e-mail that has waited longer but is due in 3 hours (DUE_SOONEST)', async () => {
    const email = await ingest(server, admin.token, { channelKind: 'EMAIL', from: 'patient@example.com', receivedAt: ago(minutes(60)), subject: 'order-test' });
    const sms = await ingest(server, admin.token, { channelKind: 'SMS', from: '+15550400001', receivedAt: ago(minutes(3)), body: 'order-test sms' });
    const both = [email.data!.receiveMessage.thread.id, sms.data!.receiveMessage.thread.id];
    const due = await page(admin.token, { filter: { threadIds: both } });
    expect(ids(due)).toEqual([both[1], both[0]]);
    const longest = await page(admin.token, { filter: { threadIds: both }, orderBy: 'LONGEST_WAITING' });
    expect(ids(longest)).toEqual([both[0], both[1]]);
    const newest = await page(admin.token, { filter: { threadIds: both }, orderBy: 'NEWEST' });
    expect(ids(newest)).toEqual([both[1], both[0]]);
  });

  it('sorts by stored priority first (PRIORITY and DUE_SOONEST), and lists threads nobody waits on last', async () => {
    const low = await ingest(server, admin.token, { receivedAt: ago(minutes(50)) });
    const urgent = await ingest(server, admin.token, { receivedAt: ago(minutes(1)) });
    const idle = await ingest(server, admin.token, {});
    const [lowId, urgentId, idleId] = [low, urgent, idle].map((r) => r.data!.receiveMessage.thread.id);
    await server.gql(`mutation($id: ID!) { setThreadPriority(threadId: $id, priority: URGENT) { cursor } }`, { id: urgentId }, admin.token);
    await server.gql(`mutation($id: ID!) { setThreadPriority(threadId: $id, priority: LOW) { cursor } }`, { id: lowId }, admin.token);
    await server.gql(`mutation($id: ID!) { setThreadPriority(threadId: $id, priority: URGENT) { cursor } }`, { id: idleId }, admin.token);
    await server.gql(`mutation($id: ID!) { setThreadStatus(threadId: $id, status: PENDING) { cursor } }`, { id: idleId }, admin.token);
    await server.gql(`mutation($id: ID!) { setThreadStatus(threadId: $id, status: OPEN) { cursor } }`, { id: idleId }, admin.token);
    const filter = { threadIds: [lowId, urgentId, idleId] };
    expect(ids(await page(admin.token, { filter, orderBy: 'PRIORITY' }))).toEqual([urgentId, idleId, lowId]);
    expect(ids(await page(admin.token, { filter }))).toEqual([urgentId, lowId, idleId]);
  });
});

describe('threads pages', () => {
  it('pages through every matching thread once, in order, with a stable totalCount', async () => {
    const created: string[] = [];
    for (let i = 0; i < 23; i++) {
      const result = await ingest(server, admin.token, { channelKind: 'FORUM', from: `pager_${i}`, receivedAt: ago(minutes(100 - (i % 7))) });
      created.push(result.data!.receiveMessage.thread.id);
    }
    for (const orderBy of ['DUE_SOONEST', 'LONGEST_WAITING', 'NEWEST', 'PRIORITY']) {
      const whole = await page(admin.token, { filter: { threadIds: created }, orderBy, first: 50 });
      const seen: string[] = [];
      let after: string | null = null;
      for (;;) {
        const next: Page['threads'] = await page(admin.token, { filter: { threadIds: created }, orderBy, first: 5, after });
        expect(next.totalCount).toBe(23);
        seen.push(...ids(next));
        if (!next.pageInfo.hasNextPage) break;
        after = next.pageInfo.endCursor;
      }
      expect(seen).toEqual(ids(whole));
      expect(new Set(seen)).toEqual(new Set(created));
    }
  });

  it('refuses a foreign cursor and a page size out of range with BAD_USER_INPUT', async () => {
    const first = await page(admin.token, { first: 1 });
    const wrongOrder = await server.gql(QUEUE_THREADS, { first: 1, orderBy: 'NEWEST', after: first.pageInfo.endCursor }, admin.token);
    expect(wrongOrder.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
    const garbage = await server.gql(QUEUE_THREADS, { after: 'not-a-cursor' }, admin.token);
    expect(garbage.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
    const tooMany = await server.gql(QUEUE_THREADS, { first: 10_000 }, admin.token);
    expect(tooMany.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'first' });
  });

  it('answers the console queue selection with at most 3 SQL statements, whatever the page size', async () => {
    for (let i = 0; i < 12; i++) await ingest(server, admin.token, { channelKind: 'CHAT', from: `visitor-${i}` });
    const counts: number[] = [];
    for (const first of [1, 5, 50]) {
      server.statements.length = 0;
      const result = await page(member.token, { first });
      expect(result.edges.length).toBe(Math.min(first, result.totalCount));
      // The request's statements: the session lookup, the page, the total. (The live feed, the
      // presence heartbeat and the webhook and breach workers share the pool and run on their own
      // timers: not the request's.)
      const background = /FROM event e WHERE e\.id >|pg_notify|last_seen_at = now\(\)|announced_presence|FROM webhook|wait_episode/;
      counts.push(server.statements.filter((sql) => !background.test(sql)).length);
    }
    expect(Math.max(...counts)).toBeLessThanOrEqual(3);
    expect(new Set(counts).size).toBe(1);
  });
});

describe('threads filters', () => {
  let subjectThread: string;
  let bodyThread: string;
  let owned: string;

  beforeAll(async () => {
    subjectThread = (await ingest(server, admin.token, { channelKind: 'EMAIL', from: 'zanzibar.fan@example.com', fromName: 'Quincy Adams', subject: 'Refund for order 7781' })).data!.receiveMessage.thread.id;
    bodyThread = (await ingest(server, admin.token, { channelKind: 'FACEBOOK', from: 'fb.user.99', body: 'My parcel went to Timbuktu instead' })).data!.receiveMessage.thread.id;
    owned = (await buildThread(server, { channelKind: 'VOICE', from: '+15550400099', ownerId: member.id })).id;
  });

  it.each([
    ['the customer name', 'quincy', 'subject'],
    ['an address', 'ZANZIBAR', 'subject'],
    ['the subject', 'refund 7781', 'subject'],
    ['a message body', 'timbuktu', 'body'],
  ])('searches %s', async (_what, search, which) => {
    const found = ids(await page(admin.token, { filter: { search } }));
    expect(found).toEqual([which === 'subject' ? subjectThread : bodyThread]);
  });

  it('filters by channel, owner, unassigned, waiting, status and customer', async () => {
    expect(ids(await page(admin.token, { filter: { channelKinds: ['VOICE'] } }))).toEqual([owned]);
    expect(ids(await page(admin.token, { filter: { ownerId: member.id } }))).toEqual([owned]);
    const unassigned = ids(await page(admin.token, { filter: { unassigned: true }, first: 200 }));
    expect(unassigned).toContain(subjectThread);
    expect(unassigned).not.toContain(owned);
    await server.gql(`mutation($id: ID!) { setThreadStatus(threadId: $id, status: PENDING) { cursor } }`, { id: bodyThread }, admin.token);
    const waiting = ids(await page(admin.token, { filter: { waiting: true }, first: 200 }));
    expect(waiting).toContain(subjectThread);
    expect(waiting).not.toContain(bodyThread);
    expect(ids(await page(admin.token, { filter: { status: ['PENDING'], threadIds: [bodyThread, subjectThread] } }))).toEqual([bodyThread]);
    const [customer] = await server.dataSource.query(`SELECT customer_id FROM thread WHERE id = $1`, [subjectThread]);
    expect(ids(await page(admin.token, { filter: { customerId: customer.customer_id } }))).toEqual([subjectThread]);
  });
});

describe('visibility', () => {
  it('shows an agent the threads of their queues and those they own or co-respond on, and nothing else', async () => {
    // Tweets go to Billing from now on: these threads are born there.
    const [twitter] = await server.dataSource.query(`SELECT id FROM channel WHERE kind = 'TWITTER'`);
    await server.gql(`mutation($c: ID!, $q: ID!) { setChannelQueue(channelId: $c, queueId: $q) { id } }`, { c: twitter.id, q: billing }, admin.token);
    const tweet = async (from: string) =>
      (await ingest(server, admin.token, { channelKind: 'TWITTER', from })).data!.receiveMessage.thread.id;
    const inBilling = await tweet('billing_only');
    const ownedElsewhere = (await buildThread(server, { channelKind: 'TWITTER', from: 'owned_elsewhere', ownerId: member.id })).id;
    const joined = (await buildThread(server, { channelKind: 'TWITTER', from: 'joined_elsewhere', collaboratorIds: [member.id] })).id;

    const memberSees = ids(await page(member.token, { first: 200 }));
    expect(memberSees).not.toContain(inBilling);
    expect(memberSees).toEqual(expect.arrayContaining([ownedElsewhere, joined]));
    const view = await server.gql(`query($id: ID!) { thread(id: $id) { id } }`, { id: inBilling }, member.token);
    expect(view.data).toEqual({ thread: null });
    const memberEvents = await server.gql<{ threadEvents: Array<{ thread: { id: string } }> }>(
      `query($id: ID!) { threadEvents(threadId: $id) { thread { id } } }`, { id: inBilling }, member.token);
    expect(memberEvents.data!.threadEvents).toEqual([]);

    const outsiderSees = ids(await page(outsider.token, { first: 200 }));
    expect(outsiderSees).toEqual(expect.arrayContaining([inBilling, ownedElsewhere, joined]));
    const generalCount = await server.dataSource.query(`SELECT count(*)::int AS n FROM thread WHERE queue_id = $1 AND owner_id IS DISTINCT FROM $2`, [general, outsider.id]);
    expect(outsiderSees.length).toBe(3);
    expect(generalCount[0].n).toBeGreaterThan(0);
  });
});

describe('preview', () => {
  it('is what the customer or an agent last wrote: notes and hand-off lines never replace it', async () => {
    const colleague = await buildAgent(server, { queueIds: [general], name: 'Preview Colleague' });
    const result = await ingest(server, admin.token, { from: '+15550400099', body: 'My parcel never arrived' });
    const threadId = result.data!.receiveMessage.thread.id;
    await server.gql(`mutation($id: ID!) { claimThread(threadId: $id) { cursor } }`, { id: threadId }, member.token);
    await server.gql(`mutation($id: ID!) { addNote(threadId: $id, body: "Checked the courier") { cursor } }`, { id: threadId }, member.token);
    const handOff = await server.gql(`mutation($id: ID!, $to: ID!) { handOffThread(threadId: $id, toAgentId: $to, note: "Yours, see note") { cursor } }`,
      { id: threadId, to: colleague.id }, member.token);
    expect(handOff.errors).toBeUndefined();
    const kinds = await server.dataSource.query(`SELECT kind FROM message WHERE thread_id = $1 ORDER BY seq`, [threadId]);
    expect(kinds.map((row: { kind: string }) => row.kind)).toEqual(['INBOUND', 'NOTE', 'SYSTEM']);
    expect((await page(admin.token, { filter: { threadIds: [threadId] } })).edges[0]!.node.preview).toBe('My parcel never arrived');
    await server.gql(`mutation($id: ID!) { reply(threadId: $id, body: "A new one ships today") { cursor } }`, { id: threadId }, colleague.token);
    expect((await page(admin.token, { filter: { threadIds: [threadId] } })).edges[0]!.node.preview).toBe('A new one ships today');
  });
});

describe('totalCount', () => {
  const counts = () => server.statements.filter((sql) => /SELECT count\(\*\)::int AS n FROM thread t/.test(sql)).length;

  it('is counted only when the query asks for it, directly or through a fragment', async () => {
    await ingest(server, admin.token, { from: '+15550400555', body: 'count me' });
    server.statements.length = 0;
    const bare = await server.gql<{ threads: { edges: unknown[] } }>('{ threads(filter: { waiting: true }, first: 5) { edges { node { id } } } }', {}, admin.token);
    expect(bare.errors).toBeUndefined();
    expect(counts()).toBe(0);

    const [{ n }] = await server.dataSource.query(`SELECT count(*)::int AS n FROM thread WHERE waiting_since IS NOT NULL`);
    server.statements.length = 0;
    const viaFragment = await server.gql<{ threads: { totalCount: number } }>(
      'query { threads(filter: { waiting: true }, first: 5) { ...Total } } fragment Total on ThreadConnection { ... on ThreadConnection { totalCount } }', {}, admin.token);
    expect(viaFragment.errors).toBeUndefined();
    expect(viaFragment.data!.threads.totalCount).toBe(n);
    expect(counts()).toBe(1);
  });

  it('counts what the filter names without the joins the rows need (search and channel kinds still count right)', async () => {
    await ingest(server, admin.token, { channelKind: 'EMAIL', from: 'countable@example.com', subject: 'count-join-test', body: 'zebra-count-word' });
    const result = await server.gql<{ threads: { totalCount: number; edges: unknown[] } }>(
      '{ threads(filter: { search: "zebra-count-word", channelKinds: [EMAIL] }) { totalCount edges { node { id } } } }', {}, admin.token);
    expect(result.errors).toBeUndefined();
    expect(result.data!.threads.totalCount).toBe(1);
    expect(result.data!.threads.edges).toHaveLength(1);
  });
});
