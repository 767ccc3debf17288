import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKFILL_FIRST_RESPONSES } from '../../../db/migrations/1763830000070-reports.js';
import { BUCKET_SQL, bucketFloor, bucketOf, percentileOf } from '../tally.js';
import { DAY_MS, DAYS, ReportRollups } from '../rollups.js';
import { buildAgent, ingest, startTestServer, type AgentFixture, type TestServer } from '../../../../../../test/support/server.js';

// A scripted hour of a contact center, and the report's figures checked against values computed
// by hand from what the script did: waits, replies, a hand-off, a failed delivery that reopens a
// wait, a wait closed without an answer, breaches. Reply times come from the stored replies (the
// clock moves while a test runs); which wait is the median, which breached, who gets the credit,
// is the script's.

let server: TestServer;
let admin: AgentFixture;
let supervisor: AgentFixture;
let ann: AgentFixture;
let ben: AgentFixture;
let cal: AgentFixture;
let queueId: string;
let seq = 0;
const started = new Date(Date.now() - 3_600_000);

const FIGURES = 'answeredCount answeredInTargetCount serviceLevel medianResponseSeconds p90ResponseSeconds breachedCount resolvedCount';
const REPORT = `query($from: DateTime!, $to: DateTime!) { report(from: $from, to: $to) {
  from to total { ${FIGURES} }
  channels { channel { kind } figures { ${FIGURES} } }
  queues { queue { id } figures { ${FIGURES} } }
  agents { agent { id } figures { ${FIGURES} } firstResponseCount }
} }`;

interface Figures {
  answeredCount: number; answeredInTargetCount: number; serviceLevel: number | null; medianResponseSeconds: number | null;
  p90ResponseSeconds: number | null; breachedCount: number; resolvedCount: number;
}
interface ReportView {
  total: Figures;
  channels: Array<{ channel: { kind: string }; figures: Figures }>;
  queues: Array<{ queue: { id: string }; figures: Figures }>;
  agents: Array<{ agent: { id: string }; figures: Figures; firstResponseCount: number }>;
}

async function ok<T>(query: string, variables: Record<string, unknown> = {}, token = admin.token): Promise<T> {
  const result = await server.gql<T>(query, variables, token);
  expect(result.errors).toBeUndefined();
  return result.data!;
}

async function report(from: Date, to: Date, token = supervisor.token): Promise<ReportView> {
  return (await ok<{ report: ReportView }>(REPORT, { from: from.toISOString(), to: to.toISOString() }, token)).report;
}

/** A customer's message received `secondsAgo` seconds ago on `kind`. */
async function writesIn(kind: string, secondsAgo: number) {
  const receivedAt = new Date(Date.now() - secondsAgo * 1000);
  const from = kind === 'EMAIL' ? `report-${++seq}@example.com` : kind === 'SMS' ? `+1555066${String(++seq).padStart(4, '0')}` : `report_chat_${++seq}`;
  const result = await ingest(server, admin.token, { channelKind: kind, from, receivedAt: receivedAt.toISOString() });
  expect(result.errors).toBeUndefined();
  return { id: result.data!.receiveMessage.thread.id, receivedAt };
}

const claim = (threadId: string, agent: AgentFixture) => ok(`mutation($id: ID!) { claimThread(threadId: $id) { cursor } }`, { id: threadId }, agent.token);
async function reply(threadId: string, agent: AgentFixture): Promise<{ id: string; at: Date }> {
  const data = await ok<{ reply: { message: { id: string; createdAt: string } } }>(
    `mutation($id: ID!) { reply(threadId: $id, body: "Sorted.") { message { id createdAt } } }`, { id: threadId }, agent.token);
  return { id: data.reply.message.id, at: new Date(data.reply.message.createdAt) };
}
const status = (threadId: string, value: string, agent: AgentFixture) =>
  ok(`mutation($id: ID!, $s: ThreadStatus!) { setThreadStatus(threadId: $id, status: $s) { cursor } }`, { id: threadId, s: value }, agent.token);
const seconds = (answer: { at: Date }, wait: { receivedAt: Date }) => Math.floor((answer.at.getTime() - wait.receivedAt.getTime()) / 1000);

