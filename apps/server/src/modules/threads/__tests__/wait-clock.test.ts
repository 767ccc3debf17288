import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAgent, ingest, startTestServer, type AgentFixture, type TestServer } from '../../../../../../test/support/server.js';

let server: TestServer;
let admin: AgentFixture;
let customerSeq = 0;

beforeAll(async () => {
  server = await startTestServer();
  admin = await buildAgent(server, { role: 'ADMIN' });
});
afterAll(() => server.close());

const minutes = (n: number) => n * 60_000;
const at = (ms: number) => new Date(ms).toISOString();

/** A customer who tweets, and whose phone number we know too. */
async function tweeterWithPhone() {
  const n = ++customerSeq;
  const handle = `@clock_user_${n}`;
  const phone = `+1555020${String(n).padStart(4, '0')}`;
  return { handle, phone };
}

async function thread(id: string) {
  const result = await server.gql<{ thread: { waitingSince: string | null; responseDueAt: string | null; waitChannel: { kind: string } | null; channel: { kind: string }; waitSeconds: number | null; breached: boolean; status: string } }>(
    `query($id: ID!) { thread(id: $id) { status waitingSince responseDueAt waitChannel { kind } channel { kind } waitSeconds breached } }`, { id }, admin.token);
  return result.data!.thread;
}

describe('the wait clock', () => {
  it('is due 5 minutes after an SMS that follows a tweet (1 h target), and waits since the tweet', async () => {
    const { handle, phone } = await tweeterWithPhone();
    const t0 = Date.now() - minutes(30);
    const tweet = await ingest(server, admin.token, { channelKind: 'TWITTER', from: handle, receivedAt: at(t0) });
    const threadId = tweet.data!.receiveMessage.thread.id;
    const customerId = tweet.data!.receiveMessage.thread.customer.id;
    expect(await thread(threadId)).toMatchObject({ waitingSince: at(t0), responseDueAt: at(t0 + minutes(60)), waitChannel: { kind: 'TWITTER' } });

    const added = await server.gql(`mutation($c: ID!, $a: String!) { addCustomerIdentity(customerId: $c, channelKind: SMS, address: $a) { id } }`,
      { c: customerId, a: phone }, admin.token);
    expect(added.errors).toBeUndefined();
    const sms = await ingest(server, admin.token, { channelKind: 'SMS', from: phone, receivedAt: at(t0 + minutes(10)) });
    expect(sms.data!.receiveMessage.thread.id).toBe(threadId); // one conversation
    expect(await thread(threadId)).toMatchObject({
      waitingSince: at(t0),
      responseDueAt: at(t0 + minutes(15)),
      waitChannel: { kind: 'SMS' },
      channel: { kind: 'SMS' }, // the thread follows where the customer wrote last
    });
  });

  it('keeps the earlier due time when a slower channel follows a faster one', async () => {
    const { handle, phone } = await tweeterWithPhone();
    const t0 = Date.now() - minutes(3);
    const sms = await ingest(server, admin.token, { channelKind: 'SMS', from: phone, receivedAt: at(t0) });
    const threadId = sms.data!.receiveMessage.thread.id;
    await server.gql(`mutation($c: ID!, $a: String!) { addCustomerIdentity(customerId: $c, channelKind: TWITTER, address: $a) { id } }`,
      { c: sms.data!.receiveMessage.thread.customer.id, a: handle }, admin.token);
    await ingest(server, admin.token, { channelKind: 'TWITTER', from: handle, receivedAt: at(t0 + minutes(1)) });
    expect(await thread(threadId)).toMatchObject({ responseDueAt: at(t0 + minutes(5)), waitChannel: { kind: 'SMS' }, channel: { kind: 'TWITTER' } });
  });

  it('applies a changed channel target to messages that arrive afterwards only', async () => {
    const [email] = await server.dataSource.query(`SELECT id FROM channel WHERE kind = 'EMAIL'`);
    const t0 = Date.now() - minutes(5);
    const first = await ingest(server, admin.token, { channelKind: 'EMAIL', from: 'target-change@example.com', receivedAt: at(t0) });
    const threadId = first.data!.receiveMessage.thread.id;
    await server.gql(`mutation($c: ID!) { setChannelTarget(channelId: $c, responseTargetSeconds: 600) { id } }`, { c: email.id }, admin.token);
    expect((await thread(threadId)).responseDueAt).toBe(at(t0 + minutes(240)));
    const other = await ingest(server, admin.token, { channelKind: 'EMAIL', from: 'after-change@example.com', receivedAt: at(t0) });
    expect(other.data!.receiveMessage.thread.responseDueAt).toBe(at(t0 + minutes(10)));
    // A later message on the first thread is due by the new target, which is sooner.
    await ingest(server, admin.token, { channelKind: 'EMAIL', from: 'target-change@example.com', receivedAt: at(t0 + minutes(1)) });
    expect((await thread(threadId)).responseDueAt).toBe(at(t0 + minutes(11)));
    await server.gql(`mutation($c: ID!) { setChannelTarget(channelId: $c, responseTargetSeconds: 14400) { id } }`, { c: email.id }, admin.token);
  });

  it('is cleared by PENDING and by RESOLVED', async () => {
    for (const status of ['PENDING', 'RESOLVED']) {
      const result = await ingest(server, admin.token, {});
      const threadId = result.data!.receiveMessage.thread.id;
      expect((await thread(threadId)).waitingSince).not.toBeNull();
      await server.gql(`mutation($id: ID!, $s: ThreadStatus!) { setThreadStatus(threadId: $id, status: $s) { cursor } }`, { id: threadId, s: status }, admin.token);
      expect(await thread(threadId)).toMatchObject({ status, waitingSince: null, responseDueAt: null, waitChannel: null, waitSeconds: null, breached: false });
    }
  });

  it("reports waitSeconds and breached at the server's clock", async () => {
    const waitedMs = minutes(10);
    const result = await ingest(server, admin.token, { channelKind: 'SMS', receivedAt: at(Date.now() - waitedMs) });
    const view = await thread(result.data!.receiveMessage.thread.id);
    expect(view.breached).toBe(true); // SMS target is 5 minutes
    expect(view.waitSeconds).toBeGreaterThanOrEqual(600);
    expect(view.waitSeconds).toBeLessThan(600 + 120);
    const fresh = await ingest(server, admin.token, { channelKind: 'EMAIL', from: 'fresh@example.com' });
    expect((await thread(fresh.data!.receiveMessage.thread.id)).breached).toBe(false);
  });
});

