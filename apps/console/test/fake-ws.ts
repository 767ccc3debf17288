import type { Client as WsClient } from 'graphql-ws';

export type Sink = Parameters<WsClient['subscribe']>[1];

/** A graphql-ws client stand-in that hands each subscription's sink to the test, to push events through. */
export function fakeWsClient(): { ws: WsClient; sinks: Sink[] } {
  const sinks: Sink[] = [];
  const ws = {
    subscribe: (_payload: unknown, sink: Sink) => {
      sinks.push(sink);
      return () => undefined;
    },
    on: () => () => undefined,
  } as unknown as WsClient;
  return { ws, sinks };
}
