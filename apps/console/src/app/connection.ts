import type { FeedStatus } from '@switchboard/schema';

/**
 * How the console knows its connection is real (issue 14): the one place these rules live. The
 * client pings every PING_INTERVAL_MS; a pong missing for PONG_TIMEOUT_MS more means the server
 * may be gone though no close arrived (a dead server or network drops packets silently): the
 * console says "Reconnecting…" and refuses actions at once. The socket itself is dropped (and
 * graphql-ws reconnects on its schedule) only after DROP_AFTER_MS without a pong, so a server that
 * stalls for a second (a long GC, a burst) does not make every console reconnect at once; a late
 * pong makes it "Live" again without one. Reconnecting for OFFLINE_AFTER_MS without success says
 * "Offline"; the retries go on and "Live" comes back once resumed.
 */
export const PING_INTERVAL_MS = 1_000;
// Under a second, so a silent server shows as "Reconnecting…" within two: the next ping leaves up to
// PING_INTERVAL_MS after the last frame received.
export const PONG_TIMEOUT_MS = 800;
export const DROP_AFTER_MS = 5_000;
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

/**
 * `suspect(true)` when a ping this client sent got no pong within `timeoutMs` (and `suspect(false)`
 * when one comes after all, or the socket closes); `lost()` when none came within `dropMs`.
 */
export function watchPongs(
  on: { suspect(suspect: boolean): void; lost(): void },
  timeoutMs = PONG_TIMEOUT_MS,
  dropMs = DROP_AFTER_MS,
): PongWatch {
  let suspectTimer: ReturnType<typeof setTimeout> | undefined;
  let dropTimer: ReturnType<typeof setTimeout> | undefined;
  let suspected = false;
  const stop = () => {
    clearTimeout(suspectTimer);
    clearTimeout(dropTimer);
    suspectTimer = dropTimer = undefined;
    if (suspected) {
      suspected = false;
      on.suspect(false);
    }
  };
  return {
    ping: (received) => {
      if (received || dropTimer !== undefined) return;
      suspectTimer = setTimeout(() => {
        suspected = true;
        on.suspect(true);
      }, timeoutMs);
      dropTimer = setTimeout(() => {
        stop();
        on.lost();
      }, dropMs);
    },
    pong: (received) => {
      if (received) stop();
    },
    stop,
  };
}

/** Whether the socket is suspected dead now, for React (useSyncExternalStore). */
export interface Suspicion {
  current(): boolean;
  subscribe(listener: () => void): () => void;
  set(suspect: boolean): void;
}

export function createSuspicion(): Suspicion {
  let value = false;
  const listeners = new Set<() => void>();
  return {
    current: () => value,
    subscribe: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    set: (next) => {
      if (next === value) return;
      value = next;
      listeners.forEach((listener) => listener());
    },
  };
}

/** The header's state from the feed's status, whether it is behind, whether it gave up waiting, and whether the socket is suspected dead. */
export function connectionState(status: FeedStatus, catchingUp: boolean, offline: boolean, suspect = false): ConnectionState {
  if (status === 'stopped' || (status !== 'live' && offline)) return 'offline';
  if (status === 'live' && suspect) return 'reconnecting';
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
