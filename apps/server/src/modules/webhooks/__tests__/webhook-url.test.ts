import { describe, expect, it } from 'vitest';
import { DomainError } from '../../../errors.js';
import { checkWebhookUrl, isRefusedAddress } from '../webhook-url.js';
import { signWebhook, verifyWebhookSignature } from '../webhook-signer.js';

const resolvesTo = (...addresses: string[]) => async () => addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));

async function refusal(url: string, lookup = resolvesTo('93.184.215.14')): Promise<DomainError> {
  const error = await checkWebhookUrl(url, { allowPrivate: false, lookup }).then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(DomainError);
  return error as DomainError;
}

describe('isRefusedAddress', () => {
  it.each([
    '127.0.0.1', '127.255.0.9', '10.1.2.3', '172.16.0.1', '172.31.255.255', '192.168.1.1', '169.254.169.254', '100.64.0.1',
    '0.0.0.0', '224.0.0.1', '255.255.255.255', '::1', '::', 'fc00::1', 'fd12:3456::1', 'fe80::1', 'ff02::1',
    '::ffff:127.0.0.1', '::ffff:7f00:1', '::ffff:10.0.0.1', '64:ff9b::a00:1', '2002:c0a8:101::1', 'not-an-address',
  ])('refuses %s', (address) => {
    expect(isRefusedAddress(address)).toBe(true);
  });

  it.each(['93.184.215.14', '8.8.8.8', '172.32.0.1', '2606:4700::1111', '::ffff:8.8.8.8', '64:ff9b::808:808'])('allows %s', (address) => {
    expect(isRefusedAddress(address)).toBe(false);
  });
});

describe('checkWebhookUrl', () => {
  it('accepts a public http(s) URL and normalizes it', async () => {
    await expect(checkWebhookUrl(' https://Hooks.Example.com/in#x ', { allowPrivate: false, lookup: resolvesTo('93.184.215.14') }))
      .resolves.toBe('https://hooks.example.com/in');
  });

  it.each(['ftp://example.com/x', 'file:///etc/passwd', 'javascript:alert(1)', 'not a url', ''])('refuses %j as not http(s)', async (url) => {
    const error = await refusal(url);
    expect(error.code).toBe('BAD_USER_INPUT');
    expect(error.extensions.field).toBe('url');
  });

  it.each([
    ['http://127.0.0.1:8080/', undefined], ['http://[::1]/', undefined], ['http://10.0.0.8/', undefined], ['http://169.254.169.254/latest', undefined],
    ['http://[::ffff:192.168.0.1]/', undefined], ['http://internal.example.com/', resolvesTo('93.184.215.14', '192.168.0.10')],
    ['http://localhost/', resolvesTo('127.0.0.1', '::1')],
  ])('refuses %s (loopback, private or link-local)', async (url, lookup) => {
    expect((await refusal(url, lookup)).message).toMatch(/^url: must not point to a loopback, private or reserved address/);
  });

  it('says which address was refused and which setting allows private ones', async () => {
    expect((await refusal('http://127.0.0.1:9/hook')).message).toBe(
      'url: must not point to a loopback, private or reserved address (127.0.0.1 is one); the server allows them only with SWITCHBOARD_WEBHOOK_ALLOW_PRIVATE=true');
    expect((await refusal('http://internal.example.com/', resolvesTo('93.184.215.14', '192.168.0.10'))).message).toContain('(internal.example.com resolves to 192.168.0.10)');
  });

  it('refuses a host that does not resolve', async () => {
    const error = await refusal('https://nowhere.invalid/', async () => { throw Object.assign(new Error('ENOTFOUND'), { code: 'ENOTFOUND' }); });
    expect(error.message).toBe('url: its host nowhere.invalid does not resolve');
  });

  it('allows private addresses when told to (SWITCHBOARD_WEBHOOK_ALLOW_PRIVATE=true), never other schemes', async () => {
    await expect(checkWebhookUrl('http://127.0.0.1:9/x', { allowPrivate: true })).resolves.toBe('http://127.0.0.1:9/x');
    await expect(checkWebhookUrl('ftp://127.0.0.1/', { allowPrivate: true })).rejects.toThrow(/http or https/);
  });
});

describe('signWebhook', () => {
  it('signs "<t>.<raw body>" with HMAC-SHA256 as lowercase hex, and verifies only the same secret and body', () => {
    const at = new Date('2026-11-22T16:33:07Z');
    const header = signWebhook('whsec_test', '{"a":1}', at);
    expect(header).toMatch(/^t=1795365187,v1=[0-9a-f]{64}$/);
    expect(verifyWebhookSignature('whsec_test', '{"a":1}', header, { now: at })).toBe(true);
    expect(verifyWebhookSignature('whsec_other', '{"a":1}', header, { now: at })).toBe(false);
    expect(verifyWebhookSignature('whsec_test', '{"a":2}', header, { now: at })).toBe(false);
    expect(verifyWebhookSignature('whsec_test', '{"a":1}', header, { now: new Date(at.getTime() + 3600_000) })).toBe(false);
  });
});
