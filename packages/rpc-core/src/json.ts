// Parsing of one incoming message, with a depth bound and prototype-pollution keys removed.
import { ErrorCode, RpcError } from './errors.js';

const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACE = 0x7d;
const CLOSE_BRACKET = 0x5d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/** Whether arrays and objects in `text` nest deeper than `maxDepth` (any depth, no recursion). */
function textNestsDeeper(text: string, maxDepth: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === BACKSLASH) i++;
      else if (c === QUOTE) inString = false;
    } else if (c === QUOTE) inString = true;
    else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      if (++depth > maxDepth) return true;
    } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) depth--;
  }
  return false;
}

/**
 * Whether arrays and objects in a parsed `value` nest deeper than `left` more levels: a walk of
 * the values, far cheaper than a scan of every character, recursing at most `left` deep.
 */
function valueNestsDeeper(value: unknown, left: number): boolean {
  if (typeof value !== 'object' || value === null) return false;
  if (left === 0) return true;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) if (valueNestsDeeper(value[i], left - 1)) return true;
    return false;
  }
  for (const key in value) {
    if (valueNestsDeeper((value as Record<string, unknown>)[key], left - 1)) return true;
  }
  return false;
}

/** The deepest bound the walk of parsed values serves; deeper bounds scan the text instead. */
const WALKED_DEPTH = 1000;

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
  // V8 parses any nesting without recursion, so the depth is checked on the parsed value; nesting
  // deeper than maxDepth needs more than maxDepth characters.
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new RpcError(ErrorCode.ParseError, 'Parse error: the message is not valid JSON');
  }
  if (
    text.length > maxDepth &&
    (maxDepth <= WALKED_DEPTH ? valueNestsDeeper(value, maxDepth) : textNestsDeeper(text, maxDepth))
  ) {
    throw new RpcError(ErrorCode.ParseError, `Parse error: nesting deeper than ${maxDepth}`);
  }
  if (DANGEROUS_TEXT.test(text)) stripDangerousKeys(value);
  return value;
}
