import type { RequestHandler } from 'express';
import type { DataSource } from 'typeorm';
import type { Logger } from '../logger.js';
import type { LiveRuntime } from '../live/runtime.js';

/**
 * How long `/healthz` waits for `SELECT 1`. A load balancer must hear "down" at once, also when
 * PostgreSQL hangs instead of refusing (a partition, an exhausted pool), not after its own timeout.
 */
export const HEALTH_PROBE_TIMEOUT_MS = 2_000;

/** `/healthz`: 200 while the database answers within the probe timeout, 503 otherwise. */
export function healthHandler(dataSource: DataSource, live: LiveRuntime, logger: Logger): RequestHandler {
  return async (_req, res) => {
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        dataSource.query('SELECT 1'),
        new Promise((_resolve, reject) => {
          timer = setTimeout(() => reject(new Error(`no answer within ${HEALTH_PROBE_TIMEOUT_MS} ms`)), HEALTH_PROBE_TIMEOUT_MS);
        }),
      ]);
      res.json({ status: 'ok', database: 'up', time: new Date().toISOString(), ...live.health() });
    } catch (error) {
      logger.warn({ err: { message: (error as Error).message, code: (error as { code?: unknown }).code } }, 'health check: database unreachable');
      res.status(503).json({ status: 'unavailable', database: 'down', time: new Date().toISOString() });
    } finally {
      clearTimeout(timer);
    }
  };
}
