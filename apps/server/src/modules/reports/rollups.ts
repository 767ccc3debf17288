import type { DataSource, EntityManager } from 'typeorm';
import { queryRows } from '../../db/sql.js';
import { emptyTally, mergeTally, readTallies, type Tally } from './tally.js';

export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;

/** A stretch of time roll-ups are kept by: its table, its length, and how far back each pass redoes it. */
export interface RollupUnit {
  table: 'report_day' | 'report_hour';
  ms: number;
  /** Closed units recomputed on every pass, whether stored or not: what changes late (a delivery that fails after the reply) reaches the roll-ups within this. */
  recent: number;
  /** The most stored units one process keeps parsed. */
  kept: number;
}

export const DAYS: RollupUnit = { table: 'report_day', ms: DAY_MS, recent: 7, kept: 420 };
/** Hours serve a report's partial edge days; they are kept for the last HOURS_KEPT_DAYS days. */
export const HOURS: RollupUnit = { table: 'report_hour', ms: HOUR_MS, recent: 3, kept: 24 * 3 };
const HOURS_KEPT_DAYS = 3;

/** The start of the unit at or before `at` (UTC). */
export const unitStart = (at: Date, ms: number): Date => new Date(Math.floor(at.getTime() / ms) * ms);
/** The start of the unit at or after `at`. */
export const unitEnd = (at: Date, ms: number): Date => new Date(Math.ceil(at.getTime() / ms) * ms);
export const dayStart = (at: Date): Date => unitStart(at, DAY_MS);

interface UnitRow { start: Date; key: string; answered: number; in_target: number; breached: number; resolved: number; first_responses: number; hist: Record<string, number> }

/**
 * Report figures per closed UTC day (`report_day`) and hour (`report_hour`) and dimension, so a
 * report over weeks reads a few thousand rows: whole days from days, its partial edge days from
 * hours, only the partial edge hours from the waits themselves (report.service.ts). A unit is
 * computed from the raw rows (tally.ts) once it has closed; the most recent ones are computed
 * again on every pass and written only when their figures changed. Every computed unit has a
 * `total` row, so one without is simply not computed yet, and a report reads it raw.
 */
export class ReportRollups {
  /** Parsed stored units, by unit and start: what `read` merges without reading histograms again. */
  private readonly parsed = new Map<RollupUnit, Map<number, { computedAt: number; tallies: Map<string, Tally> }>>();

  constructor(private readonly dataSource: DataSource) {}

  /**
   * The tallies of whole units in [from, to) that are stored, and the units that are not. A unit's
   * rows are parsed once per process and kept while it stays as stored (its `computed_at`): a
   * report over a month reads 30 short rows, not megabytes of histograms.
   */
  async read(manager: EntityManager, unit: RollupUnit, from: Date, to: Date): Promise<{ tallies: Map<string, Tally>; missing: Date[] }> {
    const kept = this.parsed.get(unit) ?? new Map<number, { computedAt: number; tallies: Map<string, Tally> }>();
    this.parsed.set(unit, kept);
    const versions = await queryRows<{ start: Date; computed_at: Date }>(manager,
      `SELECT start, computed_at FROM ${unit.table} WHERE key = 'total' AND start >= $1 AND start < $2`, [from, to]);
    // This report's units, taken now: another report may evict from `kept` while this one reads.
    const mine = new Map<number, Map<string, Tally>>();
    for (const version of versions) {
      const entry = kept.get(version.start.getTime());
      if (entry?.computedAt === version.computed_at.getTime()) mine.set(version.start.getTime(), entry.tallies);
    }
    const stale = versions.filter((version) => !mine.has(version.start.getTime()));
    if (stale.length > 0) {
      const rows = await queryRows<UnitRow>(manager,
        `SELECT start, key, answered, in_target, breached, resolved, first_responses, hist FROM ${unit.table} WHERE start = ANY($1::timestamptz[])`,
        [stale.map((version) => version.start)]);
      const fresh = new Map(stale.map((version) => [version.start.getTime(), { computedAt: version.computed_at.getTime(), tallies: new Map<string, Tally>() }]));
      for (const row of rows) {
        const hist: Record<number, number> = {};
        for (const [bucket, count] of Object.entries(row.hist)) hist[Number(bucket)] = count;
        fresh.get(row.start.getTime())?.tallies.set(row.key, {
          answered: row.answered, inTarget: row.in_target, breached: row.breached, resolved: row.resolved, firstResponses: row.first_responses, hist,
        });
      }
      for (const [start, entry] of fresh) {
        kept.set(start, entry);
        mine.set(start, entry.tallies);
      }
    }
    const tallies = new Map<string, Tally>();
    for (const unitTallies of mine.values()) {
      // Merged into new objects: the kept ones are never changed.
      for (const [key, tally] of unitTallies) tallies.set(key, mergeTally(tallies.get(key) ?? emptyTally(), tally));
    }
    for (const start of [...kept.keys()].sort((a, b) => a - b).slice(0, Math.max(0, kept.size - unit.kept))) kept.delete(start);
    const stored = new Set(versions.map((version) => version.start.getTime()));
    const missing: Date[] = [];
    for (let start = from.getTime(); start < to.getTime(); start += unit.ms) if (!stored.has(start)) missing.push(new Date(start));
    return { tallies, missing };
  }

