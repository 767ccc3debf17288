import { describe, expect, it } from 'vitest';
import { AddressError, normalizeAddress, type ChannelKindName } from '../addresses.js';

const ALL_KINDS: ChannelKindName[] = ['SMS', 'EMAIL', 'CHAT', 'TWITTER', 'FACEBOOK', 'VOICE', 'FORUM'];
const HANDLE_KINDS: ChannelKindName[] = ['TWITTER', 'FACEBOOK', 'FORUM', 'CHAT'];

function rejection(kind: ChannelKindName, raw: string): AddressError {
  try {
    normalizeAddress(kind, raw);
  } catch (error) {
    expect(error).toBeInstanceOf(AddressError);
    return error as AddressError;
  }
  throw new Error(`expected ${kind} ${JSON.stringify(raw)} to be rejected`);
}

describe('normalizeAddress: phone numbers (SMS, VOICE)', () => {
  it.each([
    ['SMS', '+1 (555) 010-9999', '+15550109999'],
    ['VOICE', '+1 (555) 010-9999', '+15550109999'],
    ['SMS', '0044 20 7946 0958', '+442079460958'],
    ['VOICE', '0044 20 7946 0958', '+442079460958'],
    ['SMS', '+15550109999', '+15550109999'],
    ['SMS', '  +44.20.7946.0958  ', '+442079460958'],
    ['SMS', '+33-1-23-45-67-89', '+33123456789'],
    ['SMS', '+4912345678', '+4912345678'], // 10 digits
    ['SMS', '+12345678', '+12345678'], // 8 digits: the shortest accepted
    ['SMS', '+123456789012345', '+123456789012345'], // 15 digits: the longest accepted
    ['SMS', '+1\t555\u00a0010 9999', '+15550109999'], // any whitespace is a separator
  ] as const)('%s %j → %j', (kind, raw, expected) => {
    expect(normalizeAddress(kind, raw)).toBe(expected);
  });

  it.each([
    ['12345', 'no + and too short'],
    ['5550109999', 'no + nor 00'],
    ['+1234567', '7 digits'],
    ['+1234567890123456', '16 digits'],
    ['0012345678901234567', '00 then 17 digits'],
    ['12ab', 'letters'],
    ['+1 555 CALL NOW', 'letters after the +'],
    ['+1 555 010 9999 ext 2', 'an extension'],
    ['++15550109999', 'two +'],
    ['1+5550109999', '+ in the middle'],
    ['+', '+ alone'],
    ['00', '00 alone'],
    ['+05550109999', 'a country code starting with 0'],
    ['+1/555/010/9999', 'a separator that is not allowed'],
  ])('rejects %j (%s)', (raw) => {
    for (const kind of ['SMS', 'VOICE'] as const) {
      const error = rejection(kind, raw);
      expect(error.message).toBe(`must be a phone number in international format (+ and 8 to 15 digits), got ${JSON.stringify(raw.trim())}`);
    }
  });
});

describe('normalizeAddress: e-mail', () => {
  it.each([
    ['  Jane@Example.COM ', 'jane@example.com'],
    ['jane@example.com', 'jane@example.com'],
    ['Jane.Doe+Support@Mail.Example.co.uk', 'jane.doe+support@mail.example.co.uk'],
    ['\tJANE@EXAMPLE.ORG\n', 'jane@example.org'],
  ])('%j → %j', (raw, expected) => {
    expect(normalizeAddress('EMAIL', raw)).toBe(expected);
  });

  it.each([
    ['jane', 'no @'],
    ['jane@', 'no domain'],
    ['@example.com', 'no local part'],
    ['jane@example', 'no top-level domain'],
    ['jane@example.', 'an empty top-level domain'],
    ['jane@.example.com', 'an empty domain label'],
    ['jane@example..com', 'two dots in a row in the domain'],
    ['jane doe@example.com', 'a space in the local part'],
    ['jane@exa mple.com', 'a space in the domain'],
    ['jane@doe@example.com', 'two @'],
  ])('rejects %j (%s)', (raw) => {
    expect(rejection('EMAIL', raw).message).toBe(`must be an e-mail address like name@example.com, got ${JSON.stringify(raw)}`);
  });

  it('rejects an address longer than 254 characters', () => {
    const raw = `${'a'.repeat(64)}@${'b'.repeat(190)}.com`; // 259 characters
    expect(rejection('EMAIL', raw).message).toBe('must be an e-mail address of at most 254 characters, got 259');
  });
});

describe('normalizeAddress: handles (TWITTER, FACEBOOK, FORUM, CHAT)', () => {
  const accepted: Array<[string, string]> = [
    ['@JaneDoe', 'janedoe'],
    ['JaneDoe', 'janedoe'],
    ['  @Jane_Doe  ', 'jane_doe'],
    ['@@jane', '@jane'], // only one leading @ is removed
    ['jane@doe', 'jane@doe'], // an @ inside is kept
    ['Visitor-1F3A', 'visitor-1f3a'], // a chat visitor id
    ['Jane@Example.COM', 'jane@example.com'], // a chat visitor given by e-mail
    ['Zoë.Ärger', 'zoë.ärger'],
    ['x', 'x'],
    ['a'.repeat(200), 'a'.repeat(200)], // the longest accepted
    [`@${'A'.repeat(200)}`, 'a'.repeat(200)], // the @ does not count
  ];
  it.each(HANDLE_KINDS.flatMap((kind) => accepted.map(([raw, expected]) => [kind, raw, expected] as const)))(
    '%s %j → %j',
    (kind, raw, expected) => {
      expect(normalizeAddress(kind, raw)).toBe(expected);
    },
  );

  it.each(HANDLE_KINDS)('%s rejects a lone @', (kind) => {
    expect(rejection(kind, ' @ ').message).toMatch(/must not be empty, got "@"$/);
  });

  it.each(HANDLE_KINDS.flatMap((kind) => ['jane doe', '@jane doe', 'jane\tdoe', 'jane\ndoe', '@ jane'].map((raw) => [kind, raw] as const)))(
    '%s rejects %j (whitespace inside)',
    (kind, raw) => {
      expect(rejection(kind, raw).message).toMatch(/must not contain spaces, got "/);
    },
  );

  it.each(HANDLE_KINDS)('%s rejects a handle of 201 characters', (kind) => {
    expect(rejection(kind, 'a'.repeat(201)).message).toMatch(/must be at most 200 characters, got 201$/);
  });

  it('shortens a long rejected input in the message', () => {
    const message = rejection('TWITTER', `${'a'.repeat(100)} b`).message;
    expect(message).toContain(`"${'a'.repeat(60)}…"`);
    expect(message.length).toBeLessThan(120);
  });
});

describe('normalizeAddress: blank input', () => {
  it.each(ALL_KINDS.flatMap((kind) => ['', '   ', '\t\n'].map((raw) => [kind, raw] as const)))('%s rejects %j', (kind, raw) => {
    expect(rejection(kind, raw).message).toMatch(/must not be blank$/);
  });
});

describe('AddressError', () => {
  it('is an Error with its own name, so the caller can turn it into a BAD_USER_INPUT', () => {
    const error = rejection('SMS', '12ab');
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('AddressError');
  });
});
