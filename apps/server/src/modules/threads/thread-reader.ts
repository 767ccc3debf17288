import type { DataSource, EntityManager } from 'typeorm';
import { searchWords, containsPattern } from '../../db/search.js';
import { badInput, notFound } from '../../errors.js';
import { decodeCursor, encodeCursor, } from '../pagination.js';
import { SqlParams } from '../../db/sql.js';
import { AGENT_JSON, agentFromJson, type AgentJson } from '../agents/agent-json.js';
import { accessOf, threadVisibleSql, type Viewer } from './visibility.js';
import { Channel, type ChannelKind } from '../channels/channel.entity.js';
import { Customer, type CustomerIdentity } from '../customers/customer.model.js';
import { messageFromRow, type MessageRow } from '../messages/message.model.js';
import { Queue } from '../queues/queue.entity.js';
import { PRIORITY_BY_RANK, ThreadOrder, type ThreadStatus } from './thread.enums.js';
import type { ThreadFilter } from './thread.inputs.js';
import { Thread, type ThreadConnection } from './thread.model.js';

interface SortKey {
  expr: string;
  dir: 'ASC' | 'DESC';
  nullable: boolean;
  cast: string;
}

const id = (dir: 'ASC' | 'DESC'): SortKey => ({ expr: 't.id', dir, nullable: false, cast: 'text' });
const priority: SortKey = { expr: 't.priority', dir: 'DESC', nullable: false, cast: 'smallint' };
const waitingSince: SortKey = { expr: 't.waiting_since', dir: 'ASC', nullable: true, cast: 'timestamptz' };

/** Every order ends on the id, so keys are unique and keyset pages never repeat or skip a row. */
const ORDERS: Record<ThreadOrder, SortKey[]> = {
  // Waiting threads first (a released thread nobody waits on comes after them), then priority,
  // then the earliest due time: an SMS due in 2 minutes beats an e-mail due in 3 hours.
  [ThreadOrder.DUE_SOONEST]: [
    { expr: '(t.response_due_at IS NULL)', dir: 'ASC', nullable: false, cast: 'boolean' },
    priority,
    { expr: 't.response_due_at', dir: 'ASC', nullable: true, cast: 'timestamptz' },
    id('ASC'),
  ],
  [ThreadOrder.LONGEST_WAITING]: [waitingSince, id('ASC')],
  [ThreadOrder.NEWEST]: [{ expr: 't.last_activity_at', dir: 'DESC', nullable: false, cast: 'timestamptz' }, id('DESC')],
  [ThreadOrder.PRIORITY]: [priority, waitingSince, id('ASC')],
};

interface ThreadCursor {
  o: ThreadOrder;
  k: Array<string | null>;
}

const isThreadCursor = (value: unknown): value is ThreadCursor =>
  typeof value === 'object' && value !== null && typeof (value as ThreadCursor).o === 'string' &&
  Array.isArray((value as ThreadCursor).k) && (value as ThreadCursor).o in ORDERS &&
  (value as ThreadCursor).k.length === ORDERS[(value as ThreadCursor).o].length &&
  (value as ThreadCursor).k.every((part) => part === null || typeof part === 'string');

/** One statement: the threads and everything their list rows show. */
const SELECT_THREADS = `
  SELECT t.*, c.name AS customer_name,
    (SELECT coalesce(json_agg(json_build_object('channelKind', ci.channel_kind, 'address', ci.address)
              ORDER BY ci.created_at, ci.address), '[]')
       FROM customer_identity ci WHERE ci.customer_id = t.customer_id) AS identities,
    (SELECT coalesce(json_agg(${AGENT_JSON('pa')} ORDER BY tp.joined_at, pa.id), '[]')
       FROM thread_participant tp JOIN agent pa ON pa.id = tp.agent_id WHERE tp.thread_id = t.id) AS collaborators,
    CASE WHEN o.id IS NULL THEN NULL ELSE ${AGENT_JSON('o')} END AS owner,
    to_json(ch) AS channel, to_json(wc) AS wait_channel, to_json(q) AS queue,
    (SELECT to_json(m) FROM message m WHERE m.thread_id = t.id ORDER BY m.seq DESC LIMIT 1) AS last_message,
    (SELECT left(m.body, 160) FROM message m WHERE m.thread_id = t.id AND m.kind IN ('INBOUND', 'REPLY')
      ORDER BY m.seq DESC LIMIT 1) AS preview`;

