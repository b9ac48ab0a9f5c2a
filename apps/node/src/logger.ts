// The node's log: pino lines, secrets redacted.
import { type Logger, pino } from 'pino';
import type { LogLevel } from './config.js';

/** The node's logger: one JSON line per entry on stdout (pino), secrets never among the fields. */
export function createLogger(level: LogLevel): Logger {
  return pino({
    level,
    base: { name: 'convene-node' },
    redact: { paths: ['password', '*.password', 'databaseUrl', '*.databaseUrl'], censor: '***' },
  });
}
