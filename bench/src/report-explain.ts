import type pg from 'pg';
import { ReportRollups } from '@switchboard/server/modules/reports/rollups.js';
import { ReportService } from '@switchboard/server/modules/reports/report.service.js';
import { summarize, type Summary } from './stats.js';
import { capturingDataSource } from './bench-shared.js';

// The report bench's in-process side (bench/src/report.ts): ReportService on the server's own
// DataSource, its statements captured (TypeORM's query logger), timed alone and explained.

export interface Explained {
  name: string;
  sql: string;
  params: unknown[];
  medianMs: number;
  executionMs: number;
  planningMs: number;
  /** Rows the statement returns to the server. */
  rows: number;
  /** The scans: type, index, rows, heap fetches. */
  scans: string[];
  /** Its time range is read by an index-only scan of its own index (migration 0070), and nothing else scans wait_episode, event or thread. */
  indexOnly: boolean;
  /** Heap fetches of those index-only scans (pages changed since the last VACUUM). */
  heapFetches: number;
  /** Rows of `thread` read by primary key (the resolved count's channel, one per event). */
  threadProbes: number;
  text: string;
}

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  'Actual Rows'?: number;
  'Actual Loops'?: number;
  'Heap Fetches'?: number;
  Plans?: PlanNode[];
}

function walk(node: PlanNode, visit: (node: PlanNode) => void): void {
  visit(node);
  for (const child of node.Plans ?? []) walk(child, visit);
}

const hours = (params: unknown[]) => {
  const [from, to] = params;
  return from instanceof Date && to instanceof Date ? ` [${((to.getTime() - from.getTime()) / 3_600_000).toFixed(1)} h]` : '';
};

/** A short name for a captured statement, for the report. */
export function nameOf(sql: string, params: unknown[]): string {
  if (/FROM wait_episode WHERE answered_at/.test(sql)) return (/CASE WHEN/.test(sql) ? 'answered, by bucket' : 'answered, by second') + hours(params);
  if (/FROM wait_episode WHERE due_at/.test(sql)) return `breached${hours(params)}`;
  if (/FROM event e JOIN thread/.test(sql)) return `resolved${hours(params)}`;
  if (/first_responder_id AS agent_id/.test(sql)) return `first responses${hours(params)}`;
  if (/FROM report_day/.test(sql)) return 'roll-ups (report_day)';
  if (/FROM report_hour/.test(sql)) return 'roll-ups (report_hour)';
  if (/FROM "channel"/.test(sql)) return 'channels';
  if (/FROM "queue"/.test(sql)) return 'queues';
  if (/FROM agent WHERE active/.test(sql)) return 'agent ids';
  if (/FROM "agent"/.test(sql)) return 'agents';
  return sql.replace(/\s+/g, ' ').slice(0, 40);
}

/** The indexes the raw reads must be answered from alone (migration 0070). */
const TIME_INDEXES = ['wait_episode_answered_idx', 'wait_episode_due_idx', 'event_resolved_idx', 'thread_first_response_idx'];

/** Reads on wait_episode, event and thread: the ones that must be answered from indexes alone. */
const RAW = /^(answered|breached|resolved|first responses)/;

export interface InProcess {
  dataSource: Awaited<ReturnType<typeof capturingDataSource>>['dataSource'];
  service: ReportService;
  /** ReportService.report(from, to) `runs` times (after 3 warm-ups). */
  time(window: () => [Date, Date], runs: number): Promise<Summary>;
  /** The statements one report(from, to) sends, each timed alone (p50 of 7) and explained. */
  explain(db: pg.Client, from: Date, to: Date): Promise<Explained[]>;
  close(): Promise<void>;
}

export async function inProcess(url: string): Promise<InProcess> {
  const { dataSource, capture } = await capturingDataSource(url, 'report-bench');
  const service = new ReportService(dataSource, new ReportRollups(dataSource));

  const time = async (window: () => [Date, Date], runs: number) => {
    for (let i = 0; i < 3; i++) await service.report(...window());
    const samples: number[] = [];
    for (let i = 0; i < runs; i++) {
      const [from, to] = window();
      const t = performance.now();
      await service.report(from, to);
      samples.push(performance.now() - t);
    }
    return summarize(samples);
  };

  const explain = async (db: pg.Client, from: Date, to: Date) => {
    capture.into = [];
    await service.report(from, to);
    const statements = capture.into.filter((s) => /^\s*SELECT/i.test(s.sql));
    capture.into = null;
    const explained: Explained[] = [];
    await db.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    try {
      for (const { sql, params } of statements) {
        const times: number[] = [];
        let rows = 0;
        for (let i = 0; i < 7; i++) {
          const t = performance.now();
          rows = (await db.query(sql, params)).rowCount ?? 0;
          times.push(performance.now() - t);
        }
        const { rows: [json] } = await db.query<{ 'QUERY PLAN': Array<{ Plan: PlanNode; 'Execution Time': number; 'Planning Time': number }> }>(
          `EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ${sql}`, params);
        const { rows: textRows } = await db.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) ${sql}`, params);
        const plan = json!['QUERY PLAN'][0]!;
        const scans: string[] = [];
        let indexOnly = true;
        let timeIndex = false;
        let heapFetches = 0;
        let threadProbes = 0;
        walk(plan.Plan, (node) => {
          if (!/Scan/.test(node['Node Type'])) return;
          const target = node['Index Name'] ? ` using ${node['Index Name']}` : node['Relation Name'] ? ` on ${node['Relation Name']}` : '';
          const loops = (node['Actual Loops'] ?? 1) > 1 ? ` x ${node['Actual Loops']} loops` : '';
          scans.push(`${node['Node Type']}${target} (${node['Actual Rows'] ?? '?'} rows${loops}`
            + `${node['Heap Fetches'] !== undefined ? `, heap fetches ${node['Heap Fetches']}` : ''})`);
          const index = node['Index Name'] ?? '';
          if (TIME_INDEXES.includes(index) && node['Node Type'] === 'Index Only Scan') {
            timeIndex = true;
            heapFetches += node['Heap Fetches'] ?? 0;
          } else if (index === 'thread_pkey') {
            threadProbes += (node['Actual Rows'] ?? 0) * (node['Actual Loops'] ?? 1);
          } else if (['wait_episode', 'event', 'thread'].includes(node['Relation Name'] ?? '')) {
            indexOnly = false;
          }
        });
        const name = nameOf(sql, params);
        explained.push({
          name, sql, params, rows,
          medianMs: summarize(times).p50,
          executionMs: plan['Execution Time'],
          planningMs: plan['Planning Time'],
          scans: [...new Set(scans)],
          indexOnly: RAW.test(name) ? indexOnly && timeIndex : true,
          heapFetches,
          threadProbes,
          text: textRows.map((r) => r['QUERY PLAN']).join('\n'),
        });
      }
    } finally {
      await db.query('COMMIT');
    }
    return explained;
  };

  return { dataSource, service, time, explain, close: () => dataSource.destroy() };
}
