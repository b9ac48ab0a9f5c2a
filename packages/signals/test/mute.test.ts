// Muting: a signal's own switch, its namespace's, and any switch it is linked to.
import { describe, expect, it } from 'vitest';
import { namespace, Signal } from '../src/index.ts';

type Payload = { n: number };
const payload = { n: 1 };

function counting(sig: Signal<Payload>) {
  const counter = { count: 0 };
  sig.connect(() => {
    counter.count++;
  });
  return counter;
}

describe('Signal#muted', () => {
  it('makes send return no pairs and call no receiver, and keeps receivers connected', () => {
    const sig = new Signal<Payload>();
    const counter = counting(sig);
    const results = sig.muted(() => {
      sig.emit('x', payload);
      return sig.send('x', payload);
    });
    expect(results).toEqual([]);
    expect(counter.count).toBe(0);
    expect(sig.isMuted).toBe(false);
    sig.send('x', payload);
    expect(counter.count).toBe(1);
  });

  it('nests: an inner mute ending leaves the outer one in force', () => {
    const sig = new Signal<Payload>();
    const counter = counting(sig);
    sig.muted(() => {
      sig.muted(() => {});
      expect(sig.isMuted).toBe(true);
      sig.send('x', payload);
    });
    expect(counter.count).toBe(0);
    expect(sig.isMuted).toBe(false);
  });

  it('is restored after fn throws', () => {
    const sig = new Signal<Payload>();
    const counter = counting(sig);
    expect(() =>
      sig.muted(() => {
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(sig.isMuted).toBe(false);
    sig.send('x', payload);
    expect(counter.count).toBe(1);
  });

  it('lasts until an async fn settles, also when it rejects', async () => {
    const sig = new Signal<Payload>();
    const counter = counting(sig);
    const pending = sig.muted(async () => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      sig.send('x', payload);
      throw new Error('late');
    });
    expect(sig.isMuted).toBe(true);
    await expect(pending).rejects.toThrow('late');
    expect(sig.isMuted).toBe(false);
    expect(counter.count).toBe(0);
  });
});

describe('Namespace#muted', () => {
  it('mutes every signal of the namespace, and only those', () => {
    const ns = namespace();
    const other = namespace();
    const a = counting(ns.signal<Payload>('a'));
    const b = counting(ns.signal<Payload>('b'));
    const c = counting(other.signal<Payload>('a'));
    ns.muted(() => {
      ns.signal<Payload>('a').send('x', payload);
      ns.signal<Payload>('b').send('x', payload);
      other.signal<Payload>('a').send('x', payload);
    });
    expect([a.count, b.count, c.count]).toEqual([0, 0, 1]);
  });

  it('mutes signals created while it is muted', () => {
    const ns = namespace();
    let count = -1;
    ns.muted(() => {
      const late = ns.signal<Payload>('late');
      count = counting(late).count;
      late.send('x', payload);
      expect(late.isMuted).toBe(true);
    });
    expect(count).toBe(0);
    expect(ns.signal('late').isMuted).toBe(false);
  });

  it('is restored after a throw and after an async fn settles', async () => {
    const ns = namespace();
    const sig = ns.signal<Payload>('s');
    expect(() =>
      ns.muted(() => {
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(sig.isMuted).toBe(false);
    await ns.muted(async () => {
      await new Promise((resolve) => setTimeout(resolve, 2));
      expect(sig.isMuted).toBe(true);
    });
    expect(sig.isMuted).toBe(false);
  });

  it('combines with a signal mute: both must end before sends flow again', () => {
    const ns = namespace();
    const sig = ns.signal<Payload>('s');
    sig.muted(() => {
      ns.muted(() => {});
      expect(sig.isMuted).toBe(true);
    });
    expect(sig.isMuted).toBe(false);
  });
});

describe('mutedWith', () => {
  it('links a signal to a switch outside it: muted while that switch says so', () => {
    const state = { isMuted: false };
    const sig = new Signal<Payload>({ mutedWith: state });
    const counter = counting(sig);
    state.isMuted = true;
    expect(sig.isMuted).toBe(true);
    expect(sig.send('x', payload)).toEqual([]);
    state.isMuted = false;
    sig.send('x', payload);
    expect(counter.count).toBe(1);
  });

  it('accepts a namespace, whose isMuted follows its muted scopes', () => {
    const ns = namespace();
    const sig = new Signal<Payload>({ mutedWith: ns });
    expect(ns.isMuted).toBe(false);
    ns.muted(() => {
      expect(ns.isMuted).toBe(true);
      expect(sig.isMuted).toBe(true);
    });
    expect(sig.isMuted).toBe(false);
  });

  it('leaves signals made without it unmuted by every namespace', () => {
    const sig = new Signal<Payload>();
    namespace().muted(() => expect(sig.isMuted).toBe(false));
  });
});
