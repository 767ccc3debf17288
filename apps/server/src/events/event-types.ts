/**
 * Every event the log holds and what each one carries: the one list (STYLE.md rule 14). Thread
 * events carry the thread's routing state before and after the change; system events (who may
 * see what, presence, sign-outs) carry a typed `data` payload. Plain JSON only: these cross
 * processes through the log.
 */

/** Thread events, in the order the public `ThreadEventType` enum lists them. */
export const ThreadEventType = {
  CREATED: 'CREATED',
  MESSAGE_RECEIVED: 'MESSAGE_RECEIVED',
  REPLIED: 'REPLIED',
  NOTE_ADDED: 'NOTE_ADDED',
  CLAIMED: 'CLAIMED',
  RELEASED: 'RELEASED',
  HANDED_OFF: 'HANDED_OFF',
  JOINED: 'JOINED',
  LEFT: 'LEFT',
  STATUS_CHANGED: 'STATUS_CHANGED',
  PRIORITY_CHANGED: 'PRIORITY_CHANGED',
  SLA_BREACHED: 'SLA_BREACHED',
  DELIVERY_CHANGED: 'DELIVERY_CHANGED',
  /** The thread's customer was merged into another (mergeCustomers); a server addition to the contract's enum. */
  CUSTOMER_MERGED: 'CUSTOMER_MERGED',
} as const;
export type ThreadEventType = (typeof ThreadEventType)[keyof typeof ThreadEventType];
export const THREAD_EVENT_TYPES: readonly ThreadEventType[] = Object.values(ThreadEventType);

/** Internal events that are not about one thread; they decide who may see what. */
export const SystemEventType = {
  QUEUE_CREATED: 'QUEUE_CREATED',
  QUEUE_RENAMED: 'QUEUE_RENAMED',
  QUEUE_MEMBERS_CHANGED: 'QUEUE_MEMBERS_CHANGED',
  CHANNEL_CREATED: 'CHANNEL_CREATED',
  CHANNEL_CHANGED: 'CHANNEL_CHANGED',
  AGENT_CREATED: 'AGENT_CREATED',
  AGENT_UPDATED: 'AGENT_UPDATED',
  SESSION_REVOKED: 'SESSION_REVOKED',
  CUSTOMER_IDENTITY_ADDED: 'CUSTOMER_IDENTITY_ADDED',
  CUSTOMERS_MERGED: 'CUSTOMERS_MERGED',
  AGENT_PRESENCE_CHANGED: 'AGENT_PRESENCE_CHANGED',
  API_KEY_CREATED: 'API_KEY_CREATED',
  API_KEY_REVOKED: 'API_KEY_REVOKED',
  /** A webhook was created, paused, resumed or deleted (its deliveries are not logged here). */
  WEBHOOK_CHANGED: 'WEBHOOK_CHANGED',
} as const;
export type SystemEventType = (typeof SystemEventType)[keyof typeof SystemEventType];

export type ThreadStatusName = 'OPEN' | 'PENDING' | 'RESOLVED';
export type PriorityName = 'LOW' | 'NORMAL' | 'HIGH' | 'URGENT';
export type RoleName = 'AGENT' | 'SUPERVISOR' | 'ADMIN';
export type PresenceName = 'ONLINE' | 'AWAY' | 'OFFLINE';

/** A thread's routing state as events store it (ISO strings for instants). */
export interface ThreadStateJson {
  status: ThreadStatusName;
  /** Not in the GraphQL ThreadState; stored so subscriptions can filter by them. */
  customerId: string;
  channelKind: string;
  queueId: string;
  ownerId: string | null;
  collaboratorIds: string[];
  priority: PriorityName;
  waitingSince: string | null;
  responseDueAt: string | null;
}

/** A thread event to append; the routing columns let replays filter by index. */
export interface ThreadEventDraft {
  type: ThreadEventType;
  threadId: string;
  queueId: string;
  beforeQueueId: string;
  ownerId: string | null;
  beforeOwnerId: string | null;
  actorId: string | null;
  messageId?: string;
  threadVersion: number;
  before: ThreadStateJson | null;
  after: ThreadStateJson;
  note: string | null;
}

/** What each system event carries. */
export interface SystemEventData {
  QUEUE_CREATED: { queueId: string; name: string };
  QUEUE_RENAMED: { queueId: string; before: string; after: string };
  QUEUE_MEMBERS_CHANGED: { queueId: string; added: string[]; removed: string[] };
  CHANNEL_CREATED: { channelId: string; kind: string; name: string; responseTargetSeconds: number; queueId: string };
  CHANNEL_CHANGED: {
    channelId: string;
    before: { name: string; responseTargetSeconds: number; queueId: string };
    after: { name?: string; responseTargetSeconds?: number; queueId?: string };
  };
  AGENT_CREATED: { agentId: string; role: RoleName; queueIds: string[] };
  AGENT_UPDATED: {
    agentId: string;
    before: Record<string, unknown>;
    after: { name?: string; email?: string; role?: RoleName; capacity?: number; active?: boolean; passwordReset?: true };
  };
  SESSION_REVOKED: { sessionId: string; agentId: string };
  CUSTOMER_IDENTITY_ADDED: { customerId: string; channelKind: string; address: string };
  CUSTOMERS_MERGED: { intoId: string; fromId: string };
  AGENT_PRESENCE_CHANGED: { agentId: string; before: PresenceName; after: PresenceName };
  API_KEY_CREATED: { keyId: string };
  API_KEY_REVOKED: { keyId: string };
  WEBHOOK_CHANGED: { webhookId: string; change: 'CREATED' | 'PAUSED' | 'RESUMED' | 'DELETED' };
}

export type SystemEventDraft = {
  [T in SystemEventType]: { type: T; actorId: string | null; queueId?: string; data: SystemEventData[T] };
}[SystemEventType];

export type EventDraft = ThreadEventDraft | SystemEventDraft;

/** What the log gives back: the draft, its cursor and when it was appended. */
interface Logged {
  /** The event id as a decimal string: the cursor. */
  id: string;
  createdAt: Date;
}

export type LoggedThreadEvent = Omit<ThreadEventDraft, 'queueId' | 'beforeQueueId' | 'ownerId' | 'beforeOwnerId' | 'messageId'> &
  Logged & { messageId: string | null };
export type LoggedSystemEvent = SystemEventDraft & Logged;
export type LoggedEvent = LoggedThreadEvent | LoggedSystemEvent;

const THREAD_TYPES = new Set<string>(THREAD_EVENT_TYPES);

export function isThreadEvent(event: LoggedEvent): event is LoggedThreadEvent {
  return THREAD_TYPES.has(event.type);
}
