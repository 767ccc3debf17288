import type { Logger } from '../logger.js';
import { backoffMs, between, chance, createDemoClient, DemoApiError, isTransient, pick, sleep, stopSignal, type DemoClient } from './demo-client.js';
import * as lines from './demo-lines.js';
import { DEMO_CUSTOMERS, type DemoAgent } from './demo-team.js';

/**
 * Simulated agents working the demo floor through the public API, like a person in a console:
 * each signs in, keeps a graphql-ws socket open (so it counts as connected), goes ONLINE, then
 * claims, reads, replies, asks (PENDING), notes, hands off, co-responds and resolves at its own
 * pace, with breaks. A bot only ever acts on threads it owns (claimed or handed to it) or, to
 * co-respond, on a thread another bot owns: a person's threads are theirs alone.
 */

export interface BotsOptions {
  url: string;
  logger: Logger;
  /** Only those with `bot` set are driven. */
  agents: readonly DemoAgent[];
  password: string;
  /** Time compression (tests): 10 runs ten times as fast. Default 1. */
  speed?: number;
  random?: () => number;
}

/** Refusals that only say someone else got there first (a claim race, a person who took over): move on. */
const EXPECTED = new Set(['THREAD_ALREADY_CLAIMED', 'AGENT_AT_CAPACITY', 'NOT_A_PARTICIPANT', 'NOT_THREAD_OWNER', 'INVALID_STATE', 'NOT_FOUND',
  'AGENT_UNAVAILABLE', 'NO_CUSTOMER_IDENTITY', 'BAD_USER_INPUT']);

interface Me { id: string; capacity: number; queues: Array<{ id: string; name: string }> }
interface Listed { id: string; status: string; waitingSince: string | null }
interface Detail {
  id: string;
  status: string;
  owner: { id: string } | null;
  queue: { id: string; name: string };
  channel: { kind: string };
  customer: { id: string; name: string; identities: Array<{ channelKind: string; address: string }> };
  messages: { edges: Array<{ node: { kind: string; body: string; author: { id: string } | null } }> };
}

const LOGIN = `mutation($email: String!, $password: String!) { login(email: $email, password: $password) {
  token agent { id capacity queues { id name } } } }`;
const MINE = `query($me: ID!) { threads(first: 50, filter: { ownerId: $me, status: [OPEN, PENDING] }, orderBy: LONGEST_WAITING) {
  edges { node { id status waitingSince } } } }`;
const DETAIL = `query($id: ID!) { thread(id: $id) { id status owner { id } queue { id name } channel { kind }
  customer { id name identities { channelKind address } } messages(first: 100) { edges { node { kind body author { id } } } } } }`;
const COLLEAGUES = `query { threads(first: 30, filter: { status: [OPEN], waiting: true }) { edges { node { id owner { id } collaborators { id } } } } }`;
const AGENTS = `query { agents { id presence ownedThreadCount capacity queues { id } } }`;

/** Everything the bots share: who among the agents is a bot (never hand to or co-respond with a person). */
interface Floor {
  botIds: Set<string>;
  queues: Map<string, string>;
}

export function startBots(options: BotsOptions): { stop(): Promise<void> } {
  const speed = options.speed ?? 1;
  const random = options.random ?? Math.random;
  const stopping = stopSignal();
  const floor: Floor = { botIds: new Set(), queues: new Map() };
  const drivers = options.agents.filter((agent) => agent.bot !== null).map((agent) => runBot(agent, floor, { ...options, speed, random }, stopping.signal));
  options.logger.info({ bots: drivers.length, speed }, 'demo bots: started');
  return {
    async stop() {
      stopping.abort();
      await Promise.allSettled(drivers);
      options.logger.info('demo bots: stopped');
    },
  };
}

