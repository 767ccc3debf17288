import type pg from 'pg';
import { BoardService } from '@switchboard/server/modules/board/board.service.js';
import { summarize, type Summary } from './stats.js';
import { capturingDataSource } from './bench-shared.js';

// The board bench's in-process measurement of BoardService.compute() and its statements (bench/src/board.ts).

export interface Explained {
  name: string;
  medianMs: number;
  executionMs: number;
  planningMs: number;
  top: string;
  relations: string[];
  /** The scans, with their index and heap fetches. */
  nodes: string[];
  text: string;
}

/** A short name for a captured statement, for the report. */
function nameOf(sql: string): string {
  if (/GROUP BY wait_channel_id, queue_id/.test(sql)) return 'waiting: (channel, queue) pairs';
  if (/OFFSET ceil/.test(sql)) return 'median and p90 probes per channel';
  if (/json_agg/.test(sql)) return 'held threads per agent (count, first 5)';
  if (/UNION ALL/.test(sql)) return 'longest waiting per channel, queue';
  if (/FROM wait_episode/.test(sql)) return 'last hour\'s answers (wait_episode)';
  if (/FROM agent_queue/.test(sql)) return 'online members per queue';
  if (/FROM "channel"/.test(sql)) return 'channels';
  if (/FROM "queue"/.test(sql)) return 'queues';
  if (/FROM "agent"/.test(sql)) return 'active agents';
  if (/^SELECT a\.id/.test(sql.trim())) return 'presence (fingerprint)';
  if (/now\(\) AS as_of/.test(sql)) return 'asOf';
  return sql.replace(/\s+/g, ' ').slice(0, 40);
}

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  'Actual Rows'?: number;
  'Actual Total Time'?: number;
  'Heap Fetches'?: number;
  Plans?: PlanNode[];
}

function walk(node: PlanNode, visit: (node: PlanNode) => void): void {
  visit(node);
  for (const child of node.Plans ?? []) walk(child, visit);
}

/**
 * The board service as the server runs it (its DataSource and entities), timed here without HTTP
 * or GraphQL; the statements it sends are captured, then each is timed alone and explained in a
 * REPEATABLE READ READ ONLY transaction, as the service runs them.
 */
export async function measureService(url: string, db: pg.Client, runs: number): Promise<{ compute: Summary; statements: Explained[] }> {
  const { dataSource, capture } = await capturingDataSource(url, 'board-bench');
  try {
    const service = new BoardService(dataSource);
    for (let i = 0; i < 5; i++) await service.compute();
    capture.into = [];
    await service.compute();
    const statements = capture.into.filter((s) => /^\s*SELECT/i.test(s.sql));
    capture.into = null;
    const samples: number[] = [];
    for (let i = 0; i < runs; i++) {
      const t = performance.now();
      await service.compute();
      samples.push(performance.now() - t);
    }

    const explained: Explained[] = [];
    await db.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    try {
      for (const { sql, params } of statements) {
        const times: number[] = [];
        for (let i = 0; i < 11; i++) {
          const t = performance.now();
          await db.query(sql, params);
          times.push(performance.now() - t);
        }
        const { rows: [json] } = await db.query<{ 'QUERY PLAN': Array<{ Plan: PlanNode; 'Execution Time': number; 'Planning Time': number }> }>(
          `EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ${sql}`, params);
        const { rows: textRows } = await db.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) ${sql}`, params);
        const plan = json!['QUERY PLAN'][0]!;
        const relations = new Set<string>();
        const nodes: string[] = [];
        walk(plan.Plan, (node) => {
          if (node['Relation Name']) relations.add(node['Relation Name']);
          if (/Scan/.test(node['Node Type'])) {
            nodes.push(`${node['Node Type']}${node['Index Name'] ? ` using ${node['Index Name']}` : node['Relation Name'] ? ` on ${node['Relation Name']}` : ''}`
              + `${node['Heap Fetches'] !== undefined ? ` (heap fetches ${node['Heap Fetches']})` : ''}`);
          }
        });
        explained.push({
          name: nameOf(sql),
          medianMs: summarize(times).p50,
          executionMs: plan['Execution Time'],
          planningMs: plan['Planning Time'],
          top: plan.Plan['Node Type'],
          relations: [...relations],
          nodes: [...new Set(nodes)],
          text: textRows.map((r) => r['QUERY PLAN']).join('\n'),
        });
      }
    } finally {
      await db.query('COMMIT');
    }
    return { compute: summarize(samples), statements: explained };
  } finally {
    await dataSource.destroy();
  }
}

