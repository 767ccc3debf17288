import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { pino } from 'pino';
import { createDataSource, runMigrations } from '../../apps/server/src/db/data-source.js';
import { startEmbeddedPostgres } from '../../apps/server/src/db/embedded-postgres.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** From test/support/global-setup.ts: the run's PostgreSQL and its migrated template. */
    postgres: { adminUrl: string; template: string };
  }
}

export interface TestPostgres {
  /** A superuser (or CREATEDB) URL of the `postgres` database. */
  adminUrl: string;
  /** The migrated database each test file clones. */
  template: string;
  stop(): Promise<void>;
}

/** DATABASE_URL when set, else an embedded PostgreSQL in a temporary folder on a free port. */
export async function startTestPostgres(): Promise<TestPostgres> {
  let adminUrl = process.env.DATABASE_URL;
  let stopCluster = async () => undefined as void;
  let dataDir: string | undefined;
  if (!adminUrl) {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'switchboard-test-'));
    fs.chmodSync(dataDir, 0o755); // the `postgres` user must reach pgdata/ inside it when run as root
    const embedded = await startEmbeddedPostgres({
      dataDir,
      port: await freePort(),
      logger: pino({ level: 'warn' }),
    });
    adminUrl = embedded.url;
    stopCluster = embedded.stop;
  }
  const template = `sb_template_${process.pid}`;
  await admin(adminUrl, async (client) => {
    await client.query(`DROP DATABASE IF EXISTS ${template}`);
    await client.query(`CREATE DATABASE ${template}`);
  });
  const dataSource = createDataSource({ url: withDatabase(adminUrl, template), poolSize: 2 });
  await dataSource.initialize();
  await runMigrations(dataSource);
  await dataSource.destroy();

  return {
    adminUrl,
    template,
    stop: async () => {
      await admin(adminUrl, async (client) => {
        const leftovers = await client.query<{ datname: string }>(
          `SELECT datname FROM pg_database WHERE datname LIKE $1 OR datname = $2`,
          [`sb_test_${process.pid}_%`, template],
        );
        for (const { datname } of leftovers.rows) await client.query(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`);
      }).catch(() => undefined);
      await stopCluster();
      if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

let counter = 0;

/** A fresh database for one test file, cloned from the migrated template in a few milliseconds. */
export async function createTestDatabase(adminUrl: string, template: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `sb_test_${template.replace('sb_template_', '')}_${process.pid}_${Date.now().toString(36)}_${counter++}`;
  await admin(adminUrl, (client) => client.query(`CREATE DATABASE ${name} TEMPLATE ${template}`));
  return {
    url: withDatabase(adminUrl, name),
    drop: () => admin(adminUrl, (client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined),
  };
}

export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

async function admin<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export async function freePort(): Promise<number> {
  const net = await import('node:net');
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}
