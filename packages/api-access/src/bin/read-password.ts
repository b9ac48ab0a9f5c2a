// Reading a password for the CLI: from a terminal without echo, or the first line of piped stdin.
import type { ReadStream } from 'node:tty';

/** Largest piped input read, in bytes: a password is one short line. */
const MAX_PIPED_BYTES = 64 * 1024;

/** The password was not given: Ctrl-C, Ctrl-D or end of input before a line. */
export class PasswordInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PasswordInputError';
  }
}

/**
 * Asks on the terminal with `prompt` (written to `output`) and reads one line with echo off
 * (raw mode: the terminal shows nothing while the password is typed).
 */
export function readHiddenLine(
  input: ReadStream,
  output: NodeJS.WritableStream,
  prompt: string,
): Promise<string> {
  return new Promise((resolve, reject) => {
    let value = '';
    const finish = (outcome: () => void) => {
      input.off('data', onData);
      input.setRawMode(false);
      input.pause();
      output.write('\n');
      outcome();
    };
    const onData = (chunk: string) => {
      for (const char of chunk) {
        if (char === '\r' || char === '\n') return finish(() => resolve(value));
        if (char === '\u0003') return finish(() => reject(new PasswordInputError('interrupted')));
        if (char === '\u0004' && value === '')
          return finish(() => reject(new PasswordInputError('no password given')));
        if (char === '\u007f' || char === '\b') value = Array.from(value).slice(0, -1).join('');
        else if (char >= ' ') value += char;
      }
    };
    // Echo goes off before the prompt shows, so nothing typed after the prompt is echoed.
    input.setRawMode(true);
    input.setEncoding('utf8');
    output.write(prompt);
    input.on('data', onData);
    input.resume();
  });
}

/** The first line of `input` (without its line ending), read to its end or to 64 KiB. */
export async function readFirstLine(input: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of input) {
    const bytes = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk);
    chunks.push(bytes);
    size += bytes.length;
    if (size > MAX_PIPED_BYTES || bytes.includes(0x0a)) break;
  }
  const text = Buffer.concat(chunks).toString('utf8');
  const end = text.indexOf('\n');
  if (end === -1 && size === 0) throw new PasswordInputError('no password given on stdin');
  return (end === -1 ? text : text.slice(0, end)).replace(/\r$/, '');
}
