import fc from 'fast-check';

/**
 * Hostile and plausible values for the fuzz run (test/api/fuzz): what a careless or malicious
 * client may put in a GraphQL variable. Limits named here mirror docs/api.md and the services
 * (200-char names, 255-char external ids, 64 KB bodies, 1 MiB requests, 30-day targets).
 */

const KB = 1024;

/** A lone UTF-16 surrogate: JSON carries it as `\udXXX`, PostgreSQL has no such character. */
const loneSurrogate = fc.integer({ min: 0xd800, max: 0xdfff }).map((unit) => String.fromCharCode(unit));

/** Strings at and just past every text limit the API has, in one- and multi-byte characters. */
const SIZED = [
  ...[199, 200, 201, 254, 255, 256, 320, 321, 500, 501, 1024, 1025, 2000, 2001].map((n) => 'a'.repeat(n)),
  'x'.repeat(64 * KB),
  'x'.repeat(64 * KB + 1),
  'é'.repeat(32 * KB), // exactly 64 KB of UTF-8
  'é'.repeat(32 * KB + 1),
  '😀'.repeat(16 * KB + 1), // 64 KB + 4 bytes, in far fewer UTF-16 units
  ' '.repeat(300),
];

/** Just over the 1 MiB request limit on its own: the server must answer 413, not fall over. */
export const OVER_REQUEST_LIMIT = 'y'.repeat(KB * KB + 16);

const HOSTILE = [
  '', ' ', '\t', '\n\r\n', '\u00a0', '\u200b', '\ufeff', '\u2028\u2029',
  '\u0000', 'a\u0000b', '\u0001\u001f\u007f',
  '\ud800', 'x\udc00', '\ud83d', '\udfff\ud800',
  '\u202eevil\u202c', 'שלום עולם', 'مرحبا', 'e\u0301\u0301\u0301\u0301', 'Z̴̡̛̖͎a̸̢͙l̷͉̈g̶̱̈́o̴͔͝',
  '👩‍👩‍👧‍👦', '🏳️‍🌈', '\u{10ffff}', '\ufffe\uffff',
  "'; DROP TABLE agent; --", "' OR '1'='1", '"; SELECT pg_sleep(10); --', "$1", '$$; $$', '\\', "\\'", '%', '_', '%_\\',
  '<script>alert(1)</script>', '<img src=x onerror=alert(1)>', '&lt;&amp;', '{{7*7}}', '${7*7}',
  '{"$ne": null}', '{"__proto__": {"role": "ADMIN"}}', '__proto__', 'constructor', '[]', '{}', 'null', 'undefined',
  'NaN', 'Infinity', '-1', '0', '2147483648', '9223372036854775807', '9223372036854775808', '9999999999999999999', '1e309', '0x7fffffff',
  '../../etc/passwd', 'thr_', 'thr_nope', 'agt_00000000-0000-0000-0000-000000000000', 'que_' + 'f'.repeat(60),
  '+', '@', '@@', 'a@b', 'a@b.', '@b.c', 'a b@c.d', '+0000000000', '+123', '+1234567890123456', '00', '0015550001111',
  '  +1 (555) 010-9999  ', 'Jane@Example.COM', '@Some_Handle',
];

/** Any hostile string: fixed edge cases, sized strings, random code points (NUL included) and lone surrogates. */
export const hostileString: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...HOSTILE) },
  { weight: 2, arbitrary: fc.constantFrom(...SIZED) },
  { weight: 3, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 30 }) },
  { weight: 1, arbitrary: fc.array(fc.oneof(loneSurrogate, fc.string({ maxLength: 3 })), { maxLength: 6 }).map((parts) => parts.join('')) },
  { weight: 1, arbitrary: fc.constant(OVER_REQUEST_LIMIT) },
);