describe('addCustomerIdentity', () => {
  it('refuses an address that belongs to another customer, naming the owner', async () => {
    const owner = await ingest(server, admin.token, { from: '+15550300001', fromName: 'Owner Person' });
    const other = await ingest(server, admin.token, { from: '+15550300002' });
    const result = await server.gql(`mutation($c: ID!) { addCustomerIdentity(customerId: $c, channelKind: SMS, address: "+1 555 030 0001") { id } }`,
      { c: other.data!.receiveMessage.thread.customer.id }, admin.token);
    expect(result.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT', field: 'address', ownerId: owner.data!.receiveMessage.thread.customer.id, ownerName: 'Owner Person',
    });
    expect(result.errors?.[0]?.message).toContain('Owner Person');
  });

  it('normalizes the address and refuses a malformed one', async () => {
    const customer = await ingest(server, admin.token, { from: '+15550300003' });
    const id = customer.data!.receiveMessage.thread.customer.id;
    const ok = await server.gql<{ addCustomerIdentity: { identities: Array<{ channelKind: string; address: string }> } }>(
      `mutation($c: ID!) { addCustomerIdentity(customerId: $c, channelKind: EMAIL, address: " Pat@Example.org ") { identities { channelKind address } } }`, { c: id }, admin.token);
    expect(ok.data!.addCustomerIdentity.identities).toContainEqual({ channelKind: 'EMAIL', address: 'pat@example.org' });
    const bad = await server.gql(`mutation($c: ID!) { addCustomerIdentity(customerId: $c, channelKind: SMS, address: "call me") { id } }`, { c: id }, admin.token);
    expect(bad.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'address' });
  });
});
