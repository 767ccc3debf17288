import type { DataSource, EntityManager } from 'typeorm';
import type { Transactions } from '../../events/transactions.js';
import { SystemEventType } from '../../events/event-types.js';
import { DomainError, badInput, ErrorCode, notFound } from '../../errors.js';
import { containsPattern, searchWords } from '../../db/search.js';
import { decodeCursor, encodeCursor, } from '../pagination.js';
import { SqlParams } from '../../db/sql.js';
import { threadVisibleSql, type Viewer } from '../threads/visibility.js';
import type { ChannelKind } from '../channels/channel.entity.js';
import { AddressError, normalizeAddress } from './addresses.js';
import { Customer, type CustomerConnection, type CustomerIdentity } from './customer.model.js';
import { customerThreadPages, type CustomerThreadPage } from './customer-threads.js';
import { followCustomer, mergeCustomers } from './customer-merge.js';

const isIdCursor = (value: unknown): value is { id: string } =>
  typeof value === 'object' && value !== null && typeof (value as { id?: unknown }).id === 'string';

/** Customers and the addresses they reach us on. */
export class CustomerService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly transactions: Transactions,
  ) {}

  /** A customer is visible to an agent who can see one of their threads; supervisors see all. */
  private visibleSql(viewer: Viewer, params: SqlParams): string {
    if (viewer.seesAll) return 'TRUE';
    return `EXISTS (SELECT 1 FROM thread t WHERE t.customer_id = c.id AND ${threadVisibleSql(viewer, params)})`;
  }

  /** By id; a merged customer's id gives the customer it was merged into. */
  async byIds(viewer: Viewer, ids: readonly string[], manager: EntityManager = this.dataSource.manager): Promise<Map<string, Customer>> {
    const params = new SqlParams();
    const rows: Array<CustomerRow & { asked: string }> = await manager.query(
      `SELECT asked.id AS asked, c.id, c.name, ${IDENTITIES}
         FROM customer asked JOIN customer c ON c.id = coalesce(asked.merged_into_id, asked.id)
        WHERE asked.id = ANY(${params.add([...ids])}) AND ${this.visibleSql(viewer, params)}`,
      params.values,
    );
    return new Map(rows.map((row) => [row.asked, customerFromRow(row)]));
  }

  /** mergeCustomers: `fromId` folds into `intoId` (customer-merge.ts); both must be visible. */
  async merge(viewer: Viewer, actorId: string | null, intoId: string, fromId: string): Promise<void> {
    await mergeCustomers(this.transactions, async (manager, ids) => {
      const params = new SqlParams();
      const rows: Array<{ id: string }> = await manager.query(
        `SELECT c.id FROM customer c WHERE c.id = ANY(${params.add(ids)}) AND ${this.visibleSql(viewer, params)}`, params.values);
      return new Set(rows.map((row) => row.id));
    }, actorId, intoId, fromId);
  }

  /** Newest first; `search` matches words in the name or any address. */
  async list(viewer: Viewer, search: string | null | undefined, first: number, after: string | null | undefined): Promise<CustomerConnection> {
    const params = new SqlParams();
    const where = [this.visibleSql(viewer, params)];
    if (search != null) {
      for (const word of searchWords(search, 'search')) {
        const pattern = params.add(containsPattern(word));
        where.push(`(c.name ILIKE ${pattern} OR EXISTS (SELECT 1 FROM customer_identity si WHERE si.customer_id = c.id AND si.address ILIKE ${pattern}))`);
      }
    }
    if (after) where.push(`c.id < ${params.add(decodeCursor(after, isIdCursor).id)}`);
    const rows: CustomerRow[] = await this.dataSource.query(
      `SELECT c.id, c.name, ${IDENTITIES} FROM customer c WHERE c.merged_into_id IS NULL AND ${where.join(' AND ')}
        ORDER BY c.id DESC LIMIT ${params.add(first + 1)}`,
      params.values,
    );
    const edges = rows.slice(0, first).map((row) => ({ cursor: encodeCursor({ id: row.id }), node: customerFromRow(row) }));
    return { edges, pageInfo: { hasNextPage: rows.length > first, endCursor: edges.at(-1)?.cursor ?? null } };
  }

  /** The first page of each customer's threads the viewer may see, newest first (one statement). */
  threadPages(viewer: Viewer, customerIds: readonly string[], first: number): Promise<Map<string, CustomerThreadPage>> {
    return customerThreadPages(this.dataSource, viewer, customerIds, first);
  }

  /** Records another address; one that belongs to someone else is refused, naming its owner. */
  async addIdentity(viewer: Viewer, actorId: string | null, asked: string, channelKind: ChannelKind, rawAddress: string): Promise<void> {
    let address: string;
    try {
      address = normalizeAddress(channelKind, rawAddress);
    } catch (error) {
      if (error instanceof AddressError) throw badInput('address', error.message);
      throw error;
    }
    await this.transactions.run(async ({ manager, emit }) => {
      if (!(await this.byIds(viewer, [asked], manager)).has(asked)) throw notFound('Customer', asked);
      // The same lock as ingest: an address is claimed by one customer at a time.
      await manager.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [`sender:${channelKind}:${address}`]);
      // A customer being merged is waited for; a merged one's new address goes to its survivor.
      const customerId = await followCustomer(manager, asked);
      const owner: Array<{ customer_id: string; name: string }> = await manager.query(
        `SELECT ci.customer_id, c.name FROM customer_identity ci JOIN customer c ON c.id = ci.customer_id
          WHERE ci.channel_kind = $1 AND ci.address = $2`, [channelKind, address]);
      if (owner[0]?.customer_id === customerId) return;
      if (owner[0]) {
        throw new DomainError(ErrorCode.BAD_USER_INPUT, `address: ${address} already belongs to customer ${owner[0].name} (${owner[0].customer_id})`, {
          field: 'address',
          ownerId: owner[0].customer_id,
          ownerName: owner[0].name,
        });
      }
      await manager.query(`INSERT INTO customer_identity (customer_id, channel_kind, address) VALUES ($1, $2, $3)`, [customerId, channelKind, address]);
      await manager.query(`UPDATE customer SET updated_at = now() WHERE id = $1`, [customerId]);
      emit({ type: SystemEventType.CUSTOMER_IDENTITY_ADDED, actorId, data: { customerId, channelKind, address } });
    });
  }
}

const IDENTITIES = `(SELECT coalesce(json_agg(json_build_object('channelKind', ci.channel_kind, 'address', ci.address)
  ORDER BY ci.created_at, ci.address), '[]') FROM customer_identity ci WHERE ci.customer_id = c.id) AS identities`;

interface CustomerRow {
  id: string;
  name: string;
  identities: CustomerIdentity[];
}

function customerFromRow(row: CustomerRow): Customer {
  return Object.assign(new Customer(), { id: row.id, name: row.name, identities: row.identities });
}
