import type { DataSource } from 'typeorm';
import { Transactions, type AfterCommit } from '../db/transaction.js';
import type { Logger } from '../logger.js';
import { AgentService } from '../modules/agents/agent.service.js';
import { AuthService } from '../modules/auth/auth.service.js';
import { ChannelService } from '../modules/channels/channel.service.js';
import { QueueService } from '../modules/queues/queue.service.js';

export interface Services {
  auth: AuthService;
  agents: AgentService;
  queues: QueueService;
  channels: ChannelService;
}

export interface ServiceOptions {
  dataSource: DataSource;
  logger: Logger;
  sessionTtlSeconds: number;
  afterCommit?: AfterCommit;
}

/** The composition root of the use cases: each service gets only what it needs. */
export function createServices({ dataSource, logger, sessionTtlSeconds, afterCommit }: ServiceOptions): Services {
  const transactions = new Transactions(dataSource, afterCommit);
  return {
    auth: new AuthService(dataSource, { sessionTtlSeconds }, logger),
    agents: new AgentService(dataSource, transactions),
    queues: new QueueService(dataSource, transactions),
    channels: new ChannelService(dataSource, transactions),
  };
}
