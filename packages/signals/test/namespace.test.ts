// Namespaces: one signal per name, and the default namespace.
import { describe, expect, it } from 'vitest';
import {
  defaultNamespace,
  Namespace,
  namespace,
  Signal,
  SignalError,
  signal,
} from '../src/index.ts';

describe('namespace', () => {
  it('returns the same signal for the same name', () => {
    const ns = namespace();
    expect(ns.signal('talk_modified')).toBe(ns.signal('talk_modified'));
    expect(ns.signal('talk_modified')).toBeInstanceOf(Signal);
  });

  it('gives different namespaces different signals', () => {
    expect(namespace().signal('x')).not.toBe(namespace().signal('x'));
  });

  it('keeps the first doc and the name', () => {
    const ns = new Namespace();
    const first = ns.signal('event_modified', 'An event changed.');
    ns.signal('event_modified', 'ignored');
    expect(first.name).toBe('event_modified');
    expect(first.doc).toBe('An event changed.');
  });

  it('lists its signals and answers has()', () => {
    const ns = namespace();
    ns.signal('b');
    ns.signal('a');
    expect(ns.names()).toEqual(['b', 'a']);
    expect(ns.has('a')).toBe(true);
    expect(ns.has('c')).toBe(false);
  });

  it('refuses an empty or non-string name with a typed error', () => {
    const ns = namespace();
    expect(() => ns.signal('')).toThrow(SignalError);
    expect(() => ns.signal('')).toThrow(expect.objectContaining({ code: 'ERR_INVALID_NAME' }));
    expect(() => ns.signal(42 as never)).toThrow(/non-empty string name, got number/);
  });
});

describe('signal', () => {
  it('lives in the default namespace', () => {
    const sig = signal('convene-test-default');
    expect(defaultNamespace.signal('convene-test-default')).toBe(sig);
  });
});
