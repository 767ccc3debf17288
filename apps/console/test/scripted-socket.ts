/**
 * A WebSocket double that speaks enough graphql-transport-ws for the console's client: it
 * acknowledges connection_init, records subscribe / complete, and lets a test play the server
 * (send `next`, close with a code). Each socket the client opens is kept, newest last.
 */
interface Frame {
  id?: string;
  type: string;
  payload?: unknown;
}

export interface ScriptedServer {
  sockets: ScriptedSocket[];
  /** The newest socket. */
  latest(): ScriptedSocket;
  WebSocket: typeof WebSocket;
}

export interface ScriptedSocket {
  readonly readyState: number;
  /** `subscribe` frames this socket received, by operation id. */
  subscribed: Map<string, { query: string; variables?: Record<string, unknown> }>;
  completed: string[];
  next(id: string, payload: unknown): void;
  /** The server closes the socket with `code` (e.g. 4500). */
  serverClose(code: number, reason?: string): void;
}

export function scriptedServer(): ScriptedServer {
  const sockets: ScriptedSocket[] = [];

  class Scripted extends EventTarget implements ScriptedSocket {
    static readonly CONNECTING = 0;
    static readonly OPEN = 1;
    static readonly CLOSING = 2;
    static readonly CLOSED = 3;
    readonly CONNECTING = 0;
    readonly OPEN = 1;
    readonly CLOSING = 2;
    readonly CLOSED = 3;
    readyState = 0;
    protocol = 'graphql-transport-ws';
    subscribed = new Map<string, { query: string; variables?: Record<string, unknown> }>();
    completed: string[] = [];
    // Listeners through the `on*` properties, as a browser WebSocket offers them (graphql-ws uses these).
    private handlers: Record<'open' | 'message' | 'close' | 'error', ((event: unknown) => void) | null> = { open: null, message: null, close: null, error: null };

    constructor(readonly url: string) {
      super();
      sockets.push(this);
      setTimeout(() => {
        if (this.readyState !== 0) return;
        this.readyState = 1;
        this.handlers.open?.({});
      }, 0);
    }

    get onopen() {
      return this.handlers.open;
    }
    set onopen(handler) {
      this.handlers.open = handler;
    }
    get onmessage() {
      return this.handlers.message;
    }
    set onmessage(handler) {
      this.handlers.message = handler;
    }
    get onclose() {
      return this.handlers.close;
    }
    set onclose(handler) {
      this.handlers.close = handler;
    }
    get onerror() {
      return this.handlers.error;
    }
    set onerror(handler) {
      this.handlers.error = handler;
    }

    send(data: string) {
      const frame = JSON.parse(data) as Frame;
      if (frame.type === 'connection_init') this.deliver({ type: 'connection_ack' });
      else if (frame.type === 'subscribe' && frame.id) this.subscribed.set(frame.id, frame.payload as { query: string });
      else if (frame.type === 'complete' && frame.id) this.completed.push(frame.id);
    }

    close(code = 1000, reason = '') {
      this.serverClose(code, reason);
    }

    next(id: string, payload: unknown) {
      this.deliver({ id, type: 'next', payload });
    }

    serverClose(code: number, reason = '') {
      if (this.readyState === 3) return;
      this.readyState = 3;
      this.handlers.close?.({ code, reason, wasClean: true });
    }

    private deliver(frame: Frame) {
      this.handlers.message?.({ data: JSON.stringify(frame) });
    }
  }

  return {
    sockets,
    latest: () => {
      const socket = sockets.at(-1);
      if (!socket) throw new Error('no socket was opened');
      return socket;
    },
    // The double implements what graphql-ws calls, not the whole DOM interface.
    WebSocket: Scripted as unknown as typeof WebSocket,
  };
}
