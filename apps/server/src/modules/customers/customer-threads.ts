import type { DataSource } from 'typeorm';
import { SqlParams } from '../../db/sql.js';
import { encodeCursor } from '../pagination.js';
import { ThreadOrder } from '../threads/thread.enums.js';
import { threadVisibleSql, type Viewer } from '../threads/visibility.js';

/** The first page of one customer's threads, as ids: the thread rows are read once for all customers. */
export interface CustomerThreadPage {
  edges: Array<{ id: string; cursor: string }>;
  hasNextPage: boolean;
  totalCount: number;
}

/**
 * Customer.threads' first page (NEWEST) for many customers in one statement, with the threads the
 * viewer may see (visibility.ts) and each one's total. Cursors are ThreadReader.list's NEWEST
 * cursors (the order's keys as text), so `after` pages on through the one list reader.
 */
export async function customerThreadPages(dataSource: DataSource, viewer: Viewer, customerIds: readonly string[], first: number): Promise<Map<string, CustomerThreadPage>> {
  const params = new SqlParams();
  const rows: Array<{ customer_id: string; id: string; k0: string; k1: string; n: string; total: string }> = await dataSource.query(
    `SELECT * FROM (
       SELECT t.customer_id, t.id, (t.last_activity_at)::text AS k0, (t.id)::text AS k1,
              row_number() OVER (PARTITION BY t.customer_id ORDER BY t.last_activity_at DESC, t.id DESC) AS n,
              count(*) OVER (PARTITION BY t.customer_id) AS total
         FROM thread t WHERE t.customer_id = ANY(${params.add([...customerIds])}) AND ${threadVisibleSql(viewer, params)}
     ) p WHERE p.n <= ${params.add(first + 1)} ORDER BY p.customer_id, p.n`,
    params.values,
  );
  const pages = new Map<string, CustomerThreadPage>(customerIds.map((id) => [id, { edges: [], hasNextPage: false, totalCount: 0 }]));
  for (const row of rows) {
    const page = pages.get(row.customer_id);
    if (!page) continue;
    page.totalCount = Number(row.total);
    if (Number(row.n) > first) page.hasNextPage = true;
    else page.edges.push({ id: row.id, cursor: encodeCursor({ o: ThreadOrder.NEWEST, k: [row.k0, row.k1] }) });
  }
  return pages;
}
