// Shared by the tests: vectors, canonical comparisons, and the jing RELAX NG validator.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { DEFAULT_LIMITS } from '../src/limits.js';
import { parseXml, type XmlElement } from '../src/xcal/xml.js';

const run = promisify(execFile);

export const vectorPath = (name: string) => new URL(`./vectors/${name}`, import.meta.url).pathname;
export const vector = (name: string) => readFileSync(vectorPath(name), 'utf8');

/** Unfolded content lines in order (RFC 5545 §3.1: a line break plus one space or tab is removed). */
export function unfoldedLines(ics: string): string[] {
  return ics
    .replace(/\r?\n[ \t]/g, '')
    .split(/\r?\n/)
    .filter((l) => l !== '');
}

type Canonical = {
  name: string;
  ns: string;
  attributes: Record<string, string>;
  text: string;
  children: Canonical[];
};

/** An XML document as structure: names with namespaces, attributes, children; whitespace between elements ignored. */
export function xmlStructure(xml: string): Canonical {
  const walk = (e: XmlElement): Canonical => ({
    name: e.local,
    ns: e.namespace,
    attributes: e.attributes,
    text: e.children.length > 0 ? e.text.trim() : e.text,
    children: e.children.map(walk),
  });
  return walk(parseXml(xml, DEFAULT_LIMITS));
}

/** Validates XML documents with jing against a RELAX NG compact schema; resolves to jing's messages (empty when valid). */
export async function jing(schema: string, ...documents: string[]): Promise<string[]> {
  const dir = mkdtempSync(join(tmpdir(), 'xcal-jing-'));
  const files = documents.map((doc, i) => {
    const file = join(dir, `doc${i}.xml`);
    writeFileSync(file, doc);
    return file;
  });
  try {
    await run('jing', ['-c', vectorPath(schema), ...files], { timeout: 120_000 });
    return [];
  } catch (error) {
    const out = `${(error as { stdout?: string }).stdout ?? ''}`;
    const messages = out.split('\n').filter((l) => l.includes('error'));
    if (messages.length === 0) throw error;
    return messages;
  }
}

/** The value, or a failed test when it is missing. */
export function defined<T>(value: T | undefined | null): T {
  if (value === undefined || value === null) throw new Error('expected a value');
  return value;
}
