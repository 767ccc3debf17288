import type { ResponseFiguresFragment } from '@switchboard/schema';
import type { ReactNode } from 'react';
import { Button } from '../../ui/Button';
import { downloadCsv } from './report-csv';
import { formatResponse, formatServiceLevel, isQuiet } from './report-figures';

export interface ReportTableRow {
  key: string;
  /** The row header: a channel, queue or agent name. */
  name: ReactNode;
  figures: ResponseFiguresFragment;
  /** Agents only. */
  firstResponses?: number;
  /** `data-channel-id` and the like, for tests and the e2e. */
  attributes: Record<`data-${string}`, string>;
}

export interface ReportTableProps {
  caption: string;
  kind: 'channels' | 'queues' | 'agents';
  nameHeader: string;
  rows: readonly ReportTableRow[];
  /** The biggest answered count among the rows: the bars in the Answered column are shares of it. */
  answeredScale?: number;
  csv: { fileName: string; content(): string };
}

function Num({ figure, value, children }: { figure: string; value: number | null; children?: ReactNode }) {
  return (
    <td className={`board-figure${value === 0 || value === null ? ' board-figure--zero' : ''}`} data-figure={figure}>
      {children ?? (value === null ? '—' : value)}
    </td>
  );
}

/** A bar behind the figure: long enough to compare rows at a glance, the figure says the exact value. */
function Bar({ share, tone }: { share: number; tone: 'level' | 'count' }) {
  return (
    <span className={`report-bar report-bar--${tone}`} aria-hidden="true">
      <span style={{ width: `${Math.max(0, Math.min(100, Math.round(share * 100)))}%` }} />
    </span>
  );
}

function FigureCells({ figures, answeredScale }: { figures: ResponseFiguresFragment; answeredScale?: number }) {
  const level = figures.serviceLevel;
  return (
    <>
      <Num figure="answered" value={figures.answeredCount}>
        {answeredScale ? (
          <span className="report-with-bar">
            <Bar share={figures.answeredCount / answeredScale} tone="count" />
            <span>{figures.answeredCount}</span>
          </span>
        ) : undefined}
      </Num>
      <Num figure="in-target" value={figures.answeredInTargetCount} />
      <Num figure="service-level" value={level}>
        {level === null ? undefined : (
          <span className="report-with-bar">
            <Bar share={level} tone="level" />
            <span>{formatServiceLevel(level)}</span>
          </span>
        )}
      </Num>
      <Num figure="median" value={figures.medianResponseSeconds}>
        {formatResponse(figures.medianResponseSeconds)}
      </Num>
      <Num figure="p90" value={figures.p90ResponseSeconds}>
        {formatResponse(figures.p90ResponseSeconds)}
      </Num>
      <td className={`board-figure${figures.breachedCount === 0 ? ' board-figure--zero' : ' report-figure--alert'}`} data-figure="breached">
        {figures.breachedCount === 0 ? (
          '0'
        ) : (
          <span className="report-breached">
            <svg viewBox="0 0 20 20" aria-hidden="true" focusable="false">
              <path d="M10 2.5 18.5 17h-17z" fill="currentColor" />
            </svg>
            {figures.breachedCount}
          </span>
        )}
      </td>
      <Num figure="resolved" value={figures.resolvedCount} />
    </>
  );
}

/** One table of the report in a card, with its CSV download. */
export function ReportTable({ caption, kind, nameHeader, rows, answeredScale, csv }: ReportTableProps) {
  const agents = kind === 'agents';
  return (
    <div className="board-card report-card">
      <Button variant="secondary" className="report-card__csv" onClick={() => downloadCsv(csv.fileName, csv.content())}>
        Download CSV <span className="visually-hidden">of {caption.toLowerCase()}</span>
      </Button>
      <table className={`board-table report-table report-table--${kind}`}>
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{nameHeader}</th>
            <th scope="col" className="board-figure" title="Waits answered in the period">Answered</th>
            <th scope="col" className="board-figure" title="Of those, answered by their due time">On time</th>
            <th scope="col" className="board-figure">Service level</th>
            <th scope="col" className="board-figure" title="Half of the answers took longer than this">Median response</th>
            <th scope="col" className="board-figure" title="One answer in ten took longer than this">90% response</th>
            <th scope="col" className="board-figure" title="Waits whose due time passed in the period before they were answered">Overdue</th>
            <th scope="col" className="board-figure" title="Threads set resolved in the period">Resolved</th>
            {agents ? <th scope="col" className="board-figure" title="Threads whose first response this agent sent">First responses</th> : null}
          </tr>
        </thead>
        <tbody>
          {rows.length === 0 ? (
            <tr>
              <td colSpan={agents ? 9 : 8} className="report-table__none">
                None.
              </td>
            </tr>
          ) : null}
          {rows.map((row) => (
            <tr key={row.key} className={isQuiet(row.figures) ? 'report-row report-row--quiet' : 'report-row'} {...row.attributes}>
              <th scope="row" className="board-name report-name">
                {row.name}
              </th>
              <FigureCells figures={row.figures} answeredScale={answeredScale} />
              {agents ? <Num figure="first-responses" value={row.firstResponses ?? 0} /> : null}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
