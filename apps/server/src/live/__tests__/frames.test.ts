import { parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import type { LiveRequest, LiveSocket } from '../../modules/context.js';
import { CloseCode, FrameBatch } from '../frames.js';

/** A socket that records what the batch does to it, in order. */
function recordingSocket(bufferedAmount = 0): LiveSocket & { log: string[] } {
  const log: string[] = [];
  return {
    log,
    bufferedAmount,
    readyState: 1,
    send: (data) => void log.push(`send ${JSON.parse(data).payload.n}`),
    close: (code) => void log.push(`close ${code}`),
    cork: () => void log.push('cork'),
    uncork: () => void log.push('uncork'),
  };
}

const request = (socket: LiveSocket, id = 'sub-1'): LiveRequest =>
  ({ socket, subscriptionId: id, document: parse('{ __typename }'), variables: {}, hub: {} as LiveRequest['hub'] });

describe('FrameBatch', () => {
  it('corks each socket once for a batch, so its frames leave together, in order, at flush', () => {
    const a = recordingSocket();
    const b = recordingSocket();
    const batch = new FrameBatch();
    for (const n of [1, 2, 3]) {
      batch.write(request(a), `{"n":${n}}`, 1024);
      batch.write(request(b, 'sub-2'), `{"n":${n}}`, 1024);
    }
    expect(a.log).toEqual(['cork', 'send 1', 'send 2', 'send 3']);
    batch.flush();
    expect(a.log.at(-1)).toBe('uncork');
    expect(b.log).toEqual(['cork', 'send 1', 'send 2', 'send 3', 'uncork']);
  });

  it('still closes a socket that reads too slowly (4008), and counts it', () => {
    const slow = recordingSocket(2048);
    const batch = new FrameBatch();
    expect(batch.write(request(slow), '{"n":1}', 1024)).toBe('closed-slow');
    batch.flush();
    expect(slow.log).toEqual(['cork', `close ${CloseCode.TOO_SLOW}`, 'uncork']);
    expect(batch.slowClosed).toBe(1);
  });
});
