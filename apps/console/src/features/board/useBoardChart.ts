import type { BoardViewFragment } from '@switchboard/schema';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useLiveStatus } from '../../app/live';
import { serverNow } from '../../app/server-clock';
import {
  appendLive,
  boardPoint,
  breachMarkers,
  DEFAULT_WINDOW_MS,
  historyPoints,
  liveResolutionMs,
  mergeChannels,
  mergePoints,
  summarize,
  trimToWindow,
  type ChartPoint,
} from './chart-data';
import { useBoardHistory } from './useBoardHistory';

/** The right edge moves on by itself this often when nothing is pushed (a quiet floor). */
const SLIDE_MS = 15_000;

/**
 * The chart's data: boardHistory read once per load (the page opening, another window, the socket
 * back after a drop), then one point per boardUpdated push, from the board the page already
 * keeps. History stops where the live points start: a snapshot is stamped with the start of its
 * interval but taken later, so the two are never interleaved.
 */
export function useBoardChart(board: BoardViewFragment) {
  const [load, setLoad] = useState(() => ({ windowMs: DEFAULT_WINDOW_MS, at: serverNow() }));
  const [live, setLive] = useState<ChartPoint[]>(() => [boardPoint(board).point]);
  const [seenAsOf, setSeenAsOf] = useState(board.asOf);
  const [now, setNow] = useState(() => serverNow());
  const history = useBoardHistory(useMemo(() => new Date(load.at - load.windowMs).toISOString(), [load]));

  if (board.asOf !== seenAsOf) {
    // A push: the board the page shows is one point newer.
    setSeenAsOf(board.asOf);
    setLive(appendLive(live, boardPoint(board).point, liveResolutionMs(load.windowMs)));
    setNow(serverNow());
  }

  const reload = (windowMs: number) => {
    setLoad({ windowMs, at: serverNow() });
    setLive([boardPoint(board).point]);
    setNow(serverNow());
  };

  useEffect(() => {
    const timer = setInterval(() => setNow(serverNow()), SLIDE_MS);
    return () => clearInterval(timer);
  }, []);

  // Back from a dropped socket: the pushes missed meanwhile are gone, the history has them.
  const status = useLiveStatus();
  const previous = useRef(status);
  const reloadRef = useRef(reload);
  reloadRef.current = reload;
  useEffect(() => {
    if (previous.current === 'reconnecting' && status === 'live') reloadRef.current(load.windowMs);
    previous.current = status;
  }, [status, load.windowMs]);

  const shaped = useMemo(() => {
    const past = historyPoints(history.data?.boardHistory ?? []);
    const liveFrom = live[0]?.at ?? Number.POSITIVE_INFINITY;
    const merged = mergePoints(past.points.filter((point) => point.at < liveFrom), live);
    const right = Math.max(now, merged.at(-1)?.at ?? now);
    const since = right - load.windowMs;
    const markers = breachMarkers(merged).filter((marker) => marker.at >= since);
    const points = trimToWindow(merged, since);
    const channels = mergeChannels(past.channels, boardPoint(board).channels);
    return { points, markers, channels, since, now: right, summaries: summarize(points, channels, markers, since) };
  }, [history.data, live, now, load.windowMs, board]);

  return {
    ...shaped,
    windowMs: load.windowMs,
    setWindowMs: reload,
    loading: history.loading && !history.data,
    error: history.data ? undefined : history.error,
    retry: () => reload(load.windowMs),
  };
}
