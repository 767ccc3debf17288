import { createHash, randomBytes } from 'node:crypto';

/** A session token: 256 random bits. Only its SHA-256 is stored. */
export function newSessionToken(): string {
  return `sbs_${randomBytes(32).toString('base64url')}`;
}

export function hashToken(token: string): Buffer {
  return createHash('sha256').update(token).digest();
}

/** `Bearer <token>` → token; anything else → undefined. */
export function parseBearer(header: unknown): string | undefined {
  if (typeof header !== 'string') return undefined;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match?.[1];
}
