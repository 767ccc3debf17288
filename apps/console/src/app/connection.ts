import type { FeedStatus } from '@switchboard/schema';

/**
 * How the console knows its connection is real (issue 14): the one place these rules live. The
 * client pings every PING_INTERVAL_MS; a pong missing for PONG_TIMEOUT_MS more means the server
 * is gone even though no close arrived (a dead server or network drops packets silently), so the
 * socket is dropped and graphql-ws reconnects on its schedule. Reconnecting for OFFLINE_AFTER_MS
 * without success says "Offline"; the retries go on and "Live" comes back once resumed.
 */
export const PING_INTERVAL_MS = 1_000;
// Under a second, so a silent server shows as "Reconnecting…" within two: the next ping leaves up to
// PING_INTERVAL_MS after the last frame received.
export const PONG_TIMEOUT_MS = 800;
export const OFFLINE_AFTER_MS = 60_000;

/** What the header shows; "Live" only when connected and caught up. */
export type ConnectionState = 'connecting' | 'live' | 'catching-up' | 'reconnecting' | 'offline';

export interface PongWatch {
  /** graphql-ws `on.ping` / `on.pong`: `received` is false for the frames this client sent. */
  ping(received: boolean): void;
  pong(received: boolean): void;
  /** The socket closed: nothing is owed. */
  stop(): void;
}

/** Calls `onLost` when a ping this client sent got no pong within `timeoutMs`. */
export function watchPongs(onLost: () => void, timeoutMs = PONG_TIMEOUT_MS): PongWatch {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const stop = () => {
    clearTimeout(timer);
    timer = undefined;
  };
  return {
    ping: (received) => {
      if (received || timer !== undefined) return;
      timer = setTimeout(() => {
        timer = undefined;
        onLost();
      }, timeoutMs);
    },
    pong: (received) => {
      if (received) stop();
    },
    stop,
  };
}

/** The header's state from the feed's status, whether it is behind, and whether it gave up waiting. */
export function connectionState(status: FeedStatus, catchingUp: boolean, offline: boolean): ConnectionState {
  if (status === 'stopped' || (status !== 'live' && offline)) return 'offline';
  if (status === 'live') return catchingUp ? 'catching-up' : 'live';
  return status;
}

/** Whether an action sent now would reach the server; a first connection still loading is not refused. */
export function canAct(state: ConnectionState): boolean {
  return state !== 'reconnecting' && state !== 'offline';
}

export interface OfflineTracker {
  status(status: FeedStatus): void;
  stop(): void;
}

/** `onChange(true)` after OFFLINE_AFTER_MS of reconnecting without reaching "live"; `false` once live again. */
export function trackOffline(onChange: (offline: boolean) => void, afterMs = OFFLINE_AFTER_MS): OfflineTracker {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let offline = false;
  const set = (next: boolean) => {
    if (next === offline) return;
    offline = next;
    onChange(next);
  };
  return {
    status: (status) => {
      if (status === 'reconnecting') {
        timer ??= setTimeout(() => set(true), afterMs);
        return;
      }
      clearTimeout(timer);
      timer = undefined;
      if (status === 'live') set(false);
    },
    stop: () => clearTimeout(timer),
  };
}
