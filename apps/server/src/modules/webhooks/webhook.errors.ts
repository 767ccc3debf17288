import { badInput } from '../../errors.js';

/** The URL a webhook is given is refused: not http(s), unresolvable, or a private address. */
export const badWebhookUrl = (message: string) => badInput('url', message);

/** Thrown by the sender's lookup when a host resolves to a refused address at delivery time. */
export class RefusedAddressError extends Error {
  override name = 'RefusedAddressError';
  readonly code = 'ERR_WEBHOOK_ADDRESS_REFUSED';
}
