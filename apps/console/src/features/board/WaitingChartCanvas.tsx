import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { alignedData, type BreachMarker, type ChartChannel, type ChartPoint } from './chart-data';
import { BREACH_COLOR, breachPath, isHollow, lineStyle, shapePath, type LineStyle } from './chart-styles';

export interface WaitingChartCanvasProps {
  channels: readonly ChartChannel[];
  points: readonly ChartPoint[];
  markers: readonly BreachMarker[];
  /** The window's edges, ms since epoch. */
  since: number;
  now: number;
  /** The instant under the pointer (ms), null when it leaves the plot. */
  onHover(at: number | null): void;
}

const HEIGHT = 300;
/** Room on the right for the direct labels. */
const LABEL_ROOM = 132;
/** Point shapes repeat along each line this far apart (CSS px), staggered per channel. */
const SHAPE_EVERY = 120;
const TEXT = '#5d6470';
const GRID = '#eef0f3';
const FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';

interface Latest {
  props: WaitingChartCanvasProps;
  styles: LineStyle[];
}

/** The value a stepped line holds at x: the last point at or before it. */
function valueAt(xs: readonly number[], ys: ReadonlyArray<number | null>, x: number): number | null {
  let lo = 0;
  let hi = xs.length - 1;
  if (hi < 0 || xs[0]! > x) return null;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (xs[mid]! <= x) lo = mid;
    else hi = mid - 1;
  }
  for (let i = lo; i >= 0; i--) if (ys[i] != null) return ys[i]!;
  return null;
}

/** Shapes along each line, names at the right end, and ▲ where breaches rose: drawn over the lines. */
function decorate(u: uPlot, { props, styles }: Latest): void {
  const ctx = u.ctx;
  const ratio = uPlot.pxRatio;
  const { left, top, width, height } = u.bbox;
  const xs = u.data[0] as number[];
  ctx.save();
  ctx.beginPath();
  ctx.rect(left, top - 12 * ratio, width + LABEL_ROOM * ratio, height + 24 * ratio);
  ctx.clip();

  const ends: Array<{ y: number; name: string; style: LineStyle; value: number }> = [];
  props.channels.forEach((channel, index) => {
    const style = styles[index]!;
    const ys = u.data[index + 1] as Array<number | null>;
    ctx.lineWidth = 1.8 * ratio;
    ctx.strokeStyle = style.color;
    ctx.fillStyle = isHollow(style.shape) ? '#fff' : style.color;
    for (let px = left + (18 + index * 17) * ratio; px <= left + width; px += SHAPE_EVERY * ratio) {
      const value = valueAt(xs, ys, u.posToVal(px, 'x', true));
      if (value === null) continue;
      const shape = new Path2D(shapePath(style.shape, px, u.valToPos(value, 'y', true), 4.5 * ratio));
      ctx.fill(shape);
      ctx.stroke(shape);
    }
    const last = valueAt(xs, ys, Number.POSITIVE_INFINITY);
    if (last !== null) ends.push({ y: u.valToPos(last, 'y', true), name: channel.name, style, value: last });
  });

  // Direct labels at the right end, nudged apart where lines end at the same height.
  ctx.font = `650 ${13 * ratio}px ${FONT}`;
  ctx.textBaseline = 'middle';
  ctx.textAlign = 'left';
  const gap = 16 * ratio;
  ends.sort((a, b) => a.y - b.y);
  for (let i = 1; i < ends.length; i++) ends[i]!.y = Math.max(ends[i]!.y, ends[i - 1]!.y + gap);
  // Then back up from the bottom edge, moving only the labels that would fall below it.
  const bottom = top + height + 6 * ratio;
  for (let i = ends.length - 1; i >= 0; i--) ends[i]!.y = Math.min(ends[i]!.y, i === ends.length - 1 ? bottom : ends[i + 1]!.y - gap);
  ends.forEach(({ y, name, style, value }) => {
    const x = left + width + 8 * ratio;
    const shape = new Path2D(shapePath(style.shape, x + 6 * ratio, y, 4 * ratio));
    ctx.fillStyle = isHollow(style.shape) ? '#fff' : style.color;
    ctx.strokeStyle = style.color;
    ctx.fill(shape);
    ctx.stroke(shape);
    ctx.fillStyle = style.color;
    ctx.fillText(`${name} ${value}`, x + 15 * ratio, y);
  });

  // Breaches: a red ▲ above the line where the count rose, and how many.
  ctx.font = `750 ${12 * ratio}px ${FONT}`;
  ctx.textBaseline = 'middle';
  for (const marker of props.markers) {
    const x = u.valToPos(marker.at / 1000, 'x', true);
    if (x < left || x > left + width) continue;
    const y = u.valToPos(marker.waiting, 'y', true) - 11 * ratio;
    const triangle = new Path2D(breachPath(x, y, 7 * ratio));
    ctx.lineWidth = 2 * ratio;
    ctx.strokeStyle = '#fff';
    ctx.stroke(triangle);
    ctx.fillStyle = BREACH_COLOR;
    ctx.fill(triangle);
    // Near the right edge the count goes left of the ▲, clear of the direct labels.
    const label = `+${marker.rise}`;
    const before = x > left + width - 30 * ratio;
    ctx.textAlign = before ? 'right' : 'left';
    const textX = before ? x - 11 * ratio : x + 11 * ratio;
    ctx.lineWidth = 4 * ratio;
    ctx.strokeText(label, textX, y);
    ctx.fillText(label, textX, y);
  }
  ctx.restore();
}

