import dns from 'node:dns';
import net from 'node:net';
import { INPUT_LIMITS } from '@switchboard/schema';
import { badWebhookUrl, RefusedAddressError } from './webhook.errors.js';

/**
 * Which addresses a webhook may reach: not loopback, private, link-local, shared, multicast or
 * reserved space (a webhook must not become a way into the server's own network). Checked when
 * the webhook is created and again on every connection (the sender's `lookup`), so a host that
 * later resolves elsewhere (DNS rebinding) is refused too.
 */
const REFUSED = new net.BlockList();
for (const [address, prefix] of [
  ['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12],
  ['192.0.0.0', 24], ['192.0.2.0', 24], ['192.168.0.0', 16], ['198.18.0.0', 15], ['198.51.100.0', 24], ['203.0.113.0', 24],
  ['224.0.0.0', 4], ['240.0.0.0', 4],
] as const) REFUSED.addSubnet(address, prefix, 'ipv4');
for (const [address, prefix] of [
  ['::', 96], // unspecified, loopback and the old IPv4-compatible form
  ['100::', 64], ['2001:db8::', 32], ['fc00::', 7], ['fe80::', 10], ['fec0::', 10], ['ff00::', 8],
] as const) REFUSED.addSubnet(address, prefix, 'ipv6');

/** True for an address a webhook may not reach; IPv6 forms that embed an IPv4 address are judged by it. */
export function isRefusedAddress(address: string): boolean {
  const family = net.isIP(address);
  if (family === 4) return REFUSED.check(address, 'ipv4');
  if (family !== 6) return true;
  const embedded = embeddedIpv4(address);
  if (embedded !== null && REFUSED.check(embedded, 'ipv4')) return true;
  return REFUSED.check(address, 'ipv6');
}

/** The IPv4 address inside an IPv4-mapped (::ffff:0:0/96), NAT64 (64:ff9b::/96) or 6to4 (2002::/16) address. */
function embeddedIpv4(address: string): string | null {
  const words = expandIpv6(address);
  if (!words) return null;
  const v4 = (high: number, low: number) => `${high >> 8}.${high & 255}.${low >> 8}.${low & 255}`;
  const zeros = (from: number, to: number) => words.slice(from, to).every((word) => word === 0);
  if (zeros(0, 5) && words[5] === 0xffff) return v4(words[6]!, words[7]!);
  if (words[0] === 0x64 && words[1] === 0xff9b && zeros(2, 6)) return v4(words[6]!, words[7]!);
  if (words[0] === 0x2002) return v4(words[1]!, words[2]!);
  return null;
}

function expandIpv6(address: string): number[] | null {
  let text = address.split('%')[0]!;
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted) {
    const [a, b, c, d] = dotted[1]!.split('.').map(Number) as [number, number, number, number];
    text = `${text.slice(0, dotted.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.split('::') as [string, string | undefined];
  const parse = (part: string) => (part === '' ? [] : part.split(':').map((word) => parseInt(word, 16)));
  const left = parse(head);
  const right = tail === undefined ? [] : parse(tail);
  const words = tail === undefined ? left : [...left, ...new Array<number>(8 - left.length - right.length).fill(0), ...right];
  return words.length === 8 && words.every((word) => Number.isInteger(word) && word >= 0 && word <= 0xffff) ? words : null;
}

export type LookupAll = (hostname: string) => Promise<Array<{ address: string; family: number }>>;

const lookupAll: LookupAll = (hostname) => dns.promises.lookup(hostname, { all: true, verbatim: true });

export const MAX_URL_LENGTH = INPUT_LIMITS.webhookUrlMax;

/**
 * Validates a webhook URL: http or https, a host, and (unless `allowPrivate`) every address the
 * host resolves to is public. Returns the URL as the WHATWG parser normalizes it.
 */
export async function checkWebhookUrl(raw: string, options: { allowPrivate: boolean; lookup?: LookupAll }): Promise<string> {
  const text = raw.trim();
  if (text.length === 0 || text.length > MAX_URL_LENGTH) throw badWebhookUrl(`must be 1 to ${MAX_URL_LENGTH} characters`);
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw badWebhookUrl('is not a URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw badWebhookUrl('must be an http or https URL');
  if (url.hostname === '') throw badWebhookUrl('must name a host');
  if (!options.allowPrivate) {
    const host = url.hostname.replace(/^\[|\]$/g, '');
    let addresses: string[];
    try {
      addresses = net.isIP(host) ? [host] : (await (options.lookup ?? lookupAll)(host)).map((entry) => entry.address);
    } catch {
      throw badWebhookUrl(`its host ${host} does not resolve`);
    }
    const refused = addresses.find(isRefusedAddress);
    if (refused !== undefined || addresses.length === 0) {
      const where = refused === undefined ? `${host} resolves to no address` : net.isIP(host) ? `${host} is one` : `${host} resolves to ${refused}`;
      throw badWebhookUrl(`must not point to a loopback, private or reserved address (${where}); the server allows them only with SWITCHBOARD_WEBHOOK_ALLOW_PRIVATE=true`);
    }
  }
  url.hash = '';
  return url.toString();
}

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | dns.LookupAddress[], family?: number) => void;

/**
 * A `lookup` for http(s).request that refuses private addresses on the connection itself. Node
 * skips `lookup` for an IP literal, so the sender checks literals before it connects.
 */
export function guardedLookup(hostname: string, options: dns.LookupOptions, callback: LookupCallback): void {
  dns.lookup(hostname, { ...options, all: true }, (error, addresses) => {
    if (error) return callback(error, []);
    const allowed = addresses.filter((entry) => !isRefusedAddress(entry.address));
    if (allowed.length === 0) {
      return callback(Object.assign(new RefusedAddressError(`${hostname} resolves to a refused address`)), []);
    }
    if (options.all) return callback(null, allowed);
    callback(null, allowed[0]!.address, allowed[0]!.family);
  });
}
