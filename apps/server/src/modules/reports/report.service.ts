import type { DataSource, EntityManager } from 'typeorm';
import { badInput } from '../../errors.js';
import { queryRows } from '../../db/sql.js';
import { Agent } from '../agents/agent.entity.js';
import { Channel } from '../channels/channel.entity.js';
import { Queue } from '../queues/queue.entity.js';
import { Report, ResponseFigures } from './report.model.js';
import { DAY_MS, DAYS, HOUR_MS, HOURS, unitEnd, unitStart, type ReportRollups, type RollupUnit } from './rollups.js';
import { emptyTally, mergeTally, percentileOf, readTallies, type Tally } from './tally.js';

/** The longest period a report covers (the event log's retention bounds what it can say anyway). */
export const MAX_REPORT_DAYS = 400;

/**
 * Response figures over [from, to) (issue 13): in total, per channel (the channel whose message
 * set the due time), per queue (the thread's queue when the wait ended) and per agent (the waits
 * their replies ended, and the threads whose first response they sent). Up to a day, everything
 * is read from the waits themselves and exact; over longer periods, whole UTC days come from the
 * daily roll-ups (rollups.ts), the partial edge days' whole hours from the hourly ones, and only
 * the partial edge hours from the waits: counts stay exact, and percentiles
 * come from response-time buckets (exact under a minute, to the minute under an hour, to the
 * hour beyond). All of it from one snapshot.
 */
export class ReportService {
  constructor(private readonly dataSource: DataSource, private readonly rollups: ReportRollups) {}

  report(from: Date, to: Date): Promise<Report> {
    if (Number.isNaN(from.getTime()) || Number.isNaN(to.getTime())) throw badInput('from', 'must be an instant');
    if (to.getTime() <= from.getTime()) throw badInput('to', 'must be after from');
    if (to.getTime() - from.getTime() > MAX_REPORT_DAYS * DAY_MS) throw badInput('to', `must be at most ${MAX_REPORT_DAYS} days after from`);
    return this.dataSource.transaction('REPEATABLE READ', async (manager) => {
      await manager.query('SET TRANSACTION READ ONLY');
      const tallies = await this.tallies(manager, from, to);
      const channels = await manager.getRepository(Channel).find({ order: { name: 'ASC', id: 'ASC' } });
      const queues = await manager.getRepository(Queue).find({ order: { name: 'ASC', id: 'ASC' } });
      const agentIds = [...tallies.keys()].filter((key) => key.startsWith('agent:')).map((key) => key.slice('agent:'.length));
      const agents = await queryRows<{ id: string }>(manager, `SELECT id FROM agent WHERE active OR id = ANY($1) ORDER BY name, id`, [agentIds]);
      const agentRows = await manager.getRepository(Agent).findBy(agents.map((row) => ({ id: row.id })));
      const byId = new Map(agentRows.map((agent) => [agent.id, agent]));
      const tallyOf = (key: string) => tallies.get(key) ?? emptyTally();

      const report = new Report();
      report.from = from;
      report.to = to;
      report.total = figuresOf(tallyOf('total'));
      report.channels = channels.map((channel) => ({ channel, figures: figuresOf(tallyOf(`channel:${channel.id}`)) }));
      report.queues = queues.map((queue) => ({ queue, figures: figuresOf(tallyOf(`queue:${queue.id}`)) }));
      report.agents = agents.flatMap(({ id }) => {
        const agent = byId.get(id);
        const tally = tallyOf(`agent:${id}`);
        return agent ? [{ agent, figures: figuresOf(tally), firstResponseCount: tally.firstResponses }] : [];
      });
      return report;
    });
  }

  private async tallies(manager: EntityManager, from: Date, to: Date): Promise<Map<string, Tally>> {
    if (to.getTime() - from.getTime() <= DAY_MS) return readTallies(manager, from, to, true);
    const merged = new Map<string, Tally>();
    const add = (tallies: Map<string, Tally>) => {
      for (const [key, tally] of tallies) merged.set(key, mergeTally(merged.get(key) ?? emptyTally(), tally));
    };
    const raw = async (a: Date, b: Date) => { if (a < b) add(await readTallies(manager, a, b, false)); };
    /** Whole units of [a, b) from their roll-ups, and any not rolled up yet from the waits. */
    const rolled = async (unit: RollupUnit, a: Date, b: Date) => {
      if (a >= b) return;
      const { tallies, missing } = await this.rollups.read(manager, unit, a, b);
      add(tallies);
      for (const [start, end] of runs(missing, unit.ms)) await raw(start, end);
    };
    /** A partial day: its whole hours from hour roll-ups, its partial hours from the waits. */
    const partialDay = async (a: Date, b: Date) => {
      const firstHour = unitEnd(a, HOUR_MS);
      const lastHour = unitStart(b, HOUR_MS);
      if (firstHour >= lastHour) return raw(a, b);
      await raw(a, firstHour);
      await rolled(HOURS, firstHour, lastHour);
      await raw(lastHour, b);
    };
    const firstDay = unitEnd(from, DAY_MS);
    const lastDay = unitStart(to, DAY_MS);
    await partialDay(from, firstDay);
    await rolled(DAYS, firstDay, lastDay);
    await partialDay(lastDay, to);
    return merged;
  }
}

/** Consecutive units as [start, end) stretches, so a week not rolled up is one read, not seven. */
function runs(starts: Date[], ms: number): Array<[Date, Date]> {
  const stretches: Array<[Date, Date]> = [];
  for (const start of starts) {
    const last = stretches.at(-1);
    const end = new Date(start.getTime() + ms);
    if (last && last[1].getTime() === start.getTime()) last[1] = end;
    else stretches.push([start, end]);
  }
  return stretches;
}

function figuresOf(tally: Tally): ResponseFigures {
  return {
    answeredCount: tally.answered,
    answeredInTargetCount: tally.inTarget,
    serviceLevel: tally.answered > 0 ? tally.inTarget / tally.answered : null,
    medianResponseSeconds: tally.exact ? tally.exact.median : percentileOf(tally.hist, 0.5),
    p90ResponseSeconds: tally.exact ? tally.exact.p90 : percentileOf(tally.hist, 0.9),
    breachedCount: tally.breached,
    resolvedCount: tally.resolved,
  };
}