beforeAll(async () => {
  server = await startTestServer();
  admin = await buildAgent(server, { role: 'ADMIN', name: 'Ada Admin' });
  supervisor = await buildAgent(server, { role: 'SUPERVISOR', name: 'Sue Supervisor' });
  ({ createQueue: { id: queueId } } = await ok<{ createQueue: { id: string } }>(`mutation { createQueue(name: "Report day") { id } }`));
  for (const [kind, target] of [['SMS', 300], ['EMAIL', 3600], ['CHAT', 120]] as const) {
    const [{ id }] = await server.dataSource.query(`SELECT id FROM channel WHERE kind = $1`, [kind]);
    await ok(`mutation($c: ID!, $q: ID!) { setChannelQueue(channelId: $c, queueId: $q) { id } }`, { c: id, q: queueId });
    await ok(`mutation($c: ID!, $s: Int!) { setChannelTarget(channelId: $c, responseTargetSeconds: $s) { id } }`, { c: id, s: target });
  }
  ann = await buildAgent(server, { name: 'Ann', queueIds: [queueId] });
  ben = await buildAgent(server, { name: 'Ben', queueIds: [queueId] });
  cal = await buildAgent(server, { name: 'Cal', queueIds: [queueId] });
});
afterAll(() => server.close());

describe('report over a scripted hour', () => {
  it('matches the hand-computed figures in total, per channel, per queue and per agent', async () => {
    // A (SMS, due after 300 s): Ann claims and hands it to Ben, who answers 50 minutes late, then resolves it.
    const a = await writesIn('SMS', 3000);
    await claim(a.id, ann);
    await ok(`mutation($id: ID!, $to: ID!) { handOffThread(threadId: $id, toAgentId: $to, note: "Billing, yours") { cursor } }`, { id: a.id, to: ben.id }, ann.token);
    const aReply = await reply(a.id, ben);
    await status(a.id, 'RESOLVED', ben);
    // B (SMS): Cal answers within the target.
    const b = await writesIn('SMS', 100);
    await claim(b.id, cal);
    const bReply = await reply(b.id, cal);
    // C (EMAIL, due after an hour): Ann's reply fails to deliver, so the wait goes on; Ben answers it.
    const c = await writesIn('EMAIL', 1200);
    await claim(c.id, ann);
    const failed = await reply(c.id, ann);
    await ok(`mutation($m: ID!) { setMessageDelivery(messageId: $m, status: FAILED, error: "mailbox full") { id } }`, { m: failed.id });
    await ok(`mutation($id: ID!) { joinThread(threadId: $id) { cursor } }`, { id: c.id }, ben.token);
    const cReply = await reply(c.id, ben);
    // D (CHAT, due after 120 s, 480 s ago): Cal resolves it without a reply: closed, breached, not answered.
    const d = await writesIn('CHAT', 600);
    await claim(d.id, cal);
    await status(d.id, 'RESOLVED', cal);
    // E (CHAT): still waiting, not due yet. F (SMS): still waiting, due 100 s ago.
    await writesIn('CHAT', 30);
    await writesIn('SMS', 400);

    const got = await report(started, new Date(Date.now() + 60_000));
    const [sA, sB, sC] = [seconds(aReply, a), seconds(bReply, b), seconds(cReply, c)];
    // Answered A (late), B and C (in time); by rank: B < C < A. Breached: A, D and F.
    expect(got.total).toEqual({
      answeredCount: 3, answeredInTargetCount: 2, serviceLevel: 2 / 3, medianResponseSeconds: sC, p90ResponseSeconds: sA, breachedCount: 3, resolvedCount: 2,
    });
    const channel = (kind: string) => got.channels.find((row) => row.channel.kind === kind)!.figures;
    expect(channel('SMS')).toEqual({
      answeredCount: 2, answeredInTargetCount: 1, serviceLevel: 0.5, medianResponseSeconds: sB, p90ResponseSeconds: sA, breachedCount: 2, resolvedCount: 1,
    });
    expect(channel('EMAIL')).toEqual({
      answeredCount: 1, answeredInTargetCount: 1, serviceLevel: 1, medianResponseSeconds: sC, p90ResponseSeconds: sC, breachedCount: 0, resolvedCount: 0,
    });
    expect(channel('CHAT')).toEqual({
      answeredCount: 0, answeredInTargetCount: 0, serviceLevel: null, medianResponseSeconds: null, p90ResponseSeconds: null, breachedCount: 1, resolvedCount: 1,
    });
    expect(got.queues.find((row) => row.queue.id === queueId)!.figures).toEqual(got.total);
    const agent = (who: AgentFixture) => got.agents.find((row) => row.agent.id === who.id)!;
    // Ben answered A (late) and C; his are the first responses of both, though Ann claimed them first.
    expect(agent(ben)).toEqual({ agent: { id: ben.id }, firstResponseCount: 2, figures: {
      answeredCount: 2, answeredInTargetCount: 1, serviceLevel: 0.5, medianResponseSeconds: sC, p90ResponseSeconds: sA, breachedCount: 1, resolvedCount: 1,
    } });
    expect(agent(cal)).toEqual({ agent: { id: cal.id }, firstResponseCount: 1, figures: {
      answeredCount: 1, answeredInTargetCount: 1, serviceLevel: 1, medianResponseSeconds: sB, p90ResponseSeconds: sB, breachedCount: 0, resolvedCount: 1,
    } });
    // Ann's only reply failed: no answer, no first response.
    expect(agent(ann)).toEqual({ agent: { id: ann.id }, firstResponseCount: 0, figures: {
      answeredCount: 0, answeredInTargetCount: 0, serviceLevel: null, medianResponseSeconds: null, p90ResponseSeconds: null, breachedCount: 0, resolvedCount: 0,
    } });
    expect(sA).toBeGreaterThanOrEqual(3000);
    expect(sC).toBeGreaterThanOrEqual(1200);

    const responders = await ok<{ a: { firstResponder: { id: string } }; c: { firstResponder: { id: string }; firstResponseAt: string } }>(
      `query($a: ID!, $c: ID!) { a: thread(id: $a) { firstResponder { id } } c: thread(id: $c) { firstResponder { id } firstResponseAt } }`, { a: a.id, c: c.id });
    expect(responders.a.firstResponder.id).toBe(ben.id);
    expect(responders.c).toEqual({ firstResponder: { id: ben.id }, firstResponseAt: cReply.at.toISOString() });

    // The first-response backfill reads the same from the messages.
    const live = await server.dataSource.query(`SELECT id, first_responder_id, first_response_at, first_response_message_id FROM thread ORDER BY id`);
    await server.dataSource.query(`UPDATE thread SET first_responder_id = NULL, first_response_message_id = NULL, first_response_at = now()`);
    await server.dataSource.query(BACKFILL_FIRST_RESPONSES);
    expect(await server.dataSource.query(`SELECT id, first_responder_id, first_response_at, first_response_message_id FROM thread ORDER BY id`)).toEqual(live);
  });

  it('reads a long period from daily roll-ups with the same counts as from the waits', async () => {
    // Move the scripted hour's waits and first responses back by whole days (the resolutions stay
    // today: the event log is never changed).
    for (const [shift, kind] of [[1, 'SMS'], [3, 'EMAIL'], [3, 'CHAT']] as const) {
      const interval = `${shift} days`;
      await server.dataSource.query(`UPDATE wait_episode SET started_at = started_at - $1::interval, due_at = due_at - $1::interval,
        answered_at = answered_at - $1::interval, closed_at = closed_at - $1::interval WHERE channel_id = (SELECT id FROM channel WHERE kind = $2)`, [interval, kind]);
    }
    await server.dataSource.query(`UPDATE thread SET first_response_at = first_response_at - interval '2 days' WHERE first_response_at IS NOT NULL`);
    const from = new Date(Date.now() - 5 * 86_400_000);
    const to = new Date(Date.now() + 60_000);

    const raw = await report(from, to);
    expect(await server.dataSource.query(`SELECT count(*)::int AS n FROM report_day`)).toEqual([{ n: 0 }]);
    const computed = await server.services.rollups.refresh(30);
    expect(computed).toBeGreaterThanOrEqual(5);
    const rolled = await report(from, to);
    expect(rolled).toEqual(raw);
    // A second pass finds the same figures and writes nothing; a report reads the kept days again.
    expect(await server.services.rollups.refresh(30)).toBe(0);
    expect(await report(from, to)).toEqual(raw);
    // A day whose waits changed is written again, and the next report sees it.
    await server.dataSource.query(`UPDATE wait_episode SET answered_at = answered_at - interval '1 day', started_at = started_at - interval '1 day',
      due_at = due_at - interval '1 day' WHERE channel_id = (SELECT id FROM channel WHERE kind = 'EMAIL')`);
    expect(await server.services.rollups.refresh(30)).toBeGreaterThanOrEqual(2);
    expect(await report(from, to)).toEqual(raw);
    // A process that keeps fewer parsed days than a report spans still merges every one of them.
    const few = new ReportRollups(server.dataSource);
    const unit = { ...DAYS, kept: 1 };
    const days = [new Date(Date.now() - 5 * DAY_MS), new Date(Date.now() - DAY_MS)].map((at) => new Date(Math.floor(at.getTime() / DAY_MS) * DAY_MS));
    const once = await few.read(server.dataSource.manager, unit, days[0]!, days[1]!);
    const twice = await few.read(server.dataSource.manager, unit, days[0]!, days[1]!);
    expect(once.missing).toEqual([]);
    expect(twice.tallies).toEqual(once.tallies);
    expect(once.tallies.get('total')!.answered).toBeGreaterThan(0);
    // E's due time moved three days back with its channel: a fourth breach.
    expect(rolled.total).toMatchObject({ answeredCount: 3, answeredInTargetCount: 2, breachedCount: 4, resolvedCount: 2 });
    expect(rolled.agents.find((row) => row.agent.id === ben.id)!.firstResponseCount).toBe(2);
    // Percentiles over days come from buckets: whole minutes at these sizes.
    expect(rolled.total.medianResponseSeconds! % 60).toBe(0);
  });

  it('is for supervisors, admins, READ and ADMIN keys, and refuses a bad period with nothing read', async () => {
    const now = new Date();
    const refused = await server.gql(REPORT, { from: started.toISOString(), to: now.toISOString() }, ann.token);
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    for (const [from, to] of [[now, started], [now, now], [new Date(now.getTime() - 401 * 86_400_000), now]]) {
      const result = await server.gql(REPORT, { from: from!.toISOString(), to: to!.toISOString() }, supervisor.token);
      expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    }
    const { createApiKey } = await ok<{ createApiKey: { key: string } }>(`mutation { createApiKey(name: "BI", scopes: [READ]) { key } }`);
    await report(started, now, createApiKey.key);
  });
});