/** Strings that pass the first checks, so calls reach the database and the rules behind them. */
export function plausibleString(name: string): fc.Arbitrary<string> {
  switch (name) {
    case 'email':
      return fc.tuple(fc.nat({ max: 1_000_000 }), fc.constantFrom('example.com', 'Example.ORG', 'x.io')).map(([n, domain]) => `fuzz${n}@${domain}`);
    case 'password':
      return fc.string({ minLength: 8, maxLength: 40 });
    case 'from':
    case 'address':
      return fc.oneof(
        fc.integer({ min: 1_000_000, max: 9_999_999 }).map((n) => `+1555${n}`),
        fc.nat({ max: 999 }).map((n) => `Customer${n}@Example.com`),
        fc.nat({ max: 999 }).map((n) => `@handle_${n}`),
      );
    case 'url':
      // Nothing listens there: a webhook the run creates fails its deliveries and sends nothing anywhere.
      return fc.constantFrom('http://127.0.0.1:1/fuzz', 'https://127.0.0.1:1/hook?x=1', 'ftp://127.0.0.1/x', 'javascript:alert(1)', 'http://', '//127.0.0.1:1/');
    case 'externalId':
    case 'idempotencyKey':
      // A small space, so redeliveries and retries happen.
      return fc.oneof(fc.constantFrom('ext-1', 'ext-2', 'key-1'), fc.string({ minLength: 1, maxLength: 20 }));
    default:
      return fc.string({ minLength: 1, maxLength: 40 });
  }
}

/** Numbers at and beyond every bound (GraphQL Int is 32-bit; capacity 0..1000; targets 1..30 days), and numbers that are not. */
export const hostileInt: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(0, 1, -1, 5, 200, 201, 500, 501, 1000, 1001, 2_592_000, 2_592_001, 2 ** 31 - 1, -(2 ** 31)) },
  { weight: 2, arbitrary: fc.integer() },
  { weight: 2, arbitrary: fc.constantFrom<unknown>(2 ** 31, -(2 ** 31) - 1, 2 ** 53 + 1, 1.5, -0, 1e308, 'NaN', '1', 'Infinity', '', true, [], {}) },
);

const DAY_MS = 24 * 3600_000;

/** Instants: recent ones that should work, and the edges of JavaScript's and PostgreSQL's ranges. */
export const hostileDateTime: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: fc.integer({ min: -400 * DAY_MS, max: 30_000 }).map((offset) => new Date(Date.now() + offset).toISOString()) },
  {
    weight: 3,
    arbitrary: fc.constantFrom<unknown>(
      '0001-01-01T00:00:00Z', '1970-01-01T00:00:00.000Z', '1900-02-29T00:00:00Z', '9999-12-31T23:59:59.999Z',
      '-271821-04-20T00:00:00.000Z', '+275760-09-13T00:00:00.000Z', '-004713-11-24T00:00:00Z', '-004714-01-01T00:00:00Z',
      '2026-02-30T00:00:00Z', '2026-13-01T00:00:00Z', '2026-01-01', '2026-01-01T00:00:00', '2026-01-01T25:00:00Z',
      '2026-01-01T00:00:00+99:00', 'now', 'yesterday', '', 0, -1, 1e15, 8.64e15 + 1, null,
    ),
  },
  { weight: 1, arbitrary: fc.date({ noInvalidDate: true }).map((date) => date.toISOString()) },
);

export const hostileBoolean: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: fc.boolean() },
  { weight: 1, arbitrary: fc.constantFrom<unknown>('true', 0, 1, 'yes', []) },
);

/** Values of the wrong shape for anything: what a client sends when it gets the schema wrong. */
export const wrongShape: fc.Arbitrary<unknown> = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }),
  fc.constantFrom<unknown>({ __proto__: null }, { constructor: { prototype: { admin: true } } }, [[[]]], { length: 1e9 }),
);

/** Event cursors: decimal ids, with the edges of bigint, and things that are not cursors at all. */
export const hostileCursor: fc.Arbitrary<string> = fc.oneof(
  fc.nat({ max: 10_000 }).map(String),
  fc.constantFrom('0', '', ' 1', '1 ', '-1', '1.5', '1e3', '01', '9223372036854775807', '9223372036854775808', '9999999999999999999',
    '٣', 'eyJpZCI6InRocl8ifQ', 'eyJpZCI6MX0', Buffer.from('{"id":null}').toString('base64url')),
  hostileString,
);
