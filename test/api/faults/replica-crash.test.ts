import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gql, startBuiltServer, type BuiltServer } from '../../support/built-server.js';
import { startTestConsole, type TestConsole } from '../../support/consoles.js';
import { startOwnPostgres, type OwnPostgres } from '../../support/own-postgres.js';
import { until } from '../../support/server.js';

// A replica dies outright (kill -9) with consoles on it (issue #10): they reconnect through the
// "load balancer" to the other replica and resume from their cursors, missing nothing and
// getting nothing twice. Its own cluster, so the dead process's sessions disturb no other file.

const ADMIN = { email: 'crash-admin@example.com', password: 'crash-password' };
const DATABASE = 'switchboard';
let db: OwnPostgres;
let doomed: BuiltServer;
let survivor: BuiltServer;
const consoles: TestConsole[] = [];
let token: string;

beforeAll(async () => {
  db = await startOwnPostgres();
  await db.admin((client) => client.query(`CREATE DATABASE ${DATABASE}`));
  const env = { DATABASE_URL: db.url(DATABASE), SWITCHBOARD_ADMIN_EMAIL: ADMIN.email, SWITCHBOARD_ADMIN_PASSWORD: ADMIN.password };
  doomed = await startBuiltServer(env);
  survivor = await startBuiltServer(env);
  const login = await gql<{ login: { token: string } }>(survivor.url,
    'mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }', { e: ADMIN.email, p: ADMIN.password });
  token = login.data!.login.token;
});

afterAll(async () => {
  await Promise.all(consoles.map((agentConsole) => agentConsole.stop()));
  await Promise.all([doomed?.stop('SIGKILL'), survivor?.stop()]);
  await db?.destroy();
});

async function note(threadId: string, body: string): Promise<string> {
  const result = await gql<{ addNote: { cursor: string } }>(survivor.url,
    'mutation($id: ID!, $b: String!) { addNote(threadId: $id, body: $b) { cursor } }', { id: threadId, b: body }, token);
  if (!result.data) throw new Error(`addNote: ${JSON.stringify(result.errors)}`);
  return result.data.addNote.cursor;
}

describe('a replica killed with -9 under its consoles', () => {
  it('lets every console resume on the other replica from its cursor and get every event once, in order', async () => {
    const created = await gql<{ receiveMessage: { thread: { id: string } } }>(survivor.url,
      'mutation { receiveMessage(input: { channelKind: SMS, from: "+15558880000", body: "Help", externalId: "crash-1" }) { thread { id } } }', {}, token);
    const threadId = created.data!.receiveMessage.thread.id;
    // Where the consoles connect: the doomed replica while it lives, like a load balancer would.
    let doomedAlive = true;
    const pick = () => (doomedAlive ? doomed.url : survivor.url);
    consoles.push(...Array.from({ length: 3 }, () => startTestConsole({ pick, token })));
    await Promise.all(consoles.map((agentConsole) => agentConsole.started()));
    await until(() => consoles.every((agentConsole) => agentConsole.connections === 1));
    const start = consoles[0]!.feed.cursor!;
    expect(consoles.map((agentConsole) => agentConsole.feed.cursor)).toEqual([start, start, start]);

    // Events before the kill (some still in flight on the doomed replica), while the consoles are
    // away, and after they are back: 36 in all.
    let last = '';
    for (let n = 0; n < 12; n++) last = await note(threadId, `before the kill ${n}`);
    await consoles[0]!.waitForCursor(last);
    doomed.child.kill('SIGKILL');
    await doomed.exited;
    doomedAlive = false;
    for (let n = 0; n < 12; n++) last = await note(threadId, `while the consoles reconnect ${n}`);
    for (let n = 0; n < 12; n++) last = await note(threadId, `after the kill ${n}`);
    await Promise.all(consoles.map((agentConsole) => agentConsole.waitForCursor(last)));

    const logged = await db.admin((client) => client.query<{ id: string }>(
      'SELECT e.id::text AS id FROM event e WHERE e.thread_id IS NOT NULL AND e.id > $1 ORDER BY e.id', [start]), DATABASE);
    const expected = logged.rows.map((row) => row.id);
    expect(expected).toHaveLength(36);
    for (const agentConsole of consoles) {
      expect(agentConsole.events.map((event) => event.cursor)).toEqual(expected);
      expect(agentConsole.connections).toBe(2); // the doomed replica, then the survivor
    }
  }, 60_000);
});
