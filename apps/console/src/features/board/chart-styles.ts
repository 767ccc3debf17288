import type { ChannelKind } from '@switchboard/schema';

// How each channel's line looks, told apart without colour: a dash pattern and a point shape of
// its own (the legend draws the same), with the channel's colour from its icon on top. The
// upward triangle is kept for breaches.

export type PointShape = 'circle' | 'square' | 'diamond' | 'star' | 'plus' | 'ring' | 'hollow-square';

export interface LineStyle {
  color: string;
  /** Canvas line dash (px); empty for a solid line. */
  dash: number[];
  shape: PointShape;
}

// The channel icons' colours (queue.css), for the same channel in the same colour everywhere.
const KIND_COLORS: Partial<Record<ChannelKind, string>> = {
  SMS: '#087443',
  EMAIL: '#175cd3',
  CHAT: '#5925dc',
  TWITTER: '#0b79b5',
  FACEBOOK: '#1f4fb8',
  VOICE: '#c11574',
  FORUM: '#93370d',
};
const FALLBACK_COLORS = ['#344054', '#6941c6', '#b54708', '#0e9384'];

const DASHES: number[][] = [[], [10, 5], [2, 4], [14, 4, 3, 4], [6, 6], [3, 3, 10, 3], [20, 6]];
const SHAPES: PointShape[] = ['circle', 'square', 'diamond', 'star', 'plus', 'ring', 'hollow-square'];

/** The style of the channel at `index` in the chart's (stable, by name) channel order. */
export function lineStyle(kind: ChannelKind, index: number): LineStyle {
  return {
    color: KIND_COLORS[kind] ?? FALLBACK_COLORS[index % FALLBACK_COLORS.length]!,
    dash: DASHES[index % DASHES.length]!,
    shape: SHAPES[index % SHAPES.length]!,
  };
}

/** Hollow shapes are stroked on white; the others filled. */
export function isHollow(shape: PointShape): boolean {
  return shape === 'ring' || shape === 'hollow-square' || shape === 'plus';
}

/** SVG path data for a shape of radius `r` around (x, y): the legend's SVG and the canvas's Path2D both draw it. */
export function shapePath(shape: PointShape, x: number, y: number, r: number): string {
  const f = (n: number) => Math.round(n * 100) / 100;
  switch (shape) {
    case 'circle':
    case 'ring':
      return `M${f(x - r)} ${f(y)}a${f(r)} ${f(r)} 0 1 0 ${f(2 * r)} 0a${f(r)} ${f(r)} 0 1 0 ${f(-2 * r)} 0Z`;
    case 'square':
    case 'hollow-square': {
      const s = r * 0.85;
      return `M${f(x - s)} ${f(y - s)}h${f(2 * s)}v${f(2 * s)}h${f(-2 * s)}Z`;
    }
    case 'diamond':
      return `M${f(x)} ${f(y - r * 1.2)}L${f(x + r * 1.2)} ${f(y)}L${f(x)} ${f(y + r * 1.2)}L${f(x - r * 1.2)} ${f(y)}Z`;
    case 'star': {
      // Five points, outer radius 1.35 r, inner 0.55 r, the first straight up.
      const corners = Array.from({ length: 10 }, (_, i) => {
        const radius = i % 2 === 0 ? r * 1.35 : r * 0.55;
        const angle = -Math.PI / 2 + (i * Math.PI) / 5;
        return `${f(x + radius * Math.cos(angle))} ${f(y + radius * Math.sin(angle))}`;
      });
      return `M${corners.join('L')}Z`;
    }
    case 'plus':
      return `M${f(x - r)} ${f(y)}h${f(2 * r)}M${f(x)} ${f(y - r)}v${f(2 * r)}`;
  }
}

/** The breach marker: an upward triangle, the one shape no line uses. */
export function breachPath(x: number, y: number, r: number): string {
  const f = (n: number) => Math.round(n * 100) / 100;
  return `M${f(x)} ${f(y - r * 1.25)}L${f(x + r * 1.15)} ${f(y + r * 0.75)}H${f(x - r * 1.15)}Z`;
}

export const BREACH_COLOR = '#b42318';