describe('response-time buckets', () => {
  it('are the same in SQL and JavaScript, whole seconds under a minute, and report their lower bound', async () => {
    const samples = [0, 1, 59, 60, 61, 119, 120, 3599, 3600, 3601, 7199, 7200, 172_799, 172_800, 259_200, 10_000_000];
    const rows: Array<{ s: number; b: number }> = await server.dataSource.query(
      `SELECT s, ${BUCKET_SQL('s')} AS b FROM unnest($1::int[]) AS s`, [samples]);
    expect(rows.map((row) => row.b)).toEqual(samples.map(bucketOf));
    for (const seconds of samples) {
      expect(bucketFloor(bucketOf(seconds))).toBeLessThanOrEqual(seconds);
      if (seconds < 60) expect(bucketFloor(bucketOf(seconds))).toBe(seconds);
    }
    expect(bucketFloor(bucketOf(3599))).toBe(3540);
    // Nearest rank: of 10 waits, the median is the 5th and the p90 the 9th.
    const hist: Record<number, number> = {};
    for (const seconds of [5, 6, 7, 8, 9, 10, 11, 12, 50, 59]) hist[bucketOf(seconds)] = (hist[bucketOf(seconds)] ?? 0) + 1;
    expect([percentileOf(hist, 0.5), percentileOf(hist, 0.9), percentileOf({}, 0.5)]).toEqual([9, 50, null]);
  });
});
