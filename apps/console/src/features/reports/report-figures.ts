import type { ReportQuery, ResponseFiguresFragment } from '@switchboard/schema';
import { formatDuration } from '../queue/wait-clock';

export type Report = ReportQuery['report'];
export type ChannelReportRow = Report['channels'][number];
export type QueueReportRow = Report['queues'][number];
export type AgentReportRow = Report['agents'][number];

/** A response time as people say it: "45 s", "3 min 20 s", "2 h 5 min"; "—" when there is none. */
export function formatResponse(seconds: number | null | undefined): string {
  return seconds === null || seconds === undefined ? '—' : formatDuration(seconds * 1000);
}

// "83%", "—" when nothing was answered: the board's rule, one copy.
export { formatServiceLevel } from '../board/board-figures';

/** Who answered most first; ties by name, as the server orders them. */
export function agentsByAnswered(rows: readonly AgentReportRow[]): AgentReportRow[] {
  return [...rows].sort((a, b) => b.figures.answeredCount - a.figures.answeredCount || a.agent.name.localeCompare(b.agent.name));
}

/** Nothing happened on the row in the period: it is drawn quietly. */
export function isQuiet(figures: ResponseFiguresFragment): boolean {
  return figures.answeredCount === 0 && figures.breachedCount === 0 && figures.resolvedCount === 0;
}
