import { CombinedGraphQLErrors } from '@apollo/client';

export interface FieldError {
  code: string | null;
  /** The input the server blamed (`extensions.field`), to show the message beside it. */
  field: string | null;
  /** The server's words (without the "<field>: " it starts with), or a sentence for a network failure. */
  message: string;
  /** The error's other extensions, for callers that offer a way out (e.g. the owner of an address). */
  extensions: Readonly<Record<string, unknown>>;
}

export const NETWORK_FAILURE = 'Could not reach Switchboard. Check your connection and try again.';

/**
 * A mutation's failure as a form shows it: the server writes bad input as "<field>: <reason>"
 * with `extensions.field`; the field is shown beside the message already, so only the reason stays.
 */
export function fieldError(error: unknown): FieldError {
  if (!CombinedGraphQLErrors.is(error)) return { code: null, field: null, message: NETWORK_FAILURE, extensions: {} };
  const first = error.errors[0];
  const extensions = first?.extensions ?? {};
  const code = typeof extensions.code === 'string' ? extensions.code : null;
  const field = typeof extensions.field === 'string' ? extensions.field : null;
  const serverMessage = first?.message ?? 'The server rejected the request.';
  const message = field && serverMessage.startsWith(`${field}: `) ? serverMessage.slice(field.length + 2) : serverMessage;
  return { code, field, message: message.charAt(0).toUpperCase() + message.slice(1), extensions };
}
