import { DataSource, type DataSourceOptions as DataSourceOptionsOf, type EntityManager, type Logger as TypeOrmLogger } from 'typeorm';
import { POOL_DEFAULTS } from '../config.js';
import { InitialDataModel1763830000000 } from './migrations/1763830000000-initial-data-model.js';
import { EventRetention1763830000001 } from './migrations/1763830000001-event-retention.js';
import { Webhooks1763830000010 } from './migrations/1763830000010-webhooks.js';
import { EventVisibilityIndexes1763830000030 } from './migrations/1763830000030-event-visibility-indexes.js';
import { Limits1763830000020 } from './migrations/1763830000020-limits.js';
import { WaitEpisodes1763830000040 } from './migrations/1763830000040-wait-episodes.js';
import { BreachTimer1763830000050 } from './migrations/1763830000050-breach-timer.js';
import { Board1763830000060 } from './migrations/1763830000060-board.js';
import { Reports1763830000070 } from './migrations/1763830000070-reports.js';
import { BoardOwners1763830000080 } from './migrations/1763830000080-board-owners.js';
import { ChannelNames1763830000090 } from './migrations/1763830000090-channel-names.js';
import { Demo1763830000100 } from './migrations/1763830000100-demo.js';
import { LongestWaiting1763830000110 } from './migrations/1763830000110-longest-waiting.js';

export const MIGRATIONS = [InitialDataModel1763830000000, EventRetention1763830000001, Webhooks1763830000010, Limits1763830000020, EventVisibilityIndexes1763830000030,
  WaitEpisodes1763830000040, BreachTimer1763830000050, Board1763830000060, Reports1763830000070, BoardOwners1763830000080,
  ChannelNames1763830000090, Demo1763830000100, LongestWaiting1763830000110];

export interface DataSourceOptions {
  url: string;
  /** The TypeORM entities (modules/entities.ts); none are needed to run migrations. */
  entities?: DataSourceOptionsOf['entities'];
  /** Most sessions the pool opens; the process adds its one LISTEN session (live/event-feed.ts). */
  poolSize?: number;
  /** Waiting longer than this for a pooled or new connection fails the statement. */
  connectTimeoutMs?: number;
  idleTimeoutMs?: number;
  applicationName?: string;
  /** Tests count statements through it. */
  queryLogger?: TypeOrmLogger;
}

/** Schema changes go through MIGRATIONS only: `synchronize` stays off everywhere. */
export function createDataSource({
  url,
  entities = [],
  poolSize = POOL_DEFAULTS.size,
  connectTimeoutMs = POOL_DEFAULTS.connectTimeoutMs,
  idleTimeoutMs = POOL_DEFAULTS.idleTimeoutMs,
  applicationName = 'switchboard',
  queryLogger,
}: DataSourceOptions): DataSource {
  return new DataSource({
    type: 'postgres',
    url,
    entities,
    migrations: MIGRATIONS,
    migrationsTableName: 'migrations',
    synchronize: false,
    migrationsRun: false,
    logging: queryLogger ? ['query'] : false,
    ...(queryLogger ? { logger: queryLogger } : {}),
    extra: {
      max: poolSize,
      // Without it a request waits forever for a connection while PostgreSQL is down or the pool
      // is exhausted; with it, it fails fast and the client gets SERVICE_UNAVAILABLE.
      connectionTimeoutMillis: connectTimeoutMs,
      idleTimeoutMillis: idleTimeoutMs,
      application_name: applicationName,
      // A stalled transaction must not hold the event-log lock (and every writer behind it).
      options: '-c idle_in_transaction_session_timeout=30000 -c statement_timeout=30000',
    },
  });
}

export async function runMigrations(dataSource: DataSource): Promise<string[]> {
  const applied = await dataSource.runMigrations({ transaction: 'each' });
  return applied.map((migration) => migration.name);
}

export type { EntityManager };

/** The URL behind a data source, for sessions of their own (LISTEN, the breach timer's lock). */
export function databaseUrlOf(dataSource: DataSource): string {
  const url = (dataSource.options as { url?: string }).url;
  if (!url) throw new Error('the data source has no URL for a session of its own');
  return url;
}
