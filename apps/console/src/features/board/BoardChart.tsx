import { CombinedGraphQLErrors } from '@apollo/client';
import { ErrorCode, type BoardViewFragment } from '@switchboard/schema';
import { lazy, useState } from 'react';
import { Button } from '../../ui/Button';
import { LazyBoundary } from '../../ui/LazyBoundary';
import { errorMessage } from '../auth/error-message';
import { CHART_WINDOWS, pointAt, type BreachMarker, type ChannelSummary, type ChartPoint } from './chart-data';
import { BREACH_COLOR, breachPath, isHollow, lineStyle, shapePath, type LineStyle } from './chart-styles';
import { useBoardChart } from './useBoardChart';
import './board-chart.css';

// uPlot and the drawing code load with the first chart, not with the console.
const WaitingChartCanvas = lazy(() => import('./WaitingChartCanvas').then((module) => ({ default: module.WaitingChartCanvas })));

const clock = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' });

/** uPlot draws on a canvas and sizes itself with ResizeObserver; where either is missing, the words stand alone. */
function canDraw(): boolean {
  return typeof ResizeObserver === 'function' && typeof window.matchMedia === 'function';
}

export function windowWords(windowMs: number): string {
  const hours = windowMs / 3_600_000;
  return hours === 1 ? 'last hour' : `last ${hours} hours`;
}

/** A line sample with its point shape, as the chart draws the channel. */
function LineSample({ style }: { style: LineStyle }) {
  return (
    <svg className="board-chart__sample" viewBox="0 0 44 14" aria-hidden="true" focusable="false">
      <line x1="1" y1="7" x2="43" y2="7" stroke={style.color} strokeWidth="2.5" strokeDasharray={style.dash.join(' ') || undefined} />
      <path d={shapePath(style.shape, 22, 7, 4.5)} fill={isHollow(style.shape) ? '#fff' : style.color} stroke={style.color} strokeWidth="1.8" />
    </svg>
  );
}

function BreachSample() {
  return (
    <svg className="board-chart__sample board-chart__sample--breach" viewBox="0 0 16 14" aria-hidden="true" focusable="false">
      <path d={breachPath(8, 8, 5)} fill={BREACH_COLOR} />
    </svg>
  );
}

interface LegendProps {
  summaries: readonly ChannelSummary[];
  hovered: ChartPoint | undefined;
  hoveredMarkers: readonly BreachMarker[];
}

/** Each channel's line, its count now (or at the hovered instant), and its breaches in the window. */
function Legend({ summaries, hovered, hoveredMarkers }: LegendProps) {
  return (
    <div className="board-chart__legend">
      <p className="board-chart__legend-title">
        {hovered ? <>At {clock.format(hovered.at)}</> : 'Waiting now'}
      </p>
      <ul aria-label="Legend">
        {summaries.map(({ channel, latest, breaches }, index) => {
          const value = hovered ? hovered.values[channel.id]?.waiting ?? null : latest;
          const rise = hoveredMarkers.find((marker) => marker.channelId === channel.id)?.rise;
          return (
            <li key={channel.id} data-channel-id={channel.id}>
              <LineSample style={lineStyle(channel.kind, index)} />
              <span className="board-chart__name">{channel.name}</span>
              <span className="board-chart__value">{value ?? '—'}</span>
              {hovered ? (
                rise ? <span className="board-chart__breaches">▲ {rise} went overdue here</span> : null
              ) : breaches > 0 ? (
                <span className="board-chart__breaches">▲ {breaches} went overdue in this span</span>
              ) : null}
            </li>
          );
        })}
        <li className="board-chart__key">
          <BreachSample />
          <span>a wait went overdue</span>
        </li>
      </ul>
    </div>
  );
}

