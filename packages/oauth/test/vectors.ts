// Loads the vector files of test/vectors/ for the tests.
import { readFileSync } from 'node:fs';
import type { SignOAuth1Request } from '../src/index.ts';

const here = new URL('./vectors/', import.meta.url);

/** The parsed JSON of a vector file. */
export function vectors<T>(name: string): T {
  return JSON.parse(readFileSync(new URL(name, here), 'utf8')) as T;
}

/** The text of a vector file (PEM keys). */
export function vectorText(name: string): string {
  return readFileSync(new URL(name, here), 'utf8');
}

/** One signature vector of oauth1-signatures.json. */
export interface SignatureVector {
  name: string;
  source: string;
  request: SignOAuth1Request;
  baseString?: string;
  signature: string;
  headerSignature?: string;
  authorization?: string;
  misprinted?: string;
}
