import type { Logger } from '../logger.js';
import { backoffMs, between, chance, createDemoClient, DemoApiError, pick, sleep, stopSignal, weighted, type DemoClient } from './demo-client.js';
import * as lines from './demo-lines.js';
import { DEMO_CUSTOMERS, DEMO_MIX, type DemoCustomer, type DemoKind } from './demo-team.js';

/**
 * The demo's customers, arriving through a gateway: every message is a `receiveMessage` with an
 * INGEST key, exactly as an SMS provider or a mailbox would send it. The simulator also plays the
 * gateway's other half (it follows REPLIED events, reports delivery) and the customers' side of
 * each conversation: they answer an agent's question, say thanks, move from Twitter to SMS when
 * asked, or give up and never write again (their thread stays OPEN and breaches, as it would).
 */

export interface SimulatorOptions {
  /** HTTP base, e.g. http://127.0.0.1:4000. */
  url: string;
  ingestKey: string;
  /**
   * A key that may read threads, to count the waiting ones; defaults to `ingestKey`, which then
   * needs READ beside INGEST. Without either the simulator cannot see the floor and never slows down.
   */
  readKey?: string;
  logger: Logger;
  messagesPerMinute: number;
  /** New customers stop arriving while more threads than this wait for an answer. */
  maxWaiting: number;
  /** Where new conversations start, by weight: DEMO_MIX unless given. */
  mix?: Readonly<Record<DemoKind, number>>;
  /** Time compression (tests): 10 runs ten times as fast. Default 1. */
  speed?: number;
  random?: () => number;
}

const FOLLOW_UP_SHARE = 0.2;
const GIVE_UP_SHARE = 0.15;
const NEW_CUSTOMER_SHARE = 0.1;
const BURST_SHARE = 0.6;
/** Seconds (at speed 1) a customer takes to answer an agent, by channel. */
const ANSWER_DELAY: Readonly<Record<DemoKind, readonly [number, number]>> = {
  SMS: [20, 120], CHAT: [5, 40], TWITTER: [60, 600], FACEBOOK: [60, 600], EMAIL: [300, 1800], VOICE: [120, 900], FORUM: [600, 3600],
};
/** A conversation nobody finished is forgotten after this long (seconds at speed 1). */
const FORGET_AFTER_SECONDS = 4 * 3600;
const NEW_NAMES = ['Noor', 'Kai', 'Elena', 'Mateo', 'Yuki', 'Omar', 'Ines', 'Tariq', 'Zoe', 'Ravi', 'Hana', 'Luca'];

interface Conversation {
  person: DemoCustomer;
  kind: DemoKind;
  from: string;
  topic: lines.Topic;
  threadId: string | null;
  gaveUp: boolean;
  startedAt: number;
}

interface ReplyEvent {
  threadEvents: { thread: { id: string }; message: { id: string; body: string; to: string | null; channel: { kind: DemoKind } } | null };
}

const RECEIVE = `mutation($input: InboundMessageInput!) { receiveMessage(input: $input) { duplicate thread { id } } }`;
const WAITING = `query { threads(first: 1, filter: { waiting: true }) { totalCount } }`;
const DELIVERY = `mutation($id: ID!, $status: DeliveryStatus!, $externalId: String) {
  setMessageDelivery(messageId: $id, status: $status, externalId: $externalId) { id } }`;
const REPLIES = `subscription { threadEvents(types: [REPLIED]) { thread { id } message { id body to channel { kind } } } }`;

