import type { DataSource, EntityManager } from 'typeorm';
import { queryRows } from '../../db/sql.js';
import { emptyTally, mergeTally, readTallies, type Tally } from './tally.js';

export const DAY_MS = 86_400_000;
/** Closed days recomputed on every pass, whether stored or not: what changes late (a delivery that fails a day after the reply) reaches the roll-ups within this. */
export const RECENT_DAYS = 7;

/** Midnight UTC at or before `at`. */
export const dayStart = (at: Date): Date => new Date(Math.floor(at.getTime() / DAY_MS) * DAY_MS);

interface DayRow { day: string; key: string; answered: number; in_target: number; breached: number; resolved: number; first_responses: number; hist: Record<string, number> }

/**
 * Report figures per closed UTC day and dimension (`report_day`), so a report over weeks reads a
 * few thousand rows. A day is computed from the raw rows (tally.ts) when it has closed; the last
 * RECENT_DAYS are computed again on every pass. Every computed day has a `total` row, so a day
 * without one is simply not computed yet, and a report reads it raw.
 */
export class ReportRollups {
  constructor(private readonly dataSource: DataSource) {}

  /** The tallies of whole days [fromDay, toDay) that are stored, and the days that are not. */
  async read(manager: EntityManager, fromDay: Date, toDay: Date): Promise<{ tallies: Map<string, Tally>; missing: Date[] }> {
    const rows = await queryRows<DayRow>(manager,
      `SELECT to_char(day, 'YYYY-MM-DD') AS day, key, answered, in_target, breached, resolved, first_responses, hist
         FROM report_day WHERE day >= $1::date AND day < $2::date`, [isoDay(fromDay), isoDay(toDay)]);
    const tallies = new Map<string, Tally>();
    const stored = new Set<string>();
    for (const row of rows) {
      if (row.key === 'total') stored.add(row.day);
      const hist: Record<number, number> = {};
      for (const [bucket, count] of Object.entries(row.hist)) hist[Number(bucket)] = count;
      const tally = tallies.get(row.key) ?? emptyTally();
      tallies.set(row.key, mergeTally(tally, {
        answered: row.answered, inTarget: row.in_target, breached: row.breached, resolved: row.resolved, firstResponses: row.first_responses, hist,
      }));
    }
    const missing: Date[] = [];
    for (let day = fromDay.getTime(); day < toDay.getTime(); day += DAY_MS) {
      if (!stored.has(isoDay(new Date(day)))) missing.push(new Date(day));
    }
    return { tallies, missing };
  }

  /** Computes day `day` (a UTC midnight) from the raw rows and stores it, replacing what was. */
  async store(day: Date): Promise<void> {
    await this.dataSource.transaction('REPEATABLE READ', async (manager) => {
      const tallies = await readTallies(manager, day, new Date(day.getTime() + DAY_MS), false);
      if (!tallies.has('total')) tallies.set('total', emptyTally());
      const keys = [...tallies.keys()];
      const column = <T>(pick: (tally: Tally) => T) => keys.map((key) => pick(tallies.get(key)!));
      await manager.query(`DELETE FROM report_day WHERE day = $1::date`, [isoDay(day)]);
      await manager.query(
        `INSERT INTO report_day (day, key, answered, in_target, breached, resolved, first_responses, hist)
         SELECT $1::date, * FROM unnest($2::text[], $3::int[], $4::int[], $5::int[], $6::int[], $7::int[], $8::jsonb[])`,
        [isoDay(day), keys, column((t) => t.answered), column((t) => t.inTarget), column((t) => t.breached), column((t) => t.resolved),
          column((t) => t.firstResponses), column((t) => JSON.stringify(t.hist))]);
    });
  }

  /**
   * The leader's pass: every closed day of the last `retentionDays` not stored yet, and the last
   * RECENT_DAYS again; days older than the retention go. Returns how many days it computed.
   */
  async refresh(retentionDays: number, now = new Date()): Promise<number> {
    const today = dayStart(now);
    const oldest = new Date(today.getTime() - retentionDays * DAY_MS);
    await this.dataSource.query(`DELETE FROM report_day WHERE day < $1::date`, [isoDay(oldest)]);
    const stored = await queryRows<{ day: string }>(this.dataSource.manager,
      `SELECT to_char(day, 'YYYY-MM-DD') AS day FROM report_day WHERE key = 'total' AND day >= $1::date`, [isoDay(oldest)]);
    const have = new Set(stored.map((row) => row.day));
    let computed = 0;
    for (let day = oldest.getTime(); day < today.getTime(); day += DAY_MS) {
      const recent = day >= today.getTime() - RECENT_DAYS * DAY_MS;
      if (recent || !have.has(isoDay(new Date(day)))) {
        await this.store(new Date(day));
        computed++;
      }
    }
    return computed;
  }
}

export function isoDay(day: Date): string {
  return day.toISOString().slice(0, 10);
}
