import { badInput } from '../../errors.js';

/** 64 KB of UTF-8: longer bodies are refused, never truncated. */
export const MAX_BODY_BYTES = 64 * 1024;

/** Non-blank, at most 64 KB; returns the body as given (whitespace inside is the author's). */
export function checkBody(body: string, field = 'body'): string {
  if (body.trim() === '') throw badInput(field, 'must not be blank');
  if (Buffer.byteLength(body, 'utf8') > MAX_BODY_BYTES) throw badInput(field, `must be at most ${MAX_BODY_BYTES} bytes`);
  return body;
}

export function optionalText(value: string | null | undefined, field: string, maxLength: number): string | null {
  if (value == null) return null;
  const trimmed = value.trim();
  if (trimmed === '') throw badInput(field, 'must not be blank when given');
  if (trimmed.length > maxLength) throw badInput(field, `must be at most ${maxLength} characters`);
  return trimmed;
}
