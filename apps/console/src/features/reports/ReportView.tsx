import type { ResponseFiguresFragment } from '@switchboard/schema';
import type { ReactNode } from 'react';
import { ChannelIcon } from '../queue/ChannelIcon';
import { periodFileStem, type Period } from './period';
import { agentsCsv, channelsCsv, csvFileName, queuesCsv } from './report-csv';
import { agentsByAnswered, formatResponse, formatServiceLevel, type Report } from './report-figures';
import { ReportTable } from './ReportTable';

function Tile({ label, figure, value, tone = 'plain' }: { label: string; figure: string; value: ReactNode; tone?: 'plain' | 'alert' | 'quiet' }) {
  return (
    <div className={`board-tile board-tile--${tone}`} data-figure={figure}>
      <dt>{label}</dt>
      <dd>{value}</dd>
    </div>
  );
}

/** "2 min 30 s" with the numbers large and the units small, so a duration fits a tile. */
function Duration({ seconds }: { seconds: number | null }) {
  if (seconds === null) return '—';
  const parts = formatResponse(seconds).split(/(\d+)/).filter(Boolean);
  return (
    <>
      {parts.map((part, index) => (/^\d+$/.test(part) ? part : <small key={index} className="report-unit">{part}</small>))}
    </>
  );
}

/** The totals strip: the period in seven figures. */
function Totals({ total }: { total: ResponseFiguresFragment }) {
  const quiet = (value: number | null) => (value === null || value === 0 ? 'quiet' : 'plain');
  return (
    <dl className="board-summary report-summary" aria-label="Totals">
      <Tile label="Answered" figure="total-answered" value={total.answeredCount} tone={quiet(total.answeredCount)} />
      <Tile label="On time" figure="total-in-target" value={total.answeredInTargetCount} tone={quiet(total.answeredInTargetCount)} />
      <Tile label="Service level" figure="total-service-level" value={formatServiceLevel(total.serviceLevel)} tone={quiet(total.serviceLevel)} />
      <Tile label="Median response" figure="total-median" value={<Duration seconds={total.medianResponseSeconds} />} tone={quiet(total.medianResponseSeconds)} />
      <Tile label="90% response" figure="total-p90" value={<Duration seconds={total.p90ResponseSeconds} />} tone={quiet(total.p90ResponseSeconds)} />
      <Tile label="Overdue" figure="total-breached" value={total.breachedCount} tone={total.breachedCount > 0 ? 'alert' : 'quiet'} />
      <Tile label="Resolved" figure="total-resolved" value={total.resolvedCount} tone={quiet(total.resolvedCount)} />
    </dl>
  );
}

/** A report drawn: totals, then channels, queues and agents (most answered first), each with a CSV. */
export function ReportView({ report, period }: { report: Report; period: Period }) {
  const stem = periodFileStem(period);
  const agents = agentsByAnswered(report.agents);
  const mostAnswered = agents[0]?.figures.answeredCount ?? 0;
  return (
    <div className="board__content report" data-report-from={report.from} data-report-to={report.to}>
      <Totals total={report.total} />
      {report.total.answeredCount === 0 && report.total.resolvedCount === 0 && report.total.breachedCount === 0 ? (
        <p className="reports__note" role="status">
          Nothing was answered, resolved or overdue in this period: no customer waited, or the period is before anyone used Switchboard.
        </p>
      ) : null}
      <ReportTable
        caption="Channels"
        kind="channels"
        nameHeader="Channel"
        rows={report.channels.map(({ channel, figures }) => ({
          key: channel.id,
          name: (
            <>
              <ChannelIcon kind={channel.kind} />
              <span>{channel.name}</span>
            </>
          ),
          figures,
          attributes: { 'data-channel-id': channel.id },
        }))}
        csv={{ fileName: csvFileName('channels', stem), content: () => channelsCsv(report.channels) }}
      />
      <div className="report__columns">
        <ReportTable
          caption="Agents"
          kind="agents"
          nameHeader="Agent"
          rows={agents.map(({ agent, figures, firstResponseCount }) => ({
            key: agent.id,
            name: agent.name,
            figures,
            firstResponses: firstResponseCount,
            attributes: { 'data-agent-id': agent.id },
          }))}
          answeredScale={mostAnswered > 0 ? mostAnswered : undefined}
          csv={{ fileName: csvFileName('agents', stem), content: () => agentsCsv(agents) }}
        />
        <ReportTable
          caption="Queues"
          kind="queues"
          nameHeader="Queue"
          rows={report.queues.map(({ queue, figures }) => ({ key: queue.id, name: queue.name, figures, attributes: { 'data-queue-id': queue.id } }))}
          csv={{ fileName: csvFileName('queues', stem), content: () => queuesCsv(report.queues) }}
        />
      </div>
    </div>
  );
}
