// The package's main entry runs on the web platform alone: nothing it reaches imports from Node or
// uses Node's globals, so a browser bundle of it needs no polyfills.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseICalendar, toICalendar } from '../src/index.js';

const SRC = join(dirname(fileURLToPath(import.meta.url)), '../src');

/** Every source file `index.ts` reaches through relative imports, with the bare imports of each. */
function reachable(): Map<string, string[]> {
  const seen = new Map<string, string[]>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    const text = readFileSync(file, 'utf8');
    const specifiers = [
      ...text.matchAll(/(?:^|\n)\s*(?:import|export)[^'";]*?from\s+'([^']+)'/g),
    ].map((m) => m[1] as string);
    seen.set(
      file,
      specifiers.filter((s) => !s.startsWith('.')),
    );
    for (const s of specifiers)
      if (s.startsWith('.')) visit(join(dirname(file), s.replace(/\.js$/, '.ts')));
  };
  visit(join(SRC, 'index.ts'));
  return seen;
}

describe('the main entry', () => {
  const files = reachable();

  it('reaches the whole package through its imports', () => {
    expect(files.size).toBeGreaterThan(20);
  });

  it('imports nothing but fast-xml-parser from outside the package', () => {
    const outside = new Set([...files.values()].flat());
    expect([...outside]).toEqual(['fast-xml-parser']);
  });

  it('uses no Node global (Buffer, process, require, __dirname)', () => {
    for (const [file, _] of files) {
      const code = readFileSync(file, 'utf8').replace(/\/\/.*|\/\*[\s\S]*?\*\//g, '');
      expect(code, file).not.toMatch(/\b(Buffer|process|require|__dirname|setImmediate)\b/);
    }
  });

  it('decodes ENCODING=BASE64 text with the platform alone', () => {
    const ics = [
      'BEGIN:VCALENDAR',
      'VERSION:2.0',
      'PRODID:x',
      'BEGIN:VEVENT',
      'UID:u',
      'DTSTART:20260131T090000Z',
      `SUMMARY;ENCODING=BASE64:${btoa(String.fromCharCode(...new TextEncoder().encode('Café 😀')))}`,
      'END:VEVENT',
      'END:VCALENDAR',
      '',
    ].join('\r\n');
    expect(parseICalendar(ics).events[0]?.summary).toBe('Café 😀');
    expect(() => parseICalendar(ics.replace(/BASE64:.*/, 'BASE64:@@@'))).toThrow(
      expect.objectContaining({ code: 'ERR_ICAL_SYNTAX' }),
    );
  });

  it('folds multi-byte text at 75 octets without Buffer', () => {
    const ics = toICalendar({
      prodid: 'x',
      version: '2.0',
      events: [{ uid: 'u', start: { value: '2026-01-31' }, summary: 'é😀'.repeat(40) }],
    });
    for (const line of ics.split('\r\n'))
      expect(new TextEncoder().encode(line).length).toBeLessThanOrEqual(75);
  });
});
