import type { DataSource } from 'typeorm';
import { databaseUrlOf } from '../db/data-source.js';
import { Transactions } from '../events/transactions.js';
import { ThreadEventReader } from '../modules/thread-events/thread-event-reader.js';
import { Notifier } from '../live/notifier.js';
import { TypingService } from '../live/typing.js';
import type { Logger } from '../logger.js';
import { AgentService } from '../modules/agents/agent.service.js';
import { AuthService } from '../modules/auth/auth.service.js';
import type { LoginLimitOptions } from '../config.js';
import { ApiKeyService } from '../modules/api-keys/api-key.service.js';
import { ChannelService } from '../modules/channels/channel.service.js';
import { CustomerService } from '../modules/customers/customer.service.js';
import { IngestService } from '../modules/messages/ingest.service.js';
import { MessageReader } from '../modules/messages/message-reader.js';
import { QueueService } from '../modules/queues/queue.service.js';
import { ThreadReader } from '../modules/threads/thread-reader.js';
import { ThreadService } from '../modules/threads/thread.service.js';
import { ClaimsService } from '../modules/threads/claims.service.js';
import { ParticipantsService } from '../modules/threads/participants.service.js';
import { ReplyService } from '../modules/messages/reply.service.js';
import { WebhookService } from '../modules/webhooks/webhook.service.js';
import { WebhookDispatcher, type DispatcherOptions } from '../modules/webhooks/webhook-dispatcher.js';
import { BreachTimer } from '../modules/threads/breach-timer.js';
import { BoardService } from '../modules/board/board.service.js';
import { BoardHistory } from '../modules/reports/board-history.js';
import { ReportKeeper } from '../modules/reports/report-keeper.js';
import { ReportRollups } from '../modules/reports/rollups.js';
import { ReportService } from '../modules/reports/report.service.js';
import { webhookAllowPrivate } from '../config.js';

export interface Services {
  auth: AuthService;
  apiKeys: ApiKeyService;
  agents: AgentService;
  queues: QueueService;
  channels: ChannelService;
  customers: CustomerService;
  ingest: IngestService;
  messages: MessageReader;
  threadReader: ThreadReader;
  threads: ThreadService;
  claims: ClaimsService;
  participants: ParticipantsService;
  replies: ReplyService;
  events: ThreadEventReader;
  webhooks: WebhookService;
  board: BoardService;
  reports: ReportService;
  /** Daily report roll-ups; the report keeper refreshes them. */
  rollups: ReportRollups;
  boardHistory: BoardHistory;
  /** Not started here either: board snapshots and daily roll-ups, by the breach timer's leader. */
  reportKeeper: ReportKeeper;
  /** Not started here: the process calls `start()` once serving and `stop()` on shutdown. */
  webhookDispatcher: WebhookDispatcher;
  /** Not started here either: SLA_BREACHED when a wait passes its due time (one leader per database). */
  breachTimer: BreachTimer;
  notifier: Notifier;
  typing: TypingService;
  transactions: Transactions;
}

export interface ServiceOptions {
  dataSource: DataSource;
  logger: Logger;
  sessionTtlSeconds: number;
  /** Webhook delivery; `allowPrivate` defaults to SWITCHBOARD_WEBHOOK_ALLOW_PRIVATE. */
  webhooks?: Partial<DispatcherOptions>;
  /** The secret mixed into API key hashes (SWITCHBOARD_API_KEY_PEPPER). */
  apiKeyPepper?: string;
  /** Failed logins per e-mail and per address (config.ts's defaults when unset). */
  loginLimits?: LoginLimitOptions;
  /** SWITCHBOARD_BOARD_SNAPSHOT_SECONDS (60) and SWITCHBOARD_EVENT_RETENTION_DAYS (30). */
  reports?: { snapshotSeconds: number; retentionDays: number };
}

/** The composition root of the use cases: each service gets only what it needs. */
export function createServices({
  dataSource, logger, sessionTtlSeconds, loginLimits, apiKeyPepper, webhooks: webhookOptions = {}, reports = { snapshotSeconds: 60, retentionDays: 30 },
}: ServiceOptions): Services {
  const notifier = new Notifier(dataSource, logger);
  // After every commit that appended events: one coalesced wake-up for every process's reader.
  const transactions = new Transactions(dataSource, (lastEventId) => notifier.wake(lastEventId));
  const threadReader = new ThreadReader(dataSource);
  // Set SWITCHBOARD_API_KEY_PEPPER in production: with it, a stolen key table alone proves nothing.
  const apiKeys = new ApiKeyService(dataSource, transactions, apiKeyPepper ?? 'switchboard-api-keys');
  const { allowPrivate = webhookAllowPrivate(), ...delivery } = webhookOptions;
  const webhookDispatcher = new WebhookDispatcher(dataSource, new MessageReader(dataSource), logger, { allowPrivate, ...delivery });
  const board = new BoardService(dataSource);
  const boardHistory = new BoardHistory(dataSource, board);
  const rollups = new ReportRollups(dataSource);
  const breachTimer = new BreachTimer(dataSource, transactions, logger, { databaseUrl: databaseUrlOf(dataSource) });
  return {
    notifier,
    transactions,
    typing: new TypingService(threadReader, notifier),
    auth: new AuthService(dataSource, transactions, { sessionTtlSeconds, ...(loginLimits ? { loginLimits } : {}) }, logger, apiKeys),
    apiKeys,
    agents: new AgentService(dataSource, transactions),
    queues: new QueueService(dataSource, transactions),
    channels: new ChannelService(dataSource, transactions),
    customers: new CustomerService(dataSource, transactions),
    ingest: new IngestService(transactions),
    messages: new MessageReader(dataSource),
    threadReader,
    threads: new ThreadService(transactions),
    claims: new ClaimsService(dataSource, transactions),
    participants: new ParticipantsService(transactions),
    replies: new ReplyService(transactions),
    events: new ThreadEventReader(dataSource),
    webhooks: new WebhookService(dataSource, transactions, { allowPrivate, wake: () => webhookDispatcher.wake() }),
    board,
    reports: new ReportService(dataSource, rollups),
    rollups,
    boardHistory,
    reportKeeper: new ReportKeeper(boardHistory, rollups, logger, { ...reports, isLeader: () => breachTimer.isLeader }),
    webhookDispatcher,
    breachTimer,
  };
}

