import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import { guardedLookup, isRefusedAddress } from './webhook-url.js';

export interface SendResult {
  /** A 2xx answer. */
  ok: boolean;
  httpStatus: number | null;
  error: string | null;
  /** The send was cut by `signal` (the dispatcher stopping), not by the receiver. */
  aborted: boolean;
}

export interface SendOptions {
  timeoutMs: number;
  allowPrivate: boolean;
  signal: AbortSignal;
}

const USER_AGENT = 'Switchboard-Webhooks/1';

/**
 * One POST. Redirects are not followed (a 3xx is a failure: following one could lead into a
 * private network), the address is checked on the connection itself, and the answer must start
 * within `timeoutMs`; its body is read and dropped.
 */
export function postWebhook(rawUrl: string, body: string, headers: Record<string, string>, options: SendOptions): Promise<SendResult> {
  return new Promise((resolve) => {
    let settled = false;
    let timer: NodeJS.Timeout | undefined;
    let request: http.ClientRequest | undefined;
    const onAbort = () => {
      request?.destroy();
      finish({ ok: false, httpStatus: null, error: 'interrupted: the dispatcher stopped' }, true);
    };
    const finish = (result: Omit<SendResult, 'aborted'>, aborted = false) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      options.signal.removeEventListener('abort', onAbort);
      resolve({ ...result, aborted });
    };
    const url = new URL(rawUrl);
    const host = url.hostname.replace(/^\[|\]$/g, '');
    if (!options.allowPrivate && net.isIP(host) !== 0 && isRefusedAddress(host)) {
      return finish({ ok: false, httpStatus: null, error: `${host} is a refused address` });
    }
    if (options.signal.aborted) return onAbort();
    request = (url.protocol === 'https:' ? https : http).request(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(body),
        'user-agent': USER_AGENT,
        ...headers,
      },
      ...(options.allowPrivate ? {} : { lookup: guardedLookup }),
    });
    // Before anything can destroy it: a destroyed request emits 'error' on a later tick.
    request.on('error', (error: NodeJS.ErrnoException) => {
      finish({ ok: false, httpStatus: null, error: error.code ? `${error.code}: ${error.message}` : error.message });
    });
    request.on('response', (response) => {
      response.on('error', () => undefined); // a body cut off after the status: the status stands
      response.resume(); // read and drop the body, so a kept-alive socket can be reused
      const status = response.statusCode ?? 0;
      const ok = status >= 200 && status < 300;
      finish({ ok, httpStatus: status, error: ok ? null : `answered HTTP ${status}` });
    });
    timer = setTimeout(() => {
      request?.destroy();
      finish({ ok: false, httpStatus: null, error: `no answer in ${options.timeoutMs / 1000} s` });
    }, options.timeoutMs);
    options.signal.addEventListener('abort', onAbort, { once: true });
    request.end(body);
  });
}
