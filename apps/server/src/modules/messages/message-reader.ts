import { Field, ObjectType } from 'type-graphql';
import type { DataSource } from 'typeorm';
import { decodeCursor, encodeCursor, PageInfo } from '../pagination.js';
import { Message, messageFromRow, type MessageRow } from './message.model.js';

@ObjectType()
export class MessageEdge {
  @Field()
  cursor!: string;

  @Field(() => Message)
  node!: Message;
}

@ObjectType()
export class MessageConnection {
  @Field(() => [MessageEdge])
  edges!: MessageEdge[];

  @Field(() => PageInfo)
  pageInfo!: PageInfo;
}

const isSeqCursor = (value: unknown): value is { s: string } =>
  typeof value === 'object' && value !== null && typeof (value as { s?: unknown }).s === 'string' && /^\d+$/.test((value as { s: string }).s);

/** Messages in the order the server stored them. Visibility is the thread's, checked by the caller. */
export class MessageReader {
  constructor(private readonly dataSource: DataSource) {}

  async byIds(ids: readonly string[]): Promise<Map<string, Message>> {
    const rows: MessageRow[] = await this.dataSource.query(`SELECT * FROM message WHERE id = ANY($1)`, [[...ids]]);
    return new Map(rows.map((row) => [row.id, messageFromRow(row)]));
  }

  async page(threadId: string, first: number, after: string | null | undefined): Promise<MessageConnection> {
    const afterSeq = after ? decodeCursor(after, isSeqCursor).s : '0';
    const rows: MessageRow[] = await this.dataSource.query(
      `SELECT * FROM message WHERE thread_id = $1 AND seq > $2::bigint ORDER BY seq LIMIT $3`,
      [threadId, afterSeq, first + 1],
    );
    return connectionOf(rows, first);
  }

  /** The same page of many threads in one statement (Thread.messages over a list of threads). */
  async pages(threadIds: readonly string[], first: number, after: string | null | undefined): Promise<Map<string, MessageConnection>> {
    const afterSeq = after ? decodeCursor(after, isSeqCursor).s : '0';
    const rows: Array<MessageRow & { n: string }> = await this.dataSource.query(
      `SELECT * FROM (
         SELECT m.*, row_number() OVER (PARTITION BY m.thread_id ORDER BY m.seq) AS n
           FROM message m WHERE m.thread_id = ANY($1) AND m.seq > $2::bigint
       ) p WHERE p.n <= $3 ORDER BY p.thread_id, p.seq`,
      [[...threadIds], afterSeq, first + 1],
    );
    const byThread = new Map<string, MessageRow[]>(threadIds.map((id) => [id, []]));
    for (const row of rows) byThread.get(row.thread_id)?.push(row);
    return new Map([...byThread].map(([threadId, threadRows]) => [threadId, connectionOf(threadRows, first)]));
  }
}

function connectionOf(rows: MessageRow[], first: number): MessageConnection {
  const edges = rows.slice(0, first).map((row) => ({ cursor: encodeCursor({ s: String(row.seq) }), node: messageFromRow(row) }));
  return { edges, pageInfo: { hasNextPage: rows.length > first, endCursor: edges.at(-1)?.cursor ?? null } };
}
