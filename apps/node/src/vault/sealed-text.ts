// Text sealed under a hex secretbox key as Psono stores it: `{data, nonce}` in hex, tag first.
import { fromHex, randomBytes, secretboxOpen, secretboxSeal, toHex } from '@convene/crypto-session';

/** Seals `text` (UTF-8) under `keyHex` with a fresh nonce. */
export function sealText(text: string, keyHex: string): { data: string; nonce: string } {
  const nonce = randomBytes(24);
  const sealed = secretboxSeal(new TextEncoder().encode(text), nonce, fromHex(keyHex, 'key', 32));
  return { data: toHex(sealed), nonce: toHex(nonce) };
}

/**
 * Opens what {@link sealText} sealed.
 * @throws {TamperedError} a wrong key or changed bytes. @throws {MalformedError} bad hex.
 */
export function openText(data: string, nonce: string, keyHex: string, what: string): string {
  const plain = secretboxOpen(
    fromHex(data, what),
    fromHex(nonce, `${what} nonce`, 24),
    fromHex(keyHex, 'key', 32),
    what,
  );
  return new TextDecoder('utf-8', { fatal: true }).decode(plain);
}

/** 32 random bytes as hex: a new secretbox key. */
export const newKey = (): string => toHex(randomBytes(32));