const FROM_THREADS = `
  FROM thread t
  JOIN customer c ON c.id = t.customer_id
  JOIN channel ch ON ch.id = t.channel_id
  JOIN queue q ON q.id = t.queue_id
  LEFT JOIN channel wc ON wc.id = t.wait_channel_id
  LEFT JOIN agent o ON o.id = t.owner_id`;

export interface ListOptions {
  filter?: ThreadFilter | null;
  orderBy: ThreadOrder;
  first: number;
  after?: string | null;
  /** Count every match for `totalCount` (a second statement, run beside the page); default true. */
  withTotal?: boolean;
}

/** Reads threads as their viewer may see them: by ids, and as filtered, ordered pages. */
export class ThreadReader {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Threads by id (one statement); missing ids are absent. Threads the viewer may not see are
   * absent too, or with `hidden: 'redact'` present as their REDACTED view (visibility.ts).
   */
  async byIds(viewer: Viewer, ids: readonly string[], options: { hidden?: 'omit' | 'redact'; manager?: EntityManager } = {}): Promise<Map<string, Thread>> {
    if (ids.length === 0) return new Map();
    const params = new SqlParams();
    const visible = threadVisibleSql(viewer, params);
    const rows: ThreadRow[] = await (options.manager ?? this.dataSource.manager).query(
      options.hidden === 'redact'
        ? `${SELECT_THREADS}, ${visible} AS visible ${FROM_THREADS} WHERE t.id = ANY(${params.add([...ids])})`
        : `${SELECT_THREADS}, TRUE AS visible ${FROM_THREADS} WHERE t.id = ANY(${params.add([...ids])}) AND ${visible}`,
      params.values,
    );
    return new Map(rows.map((row) => [row.id, threadFromRow(row)]));
  }

  async one(viewer: Viewer, threadId: string): Promise<Thread | undefined> {
    return (await this.byIds(viewer, [threadId])).get(threadId);
  }

  /** NOT_FOUND for a missing thread and for one the viewer may not see: the two are not told apart. */
  async requireVisible(viewer: Viewer, threadId: string): Promise<void> {
    const params = new SqlParams();
    const rows: unknown[] = await this.dataSource.query(
      `SELECT 1 FROM thread t WHERE t.id = ${params.add(threadId)} AND ${threadVisibleSql(viewer, params)}`, params.values);
    if (rows.length === 0) throw notFound('Thread', threadId);
  }

  /** What a mutation answers with: the thread as the actor may see it now (REDACTED after handing it away). */
  async forPayload(viewer: Viewer, threadId: string): Promise<Thread> {
    const thread = (await this.byIds(viewer, [threadId], { hidden: 'redact' })).get(threadId);
    if (!thread) throw notFound('Thread', threadId);
    return thread;
  }

