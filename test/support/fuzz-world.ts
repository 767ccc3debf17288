import { ErrorCode } from '@switchboard/schema';
import { buildAgent, buildThread, type AgentFixture, type TestServer } from './server.js';
import { ID_KINDS, type IdPools } from './fuzz-schema.js';

/**
 * The world the fuzz run aims at: an ADMIN, a SUPERVISOR and an AGENT to act as, colleagues to
 * hand threads to, two queues, and threads in every state (unowned, owned with a collaborator, in
 * a queue the AGENT is not in, RESOLVED, with a REPLY and a NOTE), over one test server.
 */

export type ActorName = 'ADMIN' | 'SUPERVISOR' | 'AGENT';
export const ACTOR_NAMES: readonly ActorName[] = ['ADMIN', 'SUPERVISOR', 'AGENT'];

export interface FuzzWorld {
  actors: Record<ActorName, AgentFixture>;
}

/** Every code a client may see: the ErrorCode enum (an INTERNAL_SERVER_ERROR is a bug) and graphql-js's request errors. */
export const KNOWN_CODES: ReadonlySet<string> = new Set<string>([
  ...Object.values(ErrorCode).filter((code) => code !== ErrorCode.INTERNAL_SERVER_ERROR),
  'GRAPHQL_VALIDATION_FAILED', 'GRAPHQL_PARSE_FAILED', 'BAD_USER_INPUT', 'BAD_REQUEST',
]);

export async function seedWorld(server: TestServer): Promise<FuzzWorld> {
  const [{ id: general }] = await server.dataSource.query(`SELECT id FROM queue WHERE name = 'General'`);
  const admin = await buildAgent(server, { role: 'ADMIN', name: 'Fuzz Admin' });
  const created = await server.gql<{ createQueue: { id: string } }>('mutation { createQueue(name: "Fuzz B") { id } }', {}, admin.token);
  const other = created.data!.createQueue.id;
  const supervisor = await buildAgent(server, { role: 'SUPERVISOR', name: 'Fuzz Supervisor' });
  const agent = await buildAgent(server, { role: 'AGENT', name: 'Fuzz Agent', queueIds: [general] });
  const colleague = await buildAgent(server, { name: 'Fuzz Colleague', queueIds: [general, other] });
  await buildAgent(server, { name: 'Fuzz Offline', queueIds: [general], online: false });

  await buildThread(server, { channelKind: 'SMS', subject: 'unowned' });
  await buildThread(server, { channelKind: 'EMAIL', from: 'owned@example.com', ownerId: agent.id, collaboratorIds: [colleague.id] });
  await buildThread(server, { channelKind: 'TWITTER', from: '@elsewhere', queueId: other });
  const resolved = await buildThread(server, { channelKind: 'CHAT', from: 'visitor-1' });
  await server.gql(`mutation($id: ID!) { setThreadStatus(threadId: $id, status: RESOLVED) { cursor } }`, { id: resolved.id }, admin.token);
  const answered = await buildThread(server, { channelKind: 'SMS', ownerId: agent.id });
  for (const write of [
    `mutation($id: ID!) { reply(threadId: $id, body: "On it", idempotencyKey: "key-1") { cursor } }`,
    `mutation($id: ID!) { addNote(threadId: $id, body: "internal") { cursor } }`,
  ]) {
    const result = await server.gql(write, { id: answered.id }, agent.token);
    if (result.errors) throw new Error(`seedWorld: ${JSON.stringify(result.errors)}`);
  }
  return { actors: { ADMIN: admin, SUPERVISOR: supervisor, AGENT: agent } };
}

/** The real ids to aim at now (the run itself adds queues, agents, threads and customers): the newest of each table of ID_KINDS. */
export async function readPools(server: TestServer): Promise<IdPools> {
  const existing: Array<{ name: string }> = await server.dataSource.query(
    `SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_name = ANY($1)`,
    [[...new Set(Object.values(ID_KINDS))]]);
  const byKind: Record<string, string[]> = {};
  for (const { name } of existing) {
    const rows: Array<{ id: string }> = await server.dataSource.query(`SELECT id FROM "${name}" ORDER BY created_at DESC, id LIMIT 12`);
    byKind[name] = rows.map((row) => row.id);
  }
  const [{ last }] = await server.dataSource.query(`SELECT coalesce(max(id), 0)::text AS last FROM event`);
  return { byKind, cursors: ['0', String(last), String(BigInt(last) + 1n)] };
}

/** Tables that background work writes on its own (webhook deliveries, rate-limit counters), and the typeorm bookkeeping. */
const UNWATCHED_TABLES = new Set(['migrations', 'typeorm_metadata', 'rate_limit', 'webhook_delivery', 'event']);
/** Columns renewed by connected consoles, used keys and delivery workers, not by the mutation under test. */
const VOLATILE_COLUMNS: Readonly<Record<string, readonly string[]>> = {
  agent: ['last_seen_at', 'announced_presence'],
  api_key: ['last_used_at'],
  session: ['last_used_at'],
  webhook: ['cursor', 'delivered_cursor', 'attempts', 'failing_since', 'next_attempt_at', 'lease_owner', 'lease_until'],
};