  /**
   * Computes the unit starting at `start` from the raw rows and stores it, replacing what was; a
   * unit whose figures did not change is left as it is (its `computed_at` too). True when written.
   */
  async store(unit: RollupUnit, start: Date): Promise<boolean> {
    return this.dataSource.transaction('REPEATABLE READ', async (manager) => {
      const tallies = await readTallies(manager, start, new Date(start.getTime() + unit.ms), false);
      if (!tallies.has('total')) tallies.set('total', emptyTally());
      const keys = [...tallies.keys()].sort();
      const column = <T>(pick: (tally: Tally) => T) => keys.map((key) => pick(tallies.get(key)!));
      const values = [start, keys, column((t) => t.answered), column((t) => t.inTarget), column((t) => t.breached), column((t) => t.resolved),
        column((t) => t.firstResponses), column((t) => JSON.stringify(t.hist))];
      const [same] = await queryRows<{ same: boolean }>(manager, `
        SELECT coalesce((SELECT array_agg(ARRAY[key, answered::text, in_target::text, breached::text, resolved::text, first_responses::text, hist::text] ORDER BY key)
                           FROM ${unit.table} WHERE start = $1)
               = (SELECT array_agg(ARRAY[k, a::text, i::text, b::text, r::text, f::text, h::jsonb::text] ORDER BY k)
                    FROM unnest($2::text[], $3::int[], $4::int[], $5::int[], $6::int[], $7::int[], $8::text[]) AS n(k, a, i, b, r, f, h)), false) AS same`,
        values);
      if (same?.same) return false;
      await manager.query(`DELETE FROM ${unit.table} WHERE start = $1`, [start]);
      await manager.query(
        `INSERT INTO ${unit.table} (start, key, answered, in_target, breached, resolved, first_responses, hist)
         SELECT $1, * FROM unnest($2::text[], $3::int[], $4::int[], $5::int[], $6::int[], $7::int[], $8::jsonb[])`, values);
      return true;
    });
  }

  /**
   * The leader's pass: every closed day of the last `retentionDays` and every closed hour of the
   * last few days not stored yet, and the most recent ones again; older ones go. Returns how many
   * units it wrote (one computed again with the same figures is not written).
   */
  async refresh(retentionDays: number, now = new Date()): Promise<number> {
    return await this.refreshUnit(DAYS, retentionDays * DAY_MS, now) + await this.refreshUnit(HOURS, HOURS_KEPT_DAYS * DAY_MS, now);
  }

  private async refreshUnit(unit: RollupUnit, keepMs: number, now: Date): Promise<number> {
    const current = unitStart(now, unit.ms);
    const oldest = unitStart(new Date(current.getTime() - keepMs), unit.ms);
    await this.dataSource.query(`DELETE FROM ${unit.table} WHERE start < $1`, [oldest]);
    const stored = await queryRows<{ start: Date }>(this.dataSource.manager,
      `SELECT start FROM ${unit.table} WHERE key = 'total' AND start >= $1`, [oldest]);
    const have = new Set(stored.map((row) => row.start.getTime()));
    let written = 0;
    for (let start = oldest.getTime(); start < current.getTime(); start += unit.ms) {
      const recent = start >= current.getTime() - unit.recent * unit.ms;
      if ((recent || !have.has(start)) && await this.store(unit, new Date(start))) written++;
    }
    return written;
  }
}
