// Strict lowercase-or-uppercase hex, as Psono puts every binary value on the wire: odd lengths,
// stray characters and wrong sizes are refused before any byte reaches a cipher.
import { MalformedError } from './errors.js';

const HEX = /^[0-9a-fA-F]*$/;
// Char code → nibble, -1 for anything that is not a hex digit: one pass checks and decodes.
const NIBBLE = new Int8Array(256).fill(-1);
for (let i = 0; i < 10; i++) NIBBLE[48 + i] = i;
for (let i = 0; i < 6; i++) {
  NIBBLE[65 + i] = 10 + i;
  NIBBLE[97 + i] = 10 + i;
}
const DIGIT_CODES = new TextEncoder().encode('0123456789abcdef');
const ascii = new TextDecoder('latin1');

/** Lowercase hex of `bytes`, as PyNaCl's `HexEncoder` writes it. */
export function toHex(bytes: Uint8Array): string {
  const out = new Uint8Array(bytes.length * 2);
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i] as number;
    out[2 * i] = DIGIT_CODES[byte >> 4] as number;
    out[2 * i + 1] = DIGIT_CODES[byte & 15] as number;
  }
  return ascii.decode(out);
}

/**
 * Decodes hex text met on the wire. `field` names the value in the error; `bytes`, when given, is
 * the exact decoded length required.
 * @throws {MalformedError} not a string, odd length, a non-hex character, or the wrong length.
 */
export function fromHex(text: unknown, field: string, bytes?: number): Uint8Array {
  if (typeof text !== 'string') throw new MalformedError(`${field} must be a hex string`);
  if (text.length % 2 !== 0) throw new MalformedError(`${field} has an odd number of hex digits`);
  if (bytes !== undefined && text.length !== bytes * 2)
    throw new MalformedError(`${field} must be ${bytes} bytes (${bytes * 2} hex digits)`);
  const out = new Uint8Array(text.length / 2);
  for (let i = 0; i < out.length; i++) {
    const high = NIBBLE[text.charCodeAt(2 * i) & 0xffff] ?? -1;
    const low = NIBBLE[text.charCodeAt(2 * i + 1) & 0xffff] ?? -1;
    if ((high | low) < 0) throw new MalformedError(`${field} holds a character that is not hex`);
    out[i] = (high << 4) | low;
  }
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