export function startSimulator(options: SimulatorOptions): { stop(): Promise<void> } {
  const { logger, maxWaiting } = options;
  const speed = options.speed ?? 1;
  const random = options.random ?? Math.random;
  const log = logger.child({ component: 'demo-simulator' });
  const gateway = createDemoClient({ url: options.url, token: options.ingestKey });
  // The demo's own key may hold READ beside INGEST; a separate READ key works too.
  const reader: DemoClient = createDemoClient({ url: options.url, token: options.readKey ?? options.ingestKey });
  let canRead = true;
  const stopping = stopSignal();
  const signal = stopping.signal;
  const conversations = new Map<string, Conversation>();
  const tasks = new Set<Promise<void>>();
  const seconds = (low: number, high: number) => (between(random, low, high) * 1000) / speed;
  let sequence = 0;
  let fresh = 0;
  // Messages sent outside the arrival loop (burst tails, answers) take the loop's next slots, so the total stays near the rate.
  let owed = 0;

  const keyOf = (kind: DemoKind, address: string) => `${kind}:${address.toLowerCase()}`;

  function addressOf(person: DemoCustomer, kind: DemoKind): string {
    switch (kind) {
      case 'SMS':
      case 'VOICE':
        return person.sms;
      case 'EMAIL':
        return person.email;
      case 'FACEBOOK':
        return `fb.${person.twitter}`;
      case 'CHAT':
        return `visitor-${Math.floor(random() * 1e8).toString(36)}`;
      case 'TWITTER':
      case 'FORUM':
        return person.twitter;
    }
  }

  function someone(): DemoCustomer {
    const busy = new Set([...conversations.values()].map((conversation) => conversation.person.name));
    const free = DEMO_CUSTOMERS.filter((person) => !busy.has(person.name));
    if (free.length > 0 && !chance(random, NEW_CUSTOMER_SHARE)) return pick(random, free);
    const n = ++fresh;
    const first = pick(random, NEW_NAMES);
    const tag = `${Date.now().toString(36).slice(-4)}${n}`;
    return {
      name: `${first} ${String.fromCharCode(65 + Math.floor(random() * 26))}.`,
      sms: `+1555019${String(Math.floor(random() * 10_000)).padStart(4, '0')}${String(n % 100).padStart(2, '0')}`,
      email: `${first.toLowerCase()}.${tag}@example.org`,
      twitter: `${first.toLowerCase()}_${tag}`,
    };
  }

  async function send(conversation: Conversation, body: string, subject?: string): Promise<void> {
    const externalId = `demo-${conversation.kind.toLowerCase()}-${Date.now().toString(36)}-${++sequence}`;
    const input = { channelKind: conversation.kind, from: conversation.from, fromName: conversation.person.name, body, externalId, ...(subject ? { subject } : {}) };
    const result = await gateway.request<{ receiveMessage: { thread: { id: string } } }>(RECEIVE, { input });
    conversation.threadId = result.receiveMessage.thread.id;
    log.debug({ kind: conversation.kind, from: conversation.from, threadId: conversation.threadId }, 'demo traffic: customer wrote');
  }

  /** Runs `work` beside the loop after `delayMs`, counted against the rate; stop() waits for it. */
  function later(delayMs: number, work: () => Promise<void>): void {
    const task = (async () => {
      await sleep(delayMs, signal);
      if (signal.aborted) return;
      owed += 1;
      try {
        await work();
      } catch (error) {
        log.warn({ err: error }, 'demo traffic: a customer message failed');
      }
    })();
    tasks.add(task);
    void task.finally(() => tasks.delete(task));
  }

  async function startConversation(): Promise<void> {
    const kind = weighted(random, options.mix ?? DEMO_MIX);
    const person = someone();
    const topics = lines.TOPICS.filter((topic) => !topic.noReply || kind === 'TWITTER');
    const conversation: Conversation = {
      person, kind, from: addressOf(person, kind), topic: pick(random, topics), threadId: null, gaveUp: chance(random, GIVE_UP_SHARE), startedAt: Date.now(),
    };
    const subject = kind === 'EMAIL' || kind === 'FORUM' ? conversation.topic.subject : undefined;
    conversations.set(keyOf(kind, conversation.from), conversation);
    await send(conversation, lines.opener(random, conversation.topic, kind), subject);
    if (conversation.topic.noReply) conversations.delete(keyOf(kind, conversation.from));
    if (kind === 'SMS' && chance(random, BURST_SHARE)) {
      // People text in bursts: a second (sometimes third) message a few seconds after the first.
      later(seconds(2, 8), () => send(conversation, lines.burstLine(random)));
      if (chance(random, 0.4)) later(seconds(9, 15), () => send(conversation, lines.burstLine(random)));
    }
  }

  async function arrive(): Promise<void> {
    const open = [...conversations.values()].filter((conversation) => conversation.threadId && !conversation.gaveUp);
    if (open.length > 0 && chance(random, FOLLOW_UP_SHARE)) {
      await send(pick(random, open), lines.followUp(random));
      return;
    }
    await startConversation();
  }

  async function waiting(): Promise<number | null> {
    if (!canRead) return null;
    try {
      return (await reader.request<{ threads: { totalCount: number } }>(WAITING)).threads.totalCount;
    } catch (error) {
      if (!(error instanceof DemoApiError) || error.code !== 'FORBIDDEN') throw error;
      canRead = false;
      log.warn('demo traffic: the key may not read threads (give it READ, or pass readKey), so the simulator will not slow down');
      return null;
    }
  }

  function forgetOld(): void {
    const horizon = Date.now() - (FORGET_AFTER_SECONDS * 1000) / speed;
    for (const [key, conversation] of conversations) if (conversation.startedAt < horizon) conversations.delete(key);
  }

  async function arrivals(): Promise<void> {
    const meanGapMs = 60_000 / Math.max(0.01, options.messagesPerMinute) / speed;
    let failures = 0;
    let paused = false;
    while (!signal.aborted) {
      await sleep(-Math.log(1 - random()) * meanGapMs, signal);
      if (signal.aborted) break;
      if (owed > 0) {
        owed -= 1;
        continue;
      }
      try {
        forgetOld();
        const count = await waiting();
        // Resume a little below the limit, so a floor hovering at it does not flap (and log) every arrival.
        if (count !== null && (count > maxWaiting || (paused && count > maxWaiting - Math.max(1, Math.floor(maxWaiting / 5))))) {
          if (!paused) log.info({ waiting: count, maxWaiting }, 'demo traffic: the floor is full, new customers wait');
          paused = true;
          continue;
        }
        if (paused) log.info({ waiting: count, maxWaiting }, 'demo traffic: the floor has room again');
        paused = false;
        await arrive();
        failures = 0;
      } catch (error) {
        failures += 1;
        log.warn({ err: error }, 'demo traffic: ingest failed; backing off');
        await sleep(backoffMs(error, failures, random), signal);
      }
    }
  }

  /** The gateway's delivery report, then the customer's side of the conversation. */
  function onReply(data: ReplyEvent): void {
    const message = data.threadEvents.message;
    if (!message || signal.aborted) return;
    const report = (async () => {
      for (const status of ['SENT', 'DELIVERED'] as const) {
        await sleep(seconds(1, 4), signal);
        if (signal.aborted) return;
        await gateway.request(DELIVERY, { id: message.id, status, externalId: status === 'SENT' ? `demo-out-${++sequence}` : null }).catch(
          (error: unknown) => log.debug({ err: error }, 'demo traffic: delivery report refused'));
      }
    })();
    tasks.add(report);
    void report.finally(() => tasks.delete(report));
    if (!message.to) return;
    const key = keyOf(message.channel.kind, message.to);
    const conversation = conversations.get(key);
    if (!conversation || conversation.gaveUp) return;
    if (conversation.kind === 'TWITTER' && message.body.includes(lines.MOVE_TO_SMS_MARK)) {
      // Asked to continue privately: the customer texts from their phone, which the agent linked first.
      conversations.delete(key);
      conversation.kind = 'SMS';
      conversation.from = conversation.person.sms;
      conversations.set(keyOf('SMS', conversation.from), conversation);
      later(seconds(30, 180), () => send(conversation, `${lines.smsAfterTweet(conversation.person.twitter)} ${lines.customerAnswer(random, conversation.topic)}`));
      return;
    }
    const [low, high] = ANSWER_DELAY[conversation.kind];
    if (lines.isQuestion(message.body)) {
      if (chance(random, 0.85)) later(seconds(low, high), () => send(conversation, lines.customerAnswer(random, conversation.topic)));
      return;
    }
    const roll = random();
    if (roll < 0.1) later(seconds(low, high), () => send(conversation, lines.stillBroken(random)));
    else {
      conversations.delete(key);
      if (roll < 0.45) later(seconds(low, high), () => send(conversation, lines.thanks(random)));
    }
  }

  const unsubscribe = gateway.subscribe<ReplyEvent>(REPLIES, {}, onReply, (error) => log.debug({ err: error }, 'demo traffic: reply feed error'));
  const loop = arrivals();
  log.info({ messagesPerMinute: options.messagesPerMinute, maxWaiting, speed }, 'demo traffic: simulator started');

  return {
    async stop() {
      stopping.abort();
      unsubscribe();
      await loop;
      await Promise.allSettled([...tasks]);
      await Promise.all([gateway.close(), reader.close()]);
      log.info('demo traffic: simulator stopped');
    },
  };
}