export type Snapshot = Record<string, string>;

const snapshotSql = new WeakMap<TestServer, Promise<string>>();

/**
 * Everything a mutation can write, in one statement: the log's last event (leaving out the
 * presence announcements the heartbeat makes on its own) and a digest of every row of every
 * other table, read from the catalog so that tables added tomorrow are watched too.
 */
async function buildSnapshotSql(server: TestServer): Promise<string> {
  const tables: Array<{ name: string }> = await server.dataSource.query(
    `SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1`);
  const digests = tables.filter(({ name }) => !UNWATCHED_TABLES.has(name)).map(({ name }) => {
    const volatile = (VOLATILE_COLUMNS[name] ?? []).map((column) => `'${column}'`).join(', ');
    const row = volatile ? `(to_jsonb(t) - ARRAY[${volatile}]::text[])::text` : 'to_jsonb(t)::text';
    return `(SELECT md5(coalesce(string_agg(${row}, ',' ORDER BY ${row}), '')) FROM "${name}" t) AS "${name}"`;
  });
  return `SELECT (SELECT coalesce(max(id), 0)::text FROM event WHERE NOT (type = 'AGENT_PRESENCE_CHANGED' AND actor_id IS NULL)) AS event,
    ${digests.join(',\n    ')}`;
}

export async function snapshot(server: TestServer): Promise<Snapshot> {
  if (!snapshotSql.has(server)) snapshotSql.set(server, buildSnapshotSql(server));
  const [row] = await server.dataSource.query(await snapshotSql.get(server)!);
  return row as Snapshot;
}

/** The parts of two snapshots that differ, by name. */
export function changes(before: Snapshot, after: Snapshot): string[] {
  return Object.keys(before).filter((key) => before[key] !== after[key]);
}

/**
 * Undoes what the run did to its own actors (an ADMIN may demote or deactivate any of them,
 * which revokes their sessions) and signs them in again, so the next call acts as intended.
 */
export async function heal(server: TestServer, world: FuzzWorld): Promise<void> {
  const names = [...ACTOR_NAMES];
  // A SELECT around the UPDATE: typeorm answers a bare UPDATE with [rows, count].
  const rows: Array<{ id: string }> = await server.dataSource.query(
    `WITH healed AS (
       UPDATE agent a SET active = true, role = v.role::agent_role
         FROM unnest($1::text[], $2::text[]) AS v(id, role)
        WHERE a.id = v.id AND (NOT a.active OR a.role::text <> v.role)
        RETURNING a.id)
     SELECT id FROM healed`,
    [names.map((name) => world.actors[name].id), names],
  );
  for (const name of names) {
    const actor = world.actors[name];
    if (!rows.some((row) => row.id === actor.id)) continue;
    actor.token = (await server.services.auth.login(actor.email, actor.password)).token;
  }
}

export interface WireResult {
  status: number;
  text: string;
  body: { data?: Record<string, unknown> | null; errors?: Array<{ message: string; path?: unknown[]; extensions?: { code?: unknown } }> } | null;
}

/** POST /graphql keeping what the properties look at: the status and the raw answer. */
export async function post(server: TestServer, query: string, variables: Record<string, unknown>, authorization: string | null): Promise<WireResult> {
  const response = await fetch(`${server.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const text = await response.text();
  let body: WireResult['body'] = null;
  try {
    body = JSON.parse(text) as WireResult['body'];
  } catch {
    // Left null: the property reports an answer that is not JSON.
  }
  return { status: response.status, text, body };
}

/** What is wrong with an answer: a 5xx, a body that is not GraphQL JSON, an error without a known code. */
export function problemsOf(result: WireResult): string[] {
  const problems: string[] = [];
  if (result.status >= 500) problems.push(`HTTP ${result.status}`);
  if (!result.body || (result.body.data === undefined && !result.body.errors)) problems.push(`not a GraphQL answer: ${result.text.slice(0, 200)}`);
  for (const error of result.body?.errors ?? []) {
    const code = error.extensions?.code;
    if (typeof code !== 'string' || !KNOWN_CODES.has(code)) problems.push(`error with code ${String(code)}: ${error.message}`);
  }
  return problems;
}

/** True when the mutation `field` was refused as a whole (its result null because of its own error, or the request refused). */
export function refused(result: WireResult, field: string): boolean {
  const errors = result.body?.errors ?? [];
  if (errors.length === 0) return false;
  const value = result.body?.data?.[field];
  return value == null && errors.every((error) => !error.path || error.path.length <= 1);
}
