import http from 'node:http';
import { createDataSource, type DataSourceOptions } from '@switchboard/server/db/data-source.js';
import { ENTITIES } from '@switchboard/server/modules/entities.js';

// What the board and report benchmarks share: the contact center they seed, one POST that keeps
// the raw body, and the server's data source with its statements captured.

/** Beside "General": 20 queues in all. */
export const EXTRA_QUEUES = ['Accounts', 'Back office', 'Billing', 'Chat', 'Community', 'E-mail care', 'Escalations', 'Facebook', 'Fraud',
  'French', 'German', 'Mobile', 'Onboarding', 'Retention', 'Returns', 'Sales', 'Spanish', 'Twitter', 'Voice callbacks'];
/** Per channel kind: its target (s), the queue it routes to, its share of the waits. */
export const CHANNELS: ReadonlyArray<[kind: string, targetSeconds: number, queue: string, share: number]> = [
  ['EMAIL', 14_400, 'E-mail care', 0.35], ['SMS', 300, 'Mobile', 0.15], ['FACEBOOK', 3_600, 'Facebook', 0.12], ['TWITTER', 3_600, 'Twitter', 0.1],
  ['VOICE', 900, 'Voice callbacks', 0.1], ['FORUM', 86_400, 'Community', 0.1], ['CHAT', 120, 'Chat', 0.08],
];

/** What a seed reports: who reads, how long it took and its slow steps, what it made. */
export interface SeedReport {
  supervisorEmail: string;
  seconds: number;
  /** The slow steps and their seconds. */
  steps: Array<[string, number]>;
  counts: Array<[string, number]>;
}

/** A seed's statements, the labelled ones timed into `steps`. */
export function timedSteps(db: { query(sql: string, params?: unknown[]): Promise<unknown> }, now: () => number) {
  const steps: Array<[string, number]> = [];
  const q = async (sql: string, params: unknown[] = [], label?: string): Promise<void> => {
    const t = now();
    await db.query(sql, params);
    if (label) steps.push([label, (now() - t) / 1000]);
  };
  return { q, steps };
}

/** The password of the SUPERVISOR a seed creates. */
export const SUPERVISOR_PASSWORD = 'supervisor-password';

const keepAlive = new http.Agent({ keepAlive: true, maxSockets: 4 });

/** Closes the kept-alive sockets of `post`. */
export function closePosts(): void {
  keepAlive.destroy();
}

/** One POST /graphql on a kept-alive socket, keeping the raw body: its size is part of the report. */
export function post(endpoint: URL, token: string, query: string, variables: Record<string, unknown> = {}): Promise<{ status: number; text: string }> {
  const body = JSON.stringify({ query, variables });
  return new Promise((resolve, reject) => {
    const req = http.request(endpoint, {
      method: 'POST',
      agent: keepAlive,
      headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), authorization: `Bearer ${token}` },
    }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', reject);
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

export interface Captured {
  sql: string;
  params: unknown[];
}

/** The server's data source and entities on `url`; `capture.into` collects the statements sent while set. */
export async function capturingDataSource(url: string, applicationName: string) {
  const capture: { into: Captured[] | null } = { into: null };
  const queryLogger: NonNullable<DataSourceOptions['queryLogger']> = {
    logQuery: (sql, parameters) => void capture.into?.push({ sql, params: Array.isArray(parameters) ? parameters : [] }),
    logQueryError: () => undefined,
    logQuerySlow: () => undefined,
    logSchemaBuild: () => undefined,
    logMigration: () => undefined,
    log: () => undefined,
  };
  const dataSource = createDataSource({ url, entities: ENTITIES, poolSize: 2, applicationName, queryLogger });
  await dataSource.initialize();
  return { dataSource, capture };
}
