import { hash, verify } from '@node-rs/argon2';

// OWASP's argon2id baseline (19 MiB, 2 passes): about 20 ms a hash on this class of machine.
const OPTIONS = { algorithm: 2 /* Algorithm.Argon2id, a const enum */ as const, memoryCost: 19_456, timeCost: 2, parallelism: 1 };

export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false; // a malformed hash is a failed login, never a 500
  }
}

/** Verified against when the e-mail is unknown, so both failures take the same time. */
export const DUMMY_HASH_PROMISE = hashPassword('switchboard-timing-equalizer');
