// Strict lowercase-or-uppercase hex, as Psono puts every binary value on the wire: odd lengths,
// stray characters and wrong sizes are refused before any byte reaches a cipher.
import { MalformedError } from './errors.js';

const HEX = /^[0-9a-fA-F]*$/;
const DIGITS = '0123456789abcdef';

/** Lowercase hex of `bytes`, as PyNaCl's `HexEncoder` writes it. */
export function toHex(bytes: Uint8Array): string {
  let out = '';
  for (const byte of bytes) out += DIGITS[byte >> 4] + (DIGITS[byte & 15] as string);
  return out;
}

/**
 * Decodes hex text met on the wire. `field` names the value in the error; `bytes`, when given, is
 * the exact decoded length required.
 * @throws {MalformedError} not a string, odd length, a non-hex character, or the wrong length.
 */
export function fromHex(text: unknown, field: string, bytes?: number): Uint8Array {
  if (typeof text !== 'string') throw new MalformedError(`${field} must be a hex string`);
  if (text.length % 2 !== 0) throw new MalformedError(`${field} has an odd number of hex digits`);
  if (!HEX.test(text)) throw new MalformedError(`${field} holds a character that is not hex`);
  if (bytes !== undefined && text.length !== bytes * 2)
    throw new MalformedError(`${field} must be ${bytes} bytes (${bytes * 2} hex digits)`);
  const out = new Uint8Array(text.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(text.slice(i * 2, i * 2 + 2), 16);
  return out;
}

/**
 * Key material given by a caller as hex text or bytes, checked for its length.
 * @throws {TypeError} neither a string nor a Uint8Array. @throws {RangeError} the wrong length or bad hex.
 */
export function keyBytes(value: string | Uint8Array, name: string, bytes: number): Uint8Array {
  if (value instanceof Uint8Array) {
    if (value.length !== bytes) throw new RangeError(`${name} must be ${bytes} bytes`);
    return value;
  }
  if (typeof value !== 'string') throw new TypeError(`${name} must be hex text or a Uint8Array`);
  if (value.length !== bytes * 2 || !HEX.test(value))
    throw new RangeError(`${name} must be ${bytes * 2} hex digits`);
  return fromHex(value, name, bytes);
}
