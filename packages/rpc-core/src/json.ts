// Parsing of one incoming message, with a depth bound and prototype-pollution keys removed.
import { ErrorCode, RpcError } from './errors.js';

const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACE = 0x7d;
const CLOSE_BRACKET = 0x5d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/** Throws -32700 when arrays and objects in `text` nest deeper than `maxDepth`. */
function checkDepth(text: string, maxDepth: number): void {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === BACKSLASH) i++;
      else if (c === QUOTE) inString = false;
    } else if (c === QUOTE) inString = true;
    else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      if (++depth > maxDepth) {
        throw new RpcError(ErrorCode.ParseError, `Parse error: nesting deeper than ${maxDepth}`);
      }
    } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) depth--;
  }
}

const DANGEROUS_KEYS = ['__proto__', 'constructor', 'prototype'];
// A key may also be written with escapes (`"\u005f_proto__"`): any `\u` makes the full walk run.
const DANGEROUS_TEXT = /"(?:__proto__|constructor|prototype)"|\\u/;

/** Deletes the keys that `Object.assign` or a naive merge would turn into prototype pollution. */
function stripDangerousKeys(value: unknown): void {
  if (typeof value !== 'object' || value === null) return;
  if (Array.isArray(value)) {
    for (const item of value) stripDangerousKeys(item);
    return;
  }
  for (const key of DANGEROUS_KEYS) {
    if (Object.hasOwn(value, key)) delete (value as Record<string, unknown>)[key];
  }
  for (const key of Object.keys(value)) stripDangerousKeys((value as Record<string, unknown>)[key]);
}

/**
 * Parses one message. Throws RpcError -32700 for text that is not JSON or nests too deep. Keys
 * `__proto__`, `constructor` and `prototype` are removed, so handlers can merge params safely.
 */
export function parseMessage(text: string, maxDepth: number): unknown {
  // Nesting deeper than maxDepth needs more than maxDepth characters.
  if (text.length > maxDepth) checkDepth(text, maxDepth);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new RpcError(ErrorCode.ParseError, 'Parse error: the message is not valid JSON');
  }
  if (DANGEROUS_TEXT.test(text)) stripDangerousKeys(value);
  return value;
}