async function runBot(agent: DemoAgent, floor: Floor, options: BotsOptions & { speed: number; random: () => number }, signal: AbortSignal): Promise<void> {
  const { random, speed } = options;
  const pace = agent.bot?.pace ?? 1;
  const log = options.logger.child({ component: 'demo-bots', bot: agent.email });
  /** Seconds of human time, at this bot's pace and the simulation's speed, in ms. */
  const human = (low: number, high: number) => (between(random, low, high) * 1000) / pace / speed;
  const wall = (low: number, high: number) => (between(random, low, high) * 1000) / speed;
  let client: DemoClient = createDemoClient({ url: options.url });
  let me: Me | null = null;
  let failures = 0;
  let nextBreakAt = Date.now() + wall(900, 2400);
  let breakUntil = 0;
  // When a quiet thread (answered, or waiting on the customer) may be resolved.
  const settleAt = new Map<string, number>();

  async function signIn(): Promise<Me> {
    await client.close();
    client = createDemoClient({ url: options.url });
    const { login } = await client.request<{ login: { token: string; agent: Me } }>(LOGIN, { email: agent.email, password: options.password });
    client.setToken(login.token);
    // An open socket is what makes an agent count as connected (presence, hand-off targets).
    client.subscribe('subscription { agentPresenceChanged { id } }', {}, () => undefined);
    await client.request('mutation { setPresence(presence: ONLINE) { id } }');
    floor.botIds.add(login.agent.id);
    if (floor.queues.size === 0) {
      const { queues } = await client.request<{ queues: Array<{ id: string; name: string }> }>('query { queues { id name } }');
      for (const queue of queues) floor.queues.set(queue.name, queue.id);
    }
    log.info('demo bots: signed in');
    return login.agent;
  }

  const act = <T>(query: string, variables: Record<string, unknown> = {}) => client.request<T>(query, variables);
  const resolve = (threadId: string) => act('mutation($id: ID!) { setThreadStatus(threadId: $id, status: RESOLVED) { cursor } }', { id: threadId });
  const reply = (threadId: string, body: string, channelKind?: string) =>
    act('mutation($id: ID!, $body: String!, $key: String, $kind: ChannelKind) { reply(threadId: $id, body: $body, idempotencyKey: $key, channelKind: $kind) { cursor } }',
      { id: threadId, body, key: `bot-${threadId}-${Date.now().toString(36)}-${Math.floor(random() * 1e6)}`, kind: channelKind ?? null });
  const addNote = (threadId: string, body: string) => act('mutation($id: ID!, $body: String!) { addNote(threadId: $id, body: $body) { cursor } }', { id: threadId, body });
  const handOff = (threadId: string, target: { toAgentId?: string; toQueueId?: string }, note: string) =>
    act('mutation($id: ID!, $agent: ID, $queue: ID, $note: String) { handOffThread(threadId: $id, toAgentId: $agent, toQueueId: $queue, note: $note) { cursor } }',
      { id: threadId, agent: target.toAgentId ?? null, queue: target.toQueueId ?? null, note });

  /** Reads the thread, then answers it (or hands it on, or closes a thank-you). */
  async function work(self: Me, threadId: string): Promise<void> {
    await sleep(human(10, 40), signal);
    if (signal.aborted) return;
    const { thread } = await act<{ thread: Detail | null }>(DETAIL, { id: threadId });
    if (!thread || thread.owner?.id !== self.id || thread.status !== 'OPEN') return;
    settleAt.delete(threadId);
    const messages = thread.messages.edges.map((edge) => edge.node);
    const inbound = messages.filter((message) => message.kind === 'INBOUND');
    const topic = lines.topicOf(inbound[0]?.body ?? '') ?? lines.GENERIC_TOPIC;
    const answered = messages.some((message) => message.kind === 'REPLY');
    const last = inbound[inbound.length - 1]?.body ?? '';
    if (topic.noReply && !answered) {
      await resolve(threadId); // a public mention that needs no answer: the clock stops, on record
      return;
    }
    if (lines.isThanks(last)) {
      if (chance(random, 0.5)) await reply(threadId, lines.welcome(random));
      await resolve(threadId);
      return;
    }
    const betterQueue = floor.queues.get(topic.queue);
    // Billing questions belong with those who can issue refunds: most agents pass them on.
    if (!answered && topic.queue === 'Billing' && betterQueue && betterQueue !== thread.queue.id && chance(random, 0.7)) {
      await handOff(threadId, { toQueueId: betterQueue }, lines.handOffNote(random));
      return;
    }
    if (chance(random, 0.06) && (await handToColleague(self, thread))) return;
    if (chance(random, 0.15)) await addNote(threadId, lines.note(random));
    if (thread.channel.kind === 'TWITTER' && !answered && chance(random, 0.6) && (await linkPhone(thread))) {
      await sleep(human(20, 60), signal);
      await reply(threadId, lines.moveToSms(random));
      return;
    }
    await sleep(human(20, 90), signal);
    if (signal.aborted) return;
    const ask = !answered && topic.questions.length > 0 && chance(random, 0.35);
    await reply(threadId, ask ? lines.agentQuestion(random, topic) : lines.agentSolution(random, topic));
    // Asking the customer something: nothing to do until they answer.
    if (ask) await act('mutation($id: ID!) { setThreadStatus(threadId: $id, status: PENDING) { cursor } }', { id: threadId });
  }

  /** A tweet that moves to SMS: link the customer's phone first, so their text joins this thread. */
  async function linkPhone(thread: Detail): Promise<boolean> {
    if (thread.customer.identities.some((identity) => identity.channelKind === 'SMS')) return false;
    const handle = thread.customer.identities.find((identity) => identity.channelKind === 'TWITTER')?.address;
    const person = DEMO_CUSTOMERS.find((customer) => customer.twitter === handle);
    if (!person) return false;
    try {
      await act('mutation($id: ID!, $address: String!) { addCustomerIdentity(customerId: $id, channelKind: SMS, address: $address) { id } }',
        { id: thread.customer.id, address: person.sms });
      return true;
    } catch (error) {
      // The number already belongs to a customer record of theirs (an earlier SMS): one person, so merge.
      if (!(error instanceof DemoApiError) || error.code !== 'BAD_USER_INPUT') throw error;
      const merged = await act('mutation($into: ID!, $from: ID!) { mergeCustomers(intoId: $into, fromId: $from) { id } }',
        { into: thread.customer.id, from: ownerIdOf(error) }).then(() => true, () => false);
      return merged;
    }
  }

  async function handToColleague(self: Me, thread: Detail): Promise<boolean> {
    const { agents } = await act<{ agents: Array<{ id: string; presence: string; ownedThreadCount: number; capacity: number; queues: Array<{ id: string }> }> }>(AGENTS);
    const colleagues = agents.filter((other) => other.id !== self.id && floor.botIds.has(other.id) && other.presence === 'ONLINE'
      && other.ownedThreadCount < other.capacity && other.queues.some((queue) => queue.id === thread.queue.id));
    if (colleagues.length === 0) return false;
    await handOff(thread.id, { toAgentId: pick(random, colleagues).id }, lines.handOffNote(random));
    return true;
  }

  /** Co-respond: join a thread another bot owns, add a line, and leave. */
  async function coRespond(self: Me): Promise<void> {
    const { threads } = await act<{ threads: { edges: Array<{ node: { id: string; owner: { id: string } | null; collaborators: Array<{ id: string }> } }> } }>(COLLEAGUES);
    const candidates = threads.edges.map((edge) => edge.node).filter((thread) =>
      thread.owner && thread.owner.id !== self.id && floor.botIds.has(thread.owner.id) && !thread.collaborators.some((agent) => agent.id === self.id));
    if (candidates.length === 0) return;
    const thread = pick(random, candidates);
    await act('mutation($id: ID!) { joinThread(threadId: $id) { cursor } }', { id: thread.id });
    try {
      await sleep(human(20, 60), signal);
      if (chance(random, 0.5)) await reply(thread.id, lines.coResponse(random));
      else await addNote(thread.id, lines.note(random));
    } finally {
      await act('mutation($id: ID!) { leaveThread(threadId: $id) { cursor } }', { id: thread.id }).catch(() => undefined);
    }
  }

  /** One step of the working day; returns how long to wait before the next. */
  async function step(self: Me): Promise<number> {
    const now = Date.now();
    if (breakUntil > 0) {
      if (now < breakUntil) return breakUntil - now;
      breakUntil = 0;
      nextBreakAt = now + wall(900, 2400);
      await act('mutation { setPresence(presence: ONLINE) { id } }');
      log.debug('demo bots: back from a break');
    } else if (now > nextBreakAt) {
      breakUntil = now + wall(120, 420);
      await act('mutation { setPresence(presence: AWAY) { id } }');
      log.debug('demo bots: on a break');
      return 0;
    }
    const { threads } = await act<{ threads: { edges: Array<{ node: Listed }> } }>(MINE, { me: self.id });
    const mine = threads.edges.map((edge) => edge.node);
    for (const id of settleAt.keys()) if (!mine.some((thread) => thread.id === id)) settleAt.delete(id);
    const waiting = mine.find((thread) => thread.status === 'OPEN' && thread.waitingSince !== null);
    if (waiting) {
      await work(self, waiting.id);
      return human(2, 8);
    }
    for (const thread of mine) {
      const due = settleAt.get(thread.id);
      // A quiet thread waits for the customer's "thanks" (or an answer to a question) before it is closed.
      if (due === undefined) settleAt.set(thread.id, now + (thread.status === 'PENDING' ? wall(600, 1200) : wall(60, 240)));
      else if (now >= due) {
        settleAt.delete(thread.id);
        await resolve(thread.id);
        return human(2, 8);
      }
    }
    const openCount = mine.filter((thread) => thread.status === 'OPEN').length;
    if (openCount < self.capacity && chance(random, 0.8)) {
      const { claimNext } = await act<{ claimNext: { thread: { id: string } } | null }>('mutation { claimNext { thread { id } } }');
      if (claimNext) return 0;
    }
    if (chance(random, 0.05)) await coRespond(self);
    return human(5, 15);
  }

  while (!signal.aborted) {
    let waitMs = 0;
    try {
      me ??= await signIn();
      waitMs = await step(me);
      failures = 0;
    } catch (error) {
      if (error instanceof DemoApiError && EXPECTED.has(error.code)) {
        log.debug({ code: error.code }, 'demo bots: someone else got there first');
        waitMs = human(2, 6);
      } else {
        failures += 1;
        // A session that ended, or a server that was away for a while (it may have restarted): sign in afresh.
        if ((error instanceof DemoApiError && error.code === 'UNAUTHENTICATED') || failures > 3) me = null;
        if (isTransient(error)) log.debug({ err: error }, 'demo bots: server unavailable; backing off');
        else log.warn({ err: error }, 'demo bots: action failed; backing off');
        waitMs = backoffMs(error, failures, random);
      }
    }
    await sleep(waitMs, signal);
  }
  await client.request('mutation { logout }').catch(() => undefined);
  await client.close();
}

function ownerIdOf(error: DemoApiError): string {
  return typeof error.extensions.ownerId === 'string' ? error.extensions.ownerId : '';
}
