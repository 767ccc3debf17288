import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postWebhook } from '../webhook-sender.js';
import { startReceiver, type Receiver } from './receiver.js';

let receiver: Receiver;
const open = new AbortController().signal;

beforeAll(async () => {
  receiver = await startReceiver((request) => (request.path === '/moved' ? { status: 302 } : request.path === '/slow' ? 'hang' : { status: 204 }));
});
afterAll(() => receiver.close());

describe('postWebhook', () => {
  it('posts the body with its headers and reports a 2xx', async () => {
    const result = await postWebhook(`${receiver.url}/ok`, '{"a":1}', { 'Switchboard-Event-Id': '7' }, { timeoutMs: 1_000, allowPrivate: true, signal: open });
    expect(result).toEqual({ ok: true, httpStatus: 204, error: null, aborted: false });
    expect(receiver.on('/ok')[0]).toMatchObject({ raw: '{"a":1}', headers: { 'switchboard-event-id': '7', 'content-type': 'application/json' } });
  });

  it('does not follow redirects: a 3xx is a failure', async () => {
    expect(await postWebhook(`${receiver.url}/moved`, '{}', {}, { timeoutMs: 1_000, allowPrivate: true, signal: open }))
      .toEqual({ ok: false, httpStatus: 302, error: 'answered HTTP 302', aborted: false });
  });

  it('gives up on no answer within the timeout, and on a stop at once', async () => {
    expect(await postWebhook(`${receiver.url}/slow`, '{}', {}, { timeoutMs: 200, allowPrivate: true, signal: open }))
      .toEqual({ ok: false, httpStatus: null, error: 'no answer in 0.2 s', aborted: false });
    const stop = new AbortController();
    const pending = postWebhook(`${receiver.url}/slow`, '{}', {}, { timeoutMs: 5_000, allowPrivate: true, signal: stop.signal });
    stop.abort();
    expect(await pending).toMatchObject({ ok: false, aborted: true });
    stop.abort();
    expect(await postWebhook(`${receiver.url}/ok`, '{}', {}, { timeoutMs: 5_000, allowPrivate: true, signal: stop.signal })).toMatchObject({ aborted: true });
  });

  it('refuses a private address on the connection itself unless private targets are allowed (DNS rebinding)', async () => {
    const before = receiver.received.length;
    const port = new URL(receiver.url).port;
    const literal = await postWebhook(`http://127.0.0.1:${port}/x`, '{}', {}, { timeoutMs: 1_000, allowPrivate: false, signal: open });
    expect(literal).toMatchObject({ ok: false, error: '127.0.0.1 is a refused address' });
    const named = await postWebhook(`http://localhost:${port}/x`, '{}', {}, { timeoutMs: 1_000, allowPrivate: false, signal: open });
    expect(named).toMatchObject({ ok: false, httpStatus: null });
    expect(named.error).toMatch(/refused address/);
    expect(receiver.received.length).toBe(before);
  });
});
