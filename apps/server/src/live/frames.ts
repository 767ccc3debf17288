import { DISPATCH_FAILED_CLOSE_CODE } from '@switchboard/schema';
import type { LiveRequest, LiveSocket } from '../modules/context.js';

/**
 * The graphql-ws side of the live path: how frames and closes look on the wire. Everything the
 * hub writes goes through here, so the protocol is spoken in one place.
 */
export const CloseCode = {
  /** graphql-ws's Forbidden: no valid token, or the session ended (sign-out, deactivation, expiry). */
  FORBIDDEN: 4403,
  /** The socket read too slowly; the client resumes from its cursor. */
  TOO_SLOW: 4008,
  /** The server failed to deliver an event; the client retries and resumes from its cursor. */
  DISPATCH_FAILED: DISPATCH_FAILED_CLOSE_CODE,
} as const;

const OPEN = 1;

export type FrameResult = 'sent' | 'closed-slow' | 'not-open';

/**
 * The frames of one dispatch: every socket written to is corked on its first frame and uncorked
 * by `flush`, so a socket that gets many events in a batch costs one system call, not one each.
 */
export class FrameBatch {
  private readonly corked = new Set<LiveSocket>();
  /** How many sockets were closed for reading too slowly. */
  slowClosed = 0;

  write(request: LiveRequest, payload: string, slowBytes: number): FrameResult {
    const { socket } = request;
    if (socket.cork && !this.corked.has(socket) && isOpen(socket)) {
      socket.cork();
      this.corked.add(socket);
    }
    const result = writeNext(request, payload, slowBytes);
    if (result === 'closed-slow') this.slowClosed++;
    return result;
  }

  flush(): void {
    for (const socket of this.corked) socket.uncork?.();
    this.corked.clear();
  }
}

/**
 * graphql-ws frames each `next` with its subscription id; the payload was serialized once for
 * every socket of a render group, so the frame is that id put in front of it. A socket whose
 * buffer passes `slowBytes` is closed instead: the client resumes with its cursor.
 */
export function writeNext(request: LiveRequest, payload: string, slowBytes: number): FrameResult {
  const { socket, subscriptionId } = request;
  if (socket.readyState !== OPEN) return 'not-open';
  if (socket.bufferedAmount > slowBytes) {
    // The close frame queues behind the unread data; ws destroys the socket if it never drains.
    socket.close(CloseCode.TOO_SLOW, 'Too slow: resume with your last cursor');
    return 'closed-slow';
  }
  socket.send(`{"id":${JSON.stringify(subscriptionId)},"type":"next","payload":${payload}}`);
  return 'sent';
}

export function isOpen(socket: LiveSocket): boolean {
  return socket.readyState === OPEN;
}
