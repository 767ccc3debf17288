import type { EntityManager } from 'typeorm';

/**
 * The rows of a statement. TypeORM's `manager.query` answers UPDATE and DELETE with
 * `[rows, affected]` but SELECT and INSERT with rows: use this for `… RETURNING`.
 */
export async function queryRows<T>(manager: EntityManager, sql: string, params: unknown[] = []): Promise<T[]> {
  const runner = manager.queryRunner ?? manager.connection.createQueryRunner();
  try {
    const result = await runner.query(sql, params, true);
    return result.records as T[];
  } finally {
    if (!manager.queryRunner) await runner.release();
  }
}

/** Builds `$n` placeholders while collecting their values. */
export class SqlParams {
  readonly values: unknown[] = [];

  add(value: unknown, cast?: string): string {
    this.values.push(value);
    return cast ? `$${this.values.length}::${cast}` : `$${this.values.length}`;
  }
}
