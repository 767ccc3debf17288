import type { BoardHistoryQuery, ChannelKind } from '@switchboard/schema';

// The board's chart as data, apart from any drawing: points in time with each channel's waiting
// and breached counts, from boardHistory (read once) and from boardUpdated pushes (appended).

export interface ChartChannel {
  id: string;
  kind: ChannelKind;
  name: string;
}

export interface ChannelValue {
  waiting: number;
  breached: number;
}

export interface ChartPoint {
  /** ms since epoch: a snapshot's `at`, or a pushed board's `asOf`. */
  at: number;
  values: Readonly<Record<string, ChannelValue>>;
}

/** Where a channel's breached count rose from one point to the next. */
export interface BreachMarker {
  at: number;
  channelId: string;
  /** The waiting count at that point: where the marker sits on the line. */
  waiting: number;
  /** How many more waits breached than at the point before. */
  rise: number;
}

export const CHART_WINDOWS = [
  { label: '1 h', ms: 3_600_000 },
  { label: '3 h', ms: 3 * 3_600_000 },
  { label: '12 h', ms: 12 * 3_600_000 },
] as const;
export const DEFAULT_WINDOW_MS = 3 * 3_600_000;

/** Live points kept per window: one per bucket of window / 720 (15 s over 3 h), the latest push winning. */
export function liveResolutionMs(windowMs: number): number {
  return Math.max(1000, Math.round(windowMs / 720));
}

/** Snapshots (one row per channel per instant, oldest first) as points, and the channels they name. */
export function historyPoints(rows: BoardHistoryQuery['boardHistory']): { points: ChartPoint[]; channels: ChartChannel[] } {
  const points: ChartPoint[] = [];
  const channels = new Map<string, ChartChannel>();
  let current: { at: number; values: Record<string, ChannelValue> } | undefined;
  for (const row of rows) {
    const at = Date.parse(row.at);
    if (!current || current.at !== at) {
      current = { at, values: {} };
      points.push(current);
    }
    current.values[row.channel.id] = { waiting: row.waitingCount, breached: row.breachedCount };
    if (!channels.has(row.channel.id)) channels.set(row.channel.id, { id: row.channel.id, kind: row.channel.kind, name: row.channel.name });
  }
  return { points, channels: [...channels.values()] };
}

/** A pushed board as one point. */
export function boardPoint(board: {
  asOf: string;
  channels: ReadonlyArray<{ channel: ChartChannel; waitingCount: number; breachedCount: number }>;
}): { point: ChartPoint; channels: ChartChannel[] } {
  const values: Record<string, ChannelValue> = {};
  for (const row of board.channels) values[row.channel.id] = { waiting: row.waitingCount, breached: row.breachedCount };
  return {
    point: { at: Date.parse(board.asOf), values },
    channels: board.channels.map(({ channel }) => ({ id: channel.id, kind: channel.kind, name: channel.name })),
  };
}

/**
 * Adds a pushed point to the live ones. Pushes come up to four a second on a busy floor: within
 * one bucket of `resolutionMs` the newer replaces the older, so a 12 h window holds at most ~720.
 * A push no newer than the last one (the same board seen twice) replaces it too.
 */
export function appendLive(live: readonly ChartPoint[], point: ChartPoint, resolutionMs: number): ChartPoint[] {
  const last = live.at(-1);
  if (last && (point.at <= last.at || Math.floor(point.at / resolutionMs) === Math.floor(last.at / resolutionMs))) {
    return point.at < last.at ? [...live] : [...live.slice(0, -1), point];
  }
  return [...live, point];
}

/** History and live points in time order; at the same instant the live one wins. */
export function mergePoints(history: readonly ChartPoint[], live: readonly ChartPoint[]): ChartPoint[] {
  const byAt = new Map<number, ChartPoint>();
  for (const point of history) byAt.set(point.at, point);
  for (const point of live) byAt.set(point.at, point);
  return [...byAt.values()].sort((a, b) => a.at - b.at);
}

/**
 * The points from `since` on, and the last one before it: it holds the value the lines start
 * with at the left edge.
 */
export function trimToWindow(points: readonly ChartPoint[], since: number): ChartPoint[] {
  const first = points.findIndex((point) => point.at >= since);
  if (first === -1) return points.slice(-1);
  return points.slice(Math.max(0, first - 1));
}

/** Every place a channel's breached count rose between two points in which it appears. */
export function breachMarkers(points: readonly ChartPoint[]): BreachMarker[] {
  const markers: BreachMarker[] = [];
  const previous = new Map<string, number>();
  for (const point of points) {
    for (const [channelId, value] of Object.entries(point.values)) {
      const before = previous.get(channelId);
      if (before !== undefined && value.breached > before) {
        markers.push({ at: point.at, channelId, waiting: value.waiting, rise: value.breached - before });
      }
      previous.set(channelId, value.breached);
    }
  }
  return markers;
}

/** Channels in a stable order (by name), so each keeps its line style from one render to the next. */
export function mergeChannels(...lists: ReadonlyArray<readonly ChartChannel[]>): ChartChannel[] {
  const byId = new Map<string, ChartChannel>();
  for (const list of lists) for (const channel of list) byId.set(channel.id, channel);
  return [...byId.values()].sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
}

/**
 * uPlot's aligned columns: times in seconds, then one column per channel (null where a point
 * lacks it). The last values are carried to `now`, so a quiet floor still reaches the right edge.
 */
export function alignedData(points: readonly ChartPoint[], channels: readonly ChartChannel[], now: number): [number[], ...Array<Array<number | null>>] {
  const rows = [...points];
  const last = rows.at(-1);
  if (last && now > last.at) rows.push({ at: now, values: last.values });
  return [rows.map((point) => point.at / 1000), ...channels.map((channel) => rows.map((point) => point.values[channel.id]?.waiting ?? null))];
}

export interface ChannelSummary {
  channel: ChartChannel;
  /** The latest waiting count; null if no point names the channel. */
  latest: number | null;
  /** The most waiting at any point in the window. */
  peak: number | null;
  /** Waits that breached in the window (the markers' rises added up). */
  breaches: number;
}

/** What the chart shows, in words: the text alternative's table and the legend read this. */
export function summarize(points: readonly ChartPoint[], channels: readonly ChartChannel[], markers: readonly BreachMarker[], since: number): ChannelSummary[] {
  const inWindow = points.filter((point) => point.at >= since);
  return channels.map((channel) => {
    const values = inWindow.map((point) => point.values[channel.id]?.waiting).filter((value): value is number => value !== undefined);
    const latest = [...points].reverse().find((point) => point.values[channel.id])?.values[channel.id]?.waiting ?? null;
    return {
      channel,
      latest,
      peak: values.length > 0 ? Math.max(...values) : latest,
      breaches: markers.filter((marker) => marker.channelId === channel.id && marker.at >= since).reduce((sum, marker) => sum + marker.rise, 0),
    };
  });
}

/** The values at the point nearest before `at` (the hovered instant), for the legend. */
export function pointAt(points: readonly ChartPoint[], at: number): ChartPoint | undefined {
  let found: ChartPoint | undefined;
  for (const point of points) {
    if (point.at > at) break;
    found = point;
  }
  return found;
}
