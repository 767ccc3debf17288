import { pino, type Logger } from 'pino';
import type { LogLevel } from './config.js';

export type { Logger };

/** JSON lines on stdout; secrets never reach it (passwords and tokens are redacted). */
export function createLogger(level: LogLevel): Logger {
  return pino({
    level,
    base: { service: 'switchboard' },
    redact: {
      paths: ['password', '*.password', 'token', '*.token', 'authorization', '*.authorization'],
      censor: '[redacted]',
    },
  });
}
