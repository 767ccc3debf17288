import type { DataSource } from 'typeorm';
import type { Services } from '../app/services.js';
import { ConfigError, type Config } from '../config.js';
import type { Logger } from '../logger.js';
import { ApiScope } from '../modules/auth/actor.js';
import { ChannelKind } from '../modules/channels/channel.entity.js';
import { startBots } from './demo-bots.js';
import { isDemoDatabase, seedDemo } from './demo-seed.js';
import { startSimulator } from './demo-simulator.js';
import { DEMO_AGENTS, DEMO_CUSTOMERS, DEMO_MIX, DEMO_PASSWORD, type DemoKind } from './demo-team.js';

/** Why the demo stays off, or null when it may run here. */
function demoRefused(config: Config): string | null {
  if (!config.demo.on) return 'SWITCHBOARD_DEMO is not on (pnpm start turns it on)';
  if (config.databaseUrl) return 'a DATABASE_URL is never seeded, and no simulated traffic reaches it';
  return null;
}

/**
 * Before the server listens: on a fresh embedded database with SWITCHBOARD_DEMO=on, seeds the
 * demo; then says (one log line the start banner reads) whether the demo runs and its logins.
 * Returns whether to start its traffic once the server listens.
 */
export async function prepareDemo(config: Config, dataSource: DataSource, logger: Logger): Promise<boolean> {
  if (config.demo.on) demoMix(config.demo.mix); // a mistyped SWITCHBOARD_DEMO_MIX stops the start, before anything is seeded
  const refused = demoRefused(config);
  const outcome = refused ? { demo: false as const, reason: refused } : await seedDemo(dataSource);
  // A database the seed did not create (data of its own) never gets the simulator or the bots.
  if (!outcome.demo || !(await isDemoDatabase(dataSource))) {
    logger.info({ reason: outcome.demo ? 'not a demo database' : outcome.reason }, 'demo: off');
    return false;
  }
  const logins = [
    ...(config.adminEmail ? [{ name: 'Administrator', email: config.adminEmail, role: 'ADMIN', bot: false }] : []),
    ...DEMO_AGENTS.map((agent) => ({ name: agent.name, email: agent.email, role: agent.role, bot: agent.bot !== null })),
  ];
  logger.info({ seeded: outcome.seeded, logins, password: DEMO_PASSWORD }, 'demo: ready');
  return true;
}

/**
 * Once the server listens: the simulator (a gateway with its INGEST key, through the public
 * API) and the bots (agents signed in through it), at `url`. On the start that seeded the
 * demo, a few customers are already waiting, some of them overdue.
 */
export async function startDemoTraffic(config: Config, dataSource: DataSource, services: Services, url: string, logger: Logger): Promise<{ stop(): Promise<void> }> {
  const ingestKey = await demoIngestKey(dataSource, services);
  await openingMessages(dataSource, services);
  const simulator = startSimulator({
    url,
    ingestKey,
    logger: logger.child({ demo: 'simulator' }),
    messagesPerMinute: config.demo.messagesPerMinute,
    maxWaiting: config.demo.maxWaiting,
    mix: demoMix(config.demo.mix),
  });
  const bots = startBots({ url, logger: logger.child({ demo: 'bots' }), agents: DEMO_AGENTS, password: DEMO_PASSWORD });
  return {
    async stop() {
      await Promise.all([simulator.stop(), bots.stop()]);
    },
  };
}

/** SWITCHBOARD_DEMO_MIX over the default mix; an unknown kind or no weight at all is a configuration error. */
function demoMix(overrides: Record<string, number>): Record<DemoKind, number> {
  const unknown = Object.keys(overrides).filter((kind) => !(kind in DEMO_MIX));
  if (unknown.length > 0) throw new ConfigError(`SWITCHBOARD_DEMO_MIX: unknown channel kind ${unknown.join(', ')} (one of ${Object.keys(DEMO_MIX).join(', ')})`);
  const mix = { ...DEMO_MIX, ...overrides };
  if (Object.values(mix).every((weight) => weight === 0)) throw new ConfigError('SWITCHBOARD_DEMO_MIX: give at least one channel a weight above 0');
  return mix;
}

/** The simulator's key, made once and kept in the demo's mark (like any key, it is shown once). */
async function demoIngestKey(dataSource: DataSource, services: Services): Promise<string> {
  const [row] = await dataSource.query(`SELECT ingest_key FROM demo`);
  if (row?.ingest_key) return row.ingest_key as string;
  const { key } = await services.apiKeys.create({ name: 'Demo traffic simulator', scopes: [ApiScope.INGEST, ApiScope.READ] }, null);
  await dataSource.query(`UPDATE demo SET ingest_key = $1`, [key]);
  return key;
}

/** The first minute of a fresh demo: customers who wrote in over the last quarter hour and wait. */
async function openingMessages(dataSource: DataSource, services: Services): Promise<void> {
  const [{ open }] = await dataSource.query(`SELECT count(*)::int AS open FROM thread WHERE status <> 'RESOLVED'`);
  if (open > 0) return;
  const opening: Array<[ChannelKind, number, string, string | undefined]> = [
    [ChannelKind.SMS, 9, 'Hi, my card was declined at checkout but the money left my account?', undefined],
    [ChannelKind.CHAT, 3, 'Hello, is anyone there? I need to change my delivery slot.', undefined],
    [ChannelKind.EMAIL, 14, 'Could you send me the invoice for order 50211? Our accounts team needs it.', 'Invoice for order 50211'],
    [ChannelKind.TWITTER, 6, '@switchboard my order says delivered but nothing is here', undefined],
    [ChannelKind.SMS, 1, 'Can I still add an item to order 51877?', undefined],
    [ChannelKind.VOICE, 12, 'Voice-mail: calling about a refund I was promised last week, please call back.', undefined],
  ];
  for (const [index, [kind, minutesAgo, body, subject]] of opening.entries()) {
    const customer = DEMO_CUSTOMERS[DEMO_CUSTOMERS.length - 1 - index]!;
    const from = kind === ChannelKind.EMAIL ? customer.email : kind === ChannelKind.TWITTER ? customer.twitter : customer.sms;
    await services.ingest.receive({
      channelKind: kind, from, fromName: customer.name, body, subject,
      externalId: `demo-opening-${index}`, receivedAt: new Date(Date.now() - minutesAgo * 60_000),
    });
  }
}