  /** A page and, when asked, its total: one statement or two (side by side), whatever the page size. */
  async list(viewer: Viewer, { filter, orderBy, first, after, withTotal = true }: ListOptions): Promise<ThreadConnection> {
    const keys = ORDERS[orderBy];
    const params = new SqlParams();
    const where = [threadVisibleSql(viewer, params), ...filterSql(filter ?? {}, params)];
    const countParams = params.values.length;
    const countWhere = where.join(' AND ');
    // The count joins only what the filter names: the page's joins are for what its rows show.
    const countFrom = `FROM thread t${filter?.search != null ? ' JOIN customer c ON c.id = t.customer_id' : ''}${filter?.channelKinds?.length ? ' JOIN channel ch ON ch.id = t.channel_id' : ''}`;

    if (after) {
      const cursor = decodeCursor(after, isThreadCursor);
      if (cursor.o !== orderBy) throw badInput('after', `is a cursor of the ${cursor.o} order, not ${orderBy}`);
      where.push(afterSql(keys, cursor.k, params));
    }
    const keyColumns = keys.map((key, index) => `(${key.expr})::text AS k${index}`).join(', ');
    const orderSql = keys.map((key) => `${key.expr} ${key.dir} NULLS LAST`).join(', ');
    const limit = params.add(first + 1);

    const [rows, count] = await Promise.all([
      this.dataSource.query(
        `${SELECT_THREADS}, TRUE AS visible, ${keyColumns} ${FROM_THREADS} WHERE ${where.join(' AND ')} ORDER BY ${orderSql} LIMIT ${limit}`,
        params.values,
      ) as Promise<Array<ThreadRow & Record<string, string | null>>>,
      withTotal
        ? this.dataSource.query(`SELECT count(*)::int AS n ${countFrom} WHERE ${countWhere}`, params.values.slice(0, countParams)) as Promise<Array<{ n: number }>>
        : Promise.resolve(null),
    ]);
    const page = rows.slice(0, first);
    const edges = page.map((row) => ({
      cursor: encodeCursor({ o: orderBy, k: keys.map((_, index) => row[`k${index}`] ?? null) } satisfies ThreadCursor),
      node: threadFromRow(row),
    }));
    return {
      edges,
      pageInfo: { hasNextPage: rows.length > first, endCursor: edges.at(-1)?.cursor ?? null },
      // Not asked for: the field is not in the query, so nothing reads it.
      totalCount: count ? count[0]?.n ?? 0 : Number.NaN,
    };
  }
}

function filterSql(filter: ThreadFilter, params: SqlParams): string[] {
  const where: string[] = [];
  if (filter.status?.length) where.push(`t.status = ANY(${params.add(filter.status, 'thread_status[]')})`);
  if (filter.queueIds) where.push(`t.queue_id = ANY(${params.add(filter.queueIds, 'text[]')})`);
  if (filter.channelKinds?.length) where.push(`ch.kind = ANY(${params.add(filter.channelKinds, 'channel_kind[]')})`);
  if (filter.ownerId != null) where.push(`t.owner_id = ${params.add(filter.ownerId)}`);
  if (filter.customerId != null) where.push(`t.customer_id = ${params.add(filter.customerId)}`);
  if (filter.threadIds) where.push(`t.id = ANY(${params.add(filter.threadIds, 'text[]')})`);
  if (filter.unassigned != null) where.push(filter.unassigned ? 't.owner_id IS NULL' : 't.owner_id IS NOT NULL');
  if (filter.waiting != null) where.push(filter.waiting ? 't.waiting_since IS NOT NULL' : 't.waiting_since IS NULL');
  if (filter.search != null) {
    for (const word of searchWords(filter.search, 'filter.search')) {
      // Every word must appear somewhere.
      const pattern = params.add(containsPattern(word));
      where.push(`(c.name ILIKE ${pattern} OR t.subject ILIKE ${pattern}
        OR EXISTS (SELECT 1 FROM customer_identity si WHERE si.customer_id = t.customer_id AND si.address ILIKE ${pattern})
        OR EXISTS (SELECT 1 FROM message sm WHERE sm.thread_id = t.id AND sm.body ILIKE ${pattern}))`);
    }
  }
  return where;
}

