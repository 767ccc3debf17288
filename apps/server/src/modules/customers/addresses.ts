/**
 * Customer addresses are normalized before they are stored in `customer_identity` or looked up
 * (DESIGN.md, "Data"), so that one person writing as "+1 (555) 010-9999" and "+15550109999", or
 * as "Jane@Example.COM" and "jane@example.com", is one customer.
 */

/** The channel kinds, as in the `channel_kind` enum (declared here so this file stays pure). */
export type ChannelKindName = 'SMS' | 'EMAIL' | 'CHAT' | 'TWITTER' | 'FACEBOOK' | 'VOICE' | 'FORUM';

/** An address that cannot be normalized; the message is fit for a user (the caller makes it a BAD_USER_INPUT). */
export class AddressError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AddressError';
  }
}

/** Longest handle (social, forum, chat visitor id) accepted. */
export const MAX_HANDLE_LENGTH = 200;
/** Longest e-mail address accepted (RFC 5321 path limit). */
export const MAX_EMAIL_LENGTH = 254;

/** Separators people write inside phone numbers. */
const PHONE_SEPARATORS = /[\s\-.()]/g;
/** E.164 syntax only: `+`, a country code that does not start with 0, 8 to 15 digits in all. */
const E164 = /^\+[1-9]\d{7,14}$/;
/** local@domain.tld: no spaces, one @, a dotted domain with non-empty labels. */
const EMAIL = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/;

/**
 * The normalized form of `raw` for a channel kind. Throws an AddressError when `raw` is not a
 * valid address of that kind:
 * - SMS, VOICE: E.164 (`+` and 8–15 digits) after removing spaces, `-`, `.`, `(`, `)`; a leading
 *   `00` stands for `+`. No numbering-plan check, so +1 555 test numbers pass.
 * - EMAIL: trimmed and lower-cased `local@domain.tld`.
 * - TWITTER, FACEBOOK, FORUM, CHAT: trimmed, lower-cased, without one leading `@`; no whitespace
 *   inside, at most 200 characters.
 */
export function normalizeAddress(kind: ChannelKindName, raw: string): string {
  const trimmed = raw.trim();
  if (trimmed === '') throw new AddressError(`${describe(kind)} must not be blank`);
  switch (kind) {
    case 'SMS':
    case 'VOICE':
      return normalizePhone(trimmed);
    case 'EMAIL':
      return normalizeEmail(trimmed);
    case 'CHAT':
    case 'TWITTER':
    case 'FACEBOOK':
    case 'FORUM':
      return normalizeHandle(kind, trimmed);
    default:
      return assertNever(kind);
  }
}

function normalizePhone(trimmed: string): string {
  let number = trimmed.replace(PHONE_SEPARATORS, '');
  if (number.startsWith('00')) number = `+${number.slice(2)}`;
  if (!E164.test(number)) {
    throw new AddressError(`must be a phone number in international format (+ and 8 to 15 digits), got ${quote(trimmed)}`);
  }
  return number;
}

function normalizeEmail(trimmed: string): string {
  const email = trimmed.toLowerCase();
  if (!EMAIL.test(email)) throw new AddressError(`must be an e-mail address like name@example.com, got ${quote(trimmed)}`);
  if (email.length > MAX_EMAIL_LENGTH) {
    throw new AddressError(`must be an e-mail address of at most ${MAX_EMAIL_LENGTH} characters, got ${email.length}`);
  }
  return email;
}

function normalizeHandle(kind: ChannelKindName, trimmed: string): string {
  const handle = (trimmed.startsWith('@') ? trimmed.slice(1) : trimmed).toLowerCase();
  if (handle === '') throw new AddressError(`${describe(kind)} must not be empty, got ${quote(trimmed)}`);
  if (/\s/.test(handle)) throw new AddressError(`${describe(kind)} must not contain spaces, got ${quote(trimmed)}`);
  const length = [...handle].length;
  if (length > MAX_HANDLE_LENGTH) {
    throw new AddressError(`${describe(kind)} must be at most ${MAX_HANDLE_LENGTH} characters, got ${length}`);
  }
  return handle;
}

function describe(kind: ChannelKindName): string {
  switch (kind) {
    case 'SMS':
    case 'VOICE':
      return 'a phone number';
    case 'EMAIL':
      return 'an e-mail address';
    case 'CHAT':
      return 'a chat visitor id';
    case 'TWITTER':
    case 'FACEBOOK':
      return 'a handle';
    case 'FORUM':
      return 'a forum user name';
    default:
      return assertNever(kind);
  }
}

/** The input as the user wrote it, quoted, shortened when long. */
function quote(value: string): string {
  const chars = [...value];
  return JSON.stringify(chars.length > 60 ? `${chars.slice(0, 60).join('')}…` : value);
}

function assertNever(value: never): never {
  throw new AddressError(`unknown channel kind ${JSON.stringify(value)}`);
}
