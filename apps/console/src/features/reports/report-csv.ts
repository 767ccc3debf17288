import type { ResponseFiguresFragment } from '@switchboard/schema';
import type { AgentReportRow, ChannelReportRow, QueueReportRow } from './report-figures';

// CSV as RFC 4180 has it (comma, CRLF, quotes doubled), with the figures raw: counts and seconds
// as integers, the service level as a 0..1 decimal, an empty field where there is none.

export type Cell = string | number | null;

/** Text that a spreadsheet would run as a formula (=, +, -, @, tab, CR at the start). */
const FORMULA_START = /^[=+\-@\t\r]/;

/** One field: quoted when it holds a comma, a quote or a line break; a leading formula sign is defused with `'`. */
export function csvField(value: Cell): string {
  if (value === null) return '';
  if (typeof value === 'number') return String(value);
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * The whole file: a header row, then one line per row, CRLF after each. It starts with a byte
 * order mark so that Excel reads names with accents as UTF-8.
 */
export function toCsv(header: readonly string[], rows: ReadonlyArray<readonly Cell[]>): string {
  return `\uFEFF${[header, ...rows].map((row) => row.map(csvField).join(',')).join('\r\n')}\r\n`;
}

const FIGURE_HEADER = [
  'Answered',
  'Answered in target',
  'Service level (0-1)',
  'Median response (seconds)',
  'p90 response (seconds)',
  'Breached',
  'Resolved',
] as const;

function figureCells(figures: ResponseFiguresFragment): Cell[] {
  return [
    figures.answeredCount,
    figures.answeredInTargetCount,
    // Four decimals: 2 of 3 is 0.6667, enough for any percentage a sheet shows.
    figures.serviceLevel === null ? null : Math.round(figures.serviceLevel * 10_000) / 10_000,
    figures.medianResponseSeconds,
    figures.p90ResponseSeconds,
    figures.breachedCount,
    figures.resolvedCount,
  ];
}

export function channelsCsv(rows: readonly ChannelReportRow[]): string {
  return toCsv(['Channel', ...FIGURE_HEADER], rows.map((row) => [row.channel.name, ...figureCells(row.figures)]));
}

export function queuesCsv(rows: readonly QueueReportRow[]): string {
  return toCsv(['Queue', ...FIGURE_HEADER], rows.map((row) => [row.queue.name, ...figureCells(row.figures)]));
}

export function agentsCsv(rows: readonly AgentReportRow[]): string {
  return toCsv(['Agent', ...FIGURE_HEADER, 'First responses'], rows.map((row) => [row.agent.name, ...figureCells(row.figures), row.firstResponseCount]));
}

/** `switchboard-channels-2026-11-30.csv` */
export function csvFileName(table: string, stem: string): string {
  return `switchboard-${table}-${stem}.csv`;
}

/** Saves `csv` as `fileName` through a link to a Blob: no server round trip. */
export function downloadCsv(fileName: string, csv: string): void {
  const url = URL.createObjectURL(new Blob([csv], { type: 'text/csv;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.style.display = 'none';
  document.body.append(link);
  link.click();
  link.remove();
  // Revoked at once, some browsers cancel the download that has not read the Blob yet.
  setTimeout(() => URL.revokeObjectURL(url), 30_000);
}
