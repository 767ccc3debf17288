import { isResumableClose } from '@switchboard/schema';

/** A close code graphql-ws retries like a dropped connection (RFC 6455 "Try Again Later"). */
export const RETRY_LATER_CLOSE_CODE = 1013;

/** What graphql-ws sees instead of a resumable close; `originalCode` keeps the server's code for logs. */
export interface ResumableCloseEvent {
  code: number;
  reason: string;
  wasClean: boolean;
  originalCode: number;
}

type CloseListener = ((this: WebSocket, event: CloseEvent) => unknown) | null;

/**
 * The server closes with 4500 when it failed to dispatch an event: "reconnect and resume from your
 * cursor". graphql-ws treats 4500 as fatal and would end every subscription; shown to it as 1013,
 * its own retry loop (the console's only one) reconnects, and every subscription carries on.
 * graphql-ws listens through `onclose`, so that is the property this class translates.
 */
export function resumableWebSocket(Base: typeof WebSocket): typeof WebSocket {
  return class ResumableWebSocket extends Base {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols);
      let listener: CloseListener = null;
      // Set through the base class's own setter, once; later assignments land in `listener`.
      this.onclose = (event) => {
        const seen: CloseEvent | ResumableCloseEvent = isResumableClose(event)
          ? { code: RETRY_LATER_CLOSE_CODE, reason: event.reason, wasClean: event.wasClean, originalCode: event.code }
          : event;
        listener?.call(this, seen as CloseEvent);
      };
      Object.defineProperty(this, 'onclose', {
        configurable: true,
        enumerable: true,
        get: () => listener,
        set: (next: CloseListener) => {
          listener = next;
        },
      });
    }
  };
}
