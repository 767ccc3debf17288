import { describe, expect, it } from 'vitest';
import { buildBoard, buildChannelBoardRow, buildSnapshot } from '../../../test/factories';
import {
  alignedData,
  appendLive,
  boardPoint,
  breachMarkers,
  historyPoints,
  liveResolutionMs,
  mergeChannels,
  mergePoints,
  pointAt,
  summarize,
  trimToWindow,
  type ChartPoint,
} from './chart-data';

const T0 = Date.parse('2026-03-02T10:00:00.000Z');
const at = (seconds: number) => new Date(T0 + seconds * 1000).toISOString();
const SMS = { id: 'chn_sms', name: 'SMS', kind: 'SMS' as const };
const CHAT = { id: 'chn_chat', name: 'Chat', kind: 'CHAT' as const };
const point = (seconds: number, sms: [number, number], chat?: [number, number]): ChartPoint => ({
  at: T0 + seconds * 1000,
  values: { chn_sms: { waiting: sms[0], breached: sms[1] }, ...(chat ? { chn_chat: { waiting: chat[0], breached: chat[1] } } : {}) },
});

describe('historyPoints', () => {
  it('groups the snapshots of one instant into one point, oldest first, and names the channels', () => {
    const { points, channels } = historyPoints([
      buildSnapshot(at(0), SMS, 2),
      buildSnapshot(at(0), CHAT, 0),
      buildSnapshot(at(60), SMS, 3, 1),
      buildSnapshot(at(60), CHAT, 1),
    ]);
    expect(points).toEqual([point(0, [2, 0], [0, 0]), point(60, [3, 1], [1, 0])]);
    expect(channels).toEqual([SMS, CHAT]);
  });
});

describe('boardPoint', () => {
  it('makes a pushed board one point at its asOf', () => {
    const board = buildBoard({
      asOf: at(90),
      channels: [buildChannelBoardRow({ waitingCount: 4, breachedCount: 2 }), buildChannelBoardRow({ channel: { ...CHAT, responseTargetSeconds: 60 }, waitingCount: 1 })],
    });
    expect(boardPoint(board).point).toEqual(point(90, [4, 2], [1, 0]));
    expect(boardPoint(board).channels).toEqual([SMS, CHAT]);
  });
});

describe('appendLive', () => {
  const resolution = liveResolutionMs(3 * 3_600_000);

  it('keeps one point per 15 s bucket over 3 hours, the newest push winning', () => {
    expect(resolution).toBe(15_000);
    let live: ChartPoint[] = [];
    live = appendLive(live, point(0, [1, 0]), resolution);
    live = appendLive(live, point(5, [2, 0]), resolution);
    live = appendLive(live, point(14, [3, 0]), resolution);
    live = appendLive(live, point(16, [4, 0]), resolution);
    expect(live).toEqual([point(14, [3, 0]), point(16, [4, 0])]);
  });

  it('replaces a board seen twice and ignores an older one', () => {
    const live = [point(30, [1, 0])];
    expect(appendLive(live, point(30, [2, 0]), resolution)).toEqual([point(30, [2, 0])]);
    expect(appendLive(live, point(10, [9, 0]), resolution)).toEqual(live);
  });
});

describe('mergePoints', () => {
  it('merges history and live points in time order, the live one winning at the same instant', () => {
    expect(mergePoints([point(0, [1, 0]), point(60, [2, 0])], [point(60, [5, 0]), point(75, [6, 0])])).toEqual([point(0, [1, 0]), point(60, [5, 0]), point(75, [6, 0])]);
  });
});

describe('trimToWindow', () => {
  it('drops what is older than the window but keeps the last point before it, where the lines start', () => {
    const points = [point(0, [1, 0]), point(60, [2, 0]), point(120, [3, 0]), point(180, [4, 0])];
    expect(trimToWindow(points, T0 + 90_000)).toEqual([point(60, [2, 0]), point(120, [3, 0]), point(180, [4, 0])]);
    expect(trimToWindow(points, T0 + 999_000)).toEqual([point(180, [4, 0])]);
    expect(trimToWindow(points, T0 - 1)).toEqual(points);
  });
});

describe('breachMarkers', () => {
  it('marks where a channel’s breached count rose, by how much, and not where it fell or first appears', () => {
    const points = [point(0, [3, 1], [0, 0]), point(60, [4, 1], [1, 0]), point(120, [4, 3], [1, 0]), point(180, [2, 0], [1, 1]), point(240, [2, 1])];
    expect(breachMarkers(points)).toEqual([
      { at: T0 + 120_000, channelId: 'chn_sms', waiting: 4, rise: 2 },
      { at: T0 + 180_000, channelId: 'chn_chat', waiting: 1, rise: 1 },
      { at: T0 + 240_000, channelId: 'chn_sms', waiting: 2, rise: 1 },
    ]);
  });

  it('finds a rise between the last snapshot and the first push (history and live merged)', () => {
    const { points } = historyPoints([buildSnapshot(at(0), SMS, 1), buildSnapshot(at(60), SMS, 1)]);
    const live = boardPoint(buildBoard({ asOf: at(70), channels: [buildChannelBoardRow({ waitingCount: 1, breachedCount: 1 })] })).point;
    expect(breachMarkers(mergePoints(points, [live]))).toEqual([{ at: T0 + 70_000, channelId: 'chn_sms', waiting: 1, rise: 1 }]);
  });
});

describe('alignedData', () => {
  it('gives uPlot seconds and one column per channel, null where a point lacks it, the last values carried to now', () => {
    const points = [point(0, [1, 0]), point(60, [2, 0], [5, 0])];
    expect(alignedData(points, [CHAT, SMS], T0 + 90_000)).toEqual([
      [T0 / 1000, T0 / 1000 + 60, T0 / 1000 + 90],
      [null, 5, 5],
      [1, 2, 2],
    ]);
  });
});

describe('summarize', () => {
  it('says per channel the latest count, the most in the window and the breaches in it', () => {
    const points = [point(0, [9, 0], [0, 0]), point(60, [3, 0], [1, 0]), point(120, [5, 1], [2, 0]), point(180, [4, 1])];
    const markers = breachMarkers(points);
    expect(summarize(points, [CHAT, SMS], markers, T0 + 30_000)).toEqual([
      { channel: CHAT, latest: 2, peak: 2, breaches: 0 },
      { channel: SMS, latest: 4, peak: 5, breaches: 1 },
    ]);
  });
});

describe('mergeChannels and pointAt', () => {
  it('orders channels by name, once each, whichever list named them', () => {
    expect(mergeChannels([SMS], [CHAT, SMS])).toEqual([CHAT, SMS]);
  });

  it('finds the point a stepped line holds at an instant', () => {
    const points = [point(0, [1, 0]), point(60, [2, 0])];
    expect(pointAt(points, T0 + 59_000)).toEqual(points[0]);
    expect(pointAt(points, T0 + 60_000)).toEqual(points[1]);
    expect(pointAt(points, T0 - 1)).toBeUndefined();
  });
});