/** Rows strictly after the cursor in the keys' order (NULLS LAST throughout). */
function afterSql(keys: SortKey[], values: Array<string | null>, params: SqlParams): string {
  const ors: string[] = [];
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!;
    const value = values[i] ?? null;
    const ands: string[] = [];
    for (let j = 0; j < i; j++) {
      const previous = keys[j]!;
      const v = values[j] ?? null;
      ands.push(v === null ? `${previous.expr} IS NULL` : `${previous.expr} = ${params.add(v, previous.cast)}`);
    }
    if (value === null) continue; // nothing sorts after NULL on this key; later keys decide
    const op = key.dir === 'ASC' ? '>' : '<';
    const after = `${key.expr} ${op} ${params.add(value, key.cast)}`;
    ands.push(key.nullable ? `(${after} OR ${key.expr} IS NULL)` : after);
    ors.push(`(${ands.join(' AND ')})`);
  }
  return ors.length ? `(${ors.join(' OR ')})` : 'FALSE';
}

interface ChannelJson { id: string; kind: ChannelKind; name: string; response_target_seconds: number; queue_id: string; created_at: string }

interface ThreadRow {
  id: string; customer_id: string; queue_id: string; channel_id: string; subject: string | null;
  status: ThreadStatus; priority: number; owner_id: string | null; waiting_since: Date | null;
  response_due_at: Date | null; wait_channel_id: string | null; first_response_at: Date | null; first_responder_id: string | null;
  last_activity_at: Date; version: number; created_at: Date; updated_at: Date;
  customer_name: string; identities: CustomerIdentity[]; collaborators: AgentJson[]; owner: AgentJson | null;
  channel: ChannelJson; wait_channel: ChannelJson | null; queue: { id: string; name: string; created_at: string };
  last_message: MessageRow | null; preview: string | null; visible: boolean;
}

function channelFromJson(json: ChannelJson): Channel {
  return Object.assign(new Channel(), {
    id: json.id, kind: json.kind, name: json.name, responseTargetSeconds: json.response_target_seconds,
    queueId: json.queue_id, createdAt: new Date(json.created_at),
  });
}

/** The REDACTED view of a thread (visibility.ts): its routing, subject and customer's name, nothing said in it. */
export function redacted(thread: Thread): Thread {
  return Object.assign(new Thread(), thread, {
    access: 'REDACTED',
    preview: null,
    lastMessage: null,
    customer: Object.assign(new Customer(), { id: thread.customer.id, name: thread.customer.name, identities: [] }),
  });
}

function threadFromRow(row: ThreadRow): Thread {
  const thread = fullThreadFromRow(row);
  return accessOf(row.visible) === 'FULL' ? thread : redacted(thread);
}

function fullThreadFromRow(row: ThreadRow): Thread {
  const customer = Object.assign(new Customer(), { id: row.customer_id, name: row.customer_name, identities: row.identities });
  const collaborators = row.collaborators.map(agentFromJson);
  return Object.assign(new Thread(), {
    id: row.id,
    subject: row.subject,
    status: row.status,
    priority: PRIORITY_BY_RANK[row.priority],
    waitingSince: row.waiting_since,
    responseDueAt: row.response_due_at,
    firstResponseAt: row.first_response_at,
    firstResponderId: row.first_responder_id,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    version: row.version,
    preview: row.preview,
    access: 'FULL',
    customerId: row.customer_id,
    queueId: row.queue_id,
    channelId: row.channel_id,
    ownerId: row.owner_id,
    waitChannelId: row.wait_channel_id,
    collaboratorIds: collaborators.map((agent) => agent.id),
    lastActivityAt: row.last_activity_at,
    customer,
    queue: Object.assign(new Queue(), { id: row.queue.id, name: row.queue.name, createdAt: new Date(row.queue.created_at) }),
    channel: channelFromJson(row.channel),
    waitChannel: row.wait_channel ? channelFromJson(row.wait_channel) : null,
    owner: row.owner ? agentFromJson(row.owner) : null,
    collaborators,
    lastMessage: row.last_message ? messageFromRow(row.last_message) : null,
  });
}
