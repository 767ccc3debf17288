import { Agent } from './agents/agent.entity.js';
import { Session } from './auth/session.entity.js';
import { Channel } from './channels/channel.entity.js';
import { Queue } from './queues/queue.entity.js';

/** The rows read and written through TypeORM entities; threads, messages and customers use SQL. */
export const ENTITIES = [Agent, Session, Channel, Queue];
