// The node's log: pino entries, secrets redacted, written for people on a terminal or as JSON.
import { type DestinationStream, type Logger, pino } from 'pino';
import type { LogFormat, LogLevel } from './config.js';

const LEVEL_NAMES: Record<number, string> = {
  10: 'TRACE',
  20: 'DEBUG',
  30: 'INFO',
  40: 'WARN',
  50: 'ERROR',
  60: 'FATAL',
};
/** Fields every entry has, which the human format shows in its own way or not at all. */
const SHOWN_APART = new Set(['level', 'time', 'pid', 'hostname', 'name', 'msg', 'err']);

/** A value as `key=value` shows it: plain when it has no space or quote, else as JSON. */
const shown = (value: unknown) =>
  typeof value === 'string' && /^[^\s"=]+$/.test(value) ? value : JSON.stringify(value);

/**
 * One JSON entry as a line for people: `12:00:01 INFO  listening on … storage=pglite`; an error's
 * message follows, its stack only when `stacks` (debug and trace levels).
 */
export function humanLine(json: string, stacks: boolean): string {
  let entry: Record<string, unknown>;
  try {
    entry = JSON.parse(json) as Record<string, unknown>;
  } catch {
    return json;
  }
  const time = new Date(Number(entry.time)).toTimeString().slice(0, 8);
  const level = (LEVEL_NAMES[Number(entry.level)] ?? String(entry.level)).padEnd(5);
  const fields = Object.entries(entry)
    .filter(([key]) => !SHOWN_APART.has(key))
    .map(([key, value]) => `${key}=${shown(value)}`);
  let line = `${time} ${level} ${String(entry.msg ?? '')}${fields.length ? `  ${fields.join(' ')}` : ''}`;
  const err = entry.err as { message?: string; stack?: string } | undefined;
  if (err) line += stacks && err.stack ? `\n${err.stack}` : `: ${err.message ?? ''}`;
  return `${line}\n`;
}

/** A destination that writes each entry through {@link humanLine}. */
function humanStream(out: NodeJS.WritableStream, stacks: boolean): DestinationStream {
  return { write: (json: string) => void out.write(humanLine(json, stacks)) };
}

/**
 * The node's logger on `out` (stdout by default): lines for people when `format` is `human` (the
 * default when `out` is a terminal), one JSON object per line otherwise. Passwords and database
 * URLs are never among the fields.
 */
export function createLogger(
  level: LogLevel,
  format?: LogFormat,
  out: NodeJS.WritableStream & { isTTY?: boolean } = process.stdout,
): Logger {
  const human = (format ?? (out.isTTY ? 'human' : 'json')) === 'human';
  const options = {
    level,
    base: { name: 'convene-node' },
    redact: { paths: ['password', '*.password', 'databaseUrl', '*.databaseUrl'], censor: '***' },
  };
  const stacks = level === 'debug' || level === 'trace';
  if (human) return pino(options, humanStream(out, stacks));
  return out === process.stdout ? pino(options) : pino(options, out as DestinationStream);
}
