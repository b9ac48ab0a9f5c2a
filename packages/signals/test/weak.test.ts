// Weak receivers: gone once collected, kept while held.
import { describe, expect, it } from 'vitest';
import { Signal } from '../src/index.ts';

type Payload = { n: number };

declare const gc: (() => void) | undefined;

const nextTurn = () => new Promise((resolve) => setTimeout(resolve, 5));

/**
 * Collects garbage until `done()` or a bound. A WeakRef read keeps its target alive until the
 * current turn ends, and finalizers run on later turns, so each gc() has turns on both sides.
 */
async function collectUntil(done: () => boolean): Promise<void> {
  if (typeof gc !== 'function') throw new Error('tests need node --expose-gc (vitest execArgv)');
  for (let round = 0; round < 50 && !done(); round++) {
    await nextTurn();
    gc();
    await nextTurn();
  }
}

describe('weak receivers', () => {
  it('disappear once nothing else holds them', async () => {
    const sig = new Signal<Payload>();
    const strong = () => 'strong';
    sig.connect(strong);
    (() => {
      const weak = () => 'weak';
      sig.connect(weak, { weak: true, sender: 'app' });
      expect(sig.receiversFor('app')).toHaveLength(2);
    })();
    await collectUntil(() => sig.receiversFor('app').length === 1);
    expect(sig.receiversFor('app')).toEqual([strong]);
    expect(sig.send('app', { n: 1 }).map(([, result]) => result)).toEqual(['strong']);
  });

  it('stay while something else holds them', async () => {
    const sig = new Signal<Payload>();
    const held = () => 'held';
    sig.connect(held, { weak: true });
    await collectUntil(() => false);
    expect(sig.send('x', { n: 1 })).toEqual([[held, 'held']]);
  });

  it('are held strongly once also connected strongly', async () => {
    const sig = new Signal<Payload>();
    (() => {
      const receiver = () => 'kept';
      sig.connect(receiver, { weak: true });
      sig.connect(receiver, { sender: 'app' });
    })();
    await collectUntil(() => false);
    expect(sig.send('app', { n: 1 }).map(([, result]) => result)).toEqual(['kept']);
  });

  it('send no receiverDisconnected when collected', async () => {
    const sig = new Signal<Payload>();
    const disconnected: unknown[] = [];
    sig.receiverDisconnected.connect((_, p) => disconnected.push(p));
    (() => {
      sig.connect(() => {}, { weak: true });
    })();
    await collectUntil(() => !sig.hasReceiversFor('x'));
    expect(sig.hasReceiversFor('x')).toBe(false);
    expect(disconnected).toEqual([]);
  });
});