function options(latest: { current: Latest }, width: number): uPlot.Options {
  const { props, styles } = latest.current;
  const axis = { stroke: TEXT, font: `12px ${FONT}`, grid: { stroke: GRID, width: 1 }, ticks: { stroke: GRID, width: 1 } };
  return {
    width,
    height: HEIGHT,
    padding: [14, LABEL_ROOM, 0, 0],
    legend: { show: false },
    cursor: { drag: { x: false, y: false }, points: { show: false }, y: false },
    scales: {
      x: { time: true, range: () => [latest.current.props.since / 1000, latest.current.props.now / 1000] },
      // Whole customers, from zero, with headroom for the breach markers.
      y: { range: (_u, _min, max) => [0, Math.max(4, Math.ceil((max || 0) * 1.2))] },
    },
    axes: [
      axis,
      { ...axis, size: 44, incrs: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000], values: (_u, splits) => splits.map((v) => String(v)) },
    ],
    series: [
      {},
      ...props.channels.map((channel, index) => ({
        label: channel.name,
        stroke: styles[index]!.color,
        width: 2.5,
        dash: styles[index]!.dash,
        paths: uPlot.paths.stepped!({ align: 1 }),
        points: { show: false },
        spanGaps: true,
      })),
    ],
    hooks: {
      draw: [(u) => decorate(u, latest.current)],
      setCursor: [
        (u) => {
          const x = u.cursor.left;
          latest.current.props.onHover(x === undefined || x < 0 ? null : u.posToVal(x, 'x') * 1000);
        },
      ],
    },
  };
}

/** The chart itself: uPlot on a canvas, one stepped line per channel, resized with its box. */
export function WaitingChartCanvas(props: WaitingChartCanvasProps) {
  const host = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const latest = useRef<Latest>({ props, styles: [] });
  latest.current = { props, styles: props.channels.map((channel, index) => lineStyle(channel.kind, index)) };
  // A channel more or less means other series: the plot is made again for it.
  const channelKey = props.channels.map((channel) => channel.id).join(' ');

  useEffect(() => {
    const element = host.current;
    if (!element) return;
    const { points, channels, now } = latest.current.props;
    const made = new uPlot(options(latest, element.clientWidth), alignedData(points, channels, now) as uPlot.AlignedData, element);
    plot.current = made;
    const resize = new ResizeObserver(() => made.setSize({ width: element.clientWidth, height: HEIGHT }));
    resize.observe(element);
    return () => {
      resize.disconnect();
      made.destroy();
      plot.current = null;
    };
  }, [channelKey]);

  useEffect(() => {
    plot.current?.setData(alignedData(props.points, props.channels, props.now) as uPlot.AlignedData);
  }, [props.points, props.channels, props.markers, props.since, props.now]);

  return <div ref={host} className="board-chart__canvas" onMouseLeave={() => props.onHover(null)} />;
}