/** The text alternative to the canvas: the chart's figures per channel, for screen readers (and the e2e). */
function ChartTable({ summaries, windowMs, points }: { summaries: readonly ChannelSummary[]; windowMs: number; points: readonly ChartPoint[] }) {
  const last = points.at(-1);
  return (
    <table className="visually-hidden" data-points={points.length}>
      <caption>
        Waiting customers per channel, {windowWords(windowMs)}
        {last ? <>, as of <time dateTime={new Date(last.at).toISOString()}>{clock.format(last.at)}</time></> : null}
      </caption>
      <thead>
        <tr>
          <th scope="col">Channel</th>
          <th scope="col">Waiting now</th>
          <th scope="col">Most waiting</th>
          <th scope="col">Breaches</th>
        </tr>
      </thead>
      <tbody>
        {summaries.map(({ channel, latest, peak, breaches }) => (
          <tr key={channel.id} data-channel-id={channel.id}>
            <th scope="row">{channel.name}</th>
            <td data-figure="chart-waiting">{latest ?? '—'}</td>
            <td data-figure="chart-peak">{peak ?? '—'}</td>
            <td data-figure="chart-breaches">{breaches}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function problemWords(error: unknown, windowMs: number): string {
  const tooMany = CombinedGraphQLErrors.is(error) && error.errors.some((e) => e.extensions?.code === ErrorCode.BAD_USER_INPUT);
  return tooMany ? `There are too many snapshots to draw the ${windowWords(windowMs)}: pick a shorter span.` : errorMessage(error);
}

/** Waiting customers per channel over the last hours, live: on the board, between channels and queues. */
export function BoardChart({ board }: { board: BoardViewFragment }) {
  const chart = useBoardChart(board);
  const [hoverAt, setHoverAt] = useState<number | null>(null);
  const hovered = hoverAt === null ? undefined : pointAt(chart.points, hoverAt);
  const hoveredMarkers = hovered ? chart.markers.filter((marker) => marker.at === hovered.at) : [];
  const enough = chart.points.length >= 2;
  const summary = chart.summaries.map(({ channel, latest }) => `${channel.name} ${latest ?? 'no data'}`).join(', ');
  const breaches = chart.markers.reduce((sum, marker) => sum + marker.rise, 0);

  return (
    <section className="board-card board-chart" aria-labelledby="board-chart-title" data-state={chart.loading ? 'loading' : chart.error ? 'error' : enough ? 'ready' : 'empty'}>
      <header className="board-chart__header">
        <h2 id="board-chart-title" className="board-chart__title">
          Waiting per channel <span className="board-chart__span">{windowWords(chart.windowMs)}</span>
        </h2>
        <div className="segmented" role="group" aria-label="Chart span">
          {CHART_WINDOWS.map(({ label, ms }) => (
            <button key={ms} type="button" className="segmented__option" aria-pressed={chart.windowMs === ms} onClick={() => chart.setWindowMs(ms)}>
              {label}
            </button>
          ))}
        </div>
      </header>
      {chart.loading ? (
        <p className="board-chart__message">Loading the chart…</p>
      ) : chart.error ? (
        <p className="board-chart__message">
          The chart could not be loaded: {problemWords(chart.error, chart.windowMs)}{' '}
          <Button variant="ghost" onClick={chart.retry}>
            Try again
          </Button>
        </p>
      ) : !enough ? (
        <p className="board-chart__message">The chart fills in as snapshots are taken, every minute.</p>
      ) : (
        <div className="board-chart__body">
          {canDraw() ? (
            <div className="board-chart__plot" role="img" aria-label={`Chart of waiting customers per channel, ${windowWords(chart.windowMs)}. Now: ${summary}. ${breaches} went overdue in this span.`}>
              <LazyBoundary loading={<p className="board-chart__message">Loading the chart…</p>} failed={<p className="board-chart__message">The chart could not be drawn; the legend has the latest figures.</p>}>
                <WaitingChartCanvas channels={chart.channels} points={chart.points} markers={chart.markers} since={chart.since} now={chart.now} onHover={setHoverAt} />
              </LazyBoundary>
            </div>
          ) : null}
          <Legend summaries={chart.summaries} hovered={hovered} hoveredMarkers={hoveredMarkers} />
          <ChartTable summaries={chart.summaries} windowMs={chart.windowMs} points={chart.points} />
        </div>
      )}
    </section>
  );
}
