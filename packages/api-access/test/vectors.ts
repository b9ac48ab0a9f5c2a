// The vectors of test/vectors/, typed (see test/vectors/SOURCES.md for where they come from).
import { readFileSync } from 'node:fs';

/** A legacy entry: base64(sha256(password ‖ salt)). */
export interface LegacyVector {
  user: string;
  password: string;
  password_salt_b64: string;
  password_hash_b64: string;
}

/** An Argon2id known answer of the reference implementation. */
export interface Argon2Vector {
  password: string;
  salt_utf8: string;
  m: number;
  t: number;
  p: number;
  tag_hex: string;
}

const read = (name: string): string =>
  readFileSync(new URL(`./vectors/${name}`, import.meta.url), 'utf8');

export const hashVectors = JSON.parse(read('hash-vectors.json')) as {
  'sha256-salt': LegacyVector[];
  argon2id: Argon2Vector[];
};

/** The api-access.json example of the Graphene document. */
export const docPath = new URL('./vectors/graphene-doc-api-access.json', import.meta.url);
export const docText = read('graphene-doc-api-access.json');
