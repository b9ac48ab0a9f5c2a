// send and emit: who is called, in which order, with what, and what comes back.
import { describe, expect, it } from 'vitest';
import { ANY, Signal } from '../src/index.ts';

type Payload = { n: number };

describe('send', () => {
  it('returns no pairs when nobody is connected', () => {
    expect(new Signal<Payload>().send('app', { n: 1 })).toEqual([]);
  });

  it('calls receivers in connection order and returns [receiver, result] pairs', () => {
    const sig = new Signal<Payload, string, string>();
    const calls: string[] = [];
    const a = (_: string, p: Payload) => {
      calls.push('a');
      return `a${p.n}`;
    };
    const b = (_: string, p: Payload) => {
      calls.push('b');
      return `b${p.n}`;
    };
    const c = (_: string, p: Payload) => {
      calls.push('c');
      return `c${p.n}`;
    };
    sig.connect(b);
    sig.connect(a, { sender: 'app' });
    sig.connect(c);
    expect(sig.send('app', { n: 7 })).toEqual([
      [b, 'b7'],
      [a, 'a7'],
      [c, 'c7'],
    ]);
    expect(calls).toEqual(['b', 'a', 'c']);
  });

  it('passes the sender and the payload object itself, not a copy', () => {
    const sig = new Signal<Payload>();
    const payload = { n: 1 };
    let seen: unknown[] = [];
    sig.connect((sender, p) => {
      seen = [sender, p];
    });
    sig.send('me', payload);
    expect(seen[0]).toBe('me');
    expect(seen[1]).toBe(payload);
  });

  it('matches strings and numbers by value', () => {
    const sig = new Signal<Payload>();
    const calls: unknown[] = [];
    sig.connect((s) => calls.push(s), { sender: 123456789 });
    sig.connect((s) => calls.push(s), { sender: 'app' });
    sig.send(Number('123456789'), { n: 1 });
    sig.send(['a', 'p', 'p'].join(''), { n: 1 });
    sig.send(123456788, { n: 1 });
    expect(calls).toEqual([123456789, 'app']);
  });

  it('matches objects by identity: two equal literals are different senders', () => {
    const sig = new Signal<Payload>();
    const sender = { id: 1 };
    const calls: unknown[] = [];
    sig.connect((s) => calls.push(s), { sender });
    sig.send({ id: 1 }, { n: 1 });
    expect(calls).toEqual([]);
    sig.send(sender, { n: 1 });
    expect(calls).toEqual([sender]);
  });

  it('does not call receivers of other senders', () => {
    const sig = new Signal<Payload, number>();
    const calls: number[] = [];
    for (let i = 0; i < 1000; i++) sig.connect(() => calls.push(i), { sender: i });
    sig.send(500, { n: 1 });
    expect(calls).toEqual([500]);
  });

  it('calls a receiver connected for ANY and for the sender once per send', () => {
    const sig = new Signal<Payload>();
    let count = 0;
    const receiver = () => {
      count++;
    };
    sig.connect(receiver);
    sig.connect(receiver, { sender: 'app' });
    expect(sig.send('app', { n: 1 })).toHaveLength(1);
    expect(count).toBe(1);
  });

  it('keeps one connection when the same receiver connects twice for the same sender', () => {
    const sig = new Signal<Payload>();
    let count = 0;
    const receiver = () => {
      count++;
    };
    sig.connect(receiver, { sender: 'app' });
    sig.connect(receiver, { sender: 'app' });
    sig.send('app', { n: 1 });
    expect(count).toBe(1);
  });

  it('reaches a receiver connected for two senders from each of them', () => {
    const sig = new Signal<Payload>();
    const calls: unknown[] = [];
    const receiver = (s: unknown) => calls.push(s);
    sig.connect(receiver, { sender: 'a' });
    sig.connect(receiver, { sender: 'b' });
    sig.send('a', { n: 1 });
    sig.send('b', { n: 1 });
    sig.send('c', { n: 1 });
    expect(calls).toEqual(['a', 'b']);
  });

  it('still calls a receiver disconnected by an earlier receiver of the same send', () => {
    const sig = new Signal<Payload>();
    const calls: string[] = [];
    const second = () => calls.push('second');
    sig.connect(() => {
      calls.push('first');
      sig.disconnect(second);
    });
    sig.connect(second);
    sig.send('x', { n: 1 });
    sig.send('x', { n: 1 });
    expect(calls).toEqual(['first', 'second', 'first']);
  });

  it('does not call a receiver connected during the same send', () => {
    const sig = new Signal<Payload>();
    const calls: string[] = [];
    const late = () => calls.push('late');
    sig.connect(() => {
      calls.push('first');
      sig.connect(late);
    });
    sig.send('x', { n: 1 });
    expect(calls).toEqual(['first']);
    sig.send('x', { n: 1 });
    expect(calls).toEqual(['first', 'first', 'late']);
  });

  it('lets a receiver error reach the sender and skips later receivers', () => {
    const sig = new Signal<Payload>();
    const calls: string[] = [];
    sig.connect(() => calls.push('one'));
    sig.connect(() => {
      throw new Error('boom');
    });
    sig.connect(() => calls.push('three'));
    expect(() => sig.send('x', { n: 1 })).toThrow('boom');
    expect(calls).toEqual(['one']);
  });

  it('with collectErrors calls every receiver and returns errors beside results', () => {
    const sig = new Signal<Payload, unknown, number>();
    const failure = new Error('boom');
    const one = () => 1;
    const bad = (): number => {
      throw failure;
    };
    const three = () => 3;
    sig.connect(one);
    sig.connect(bad);
    sig.connect(three);
    const outcome = sig.send('x', { n: 1 }, { collectErrors: true });
    expect(outcome.results).toEqual([
      [one, 1],
      [three, 3],
    ]);
    expect(outcome.errors).toEqual([[bad, failure]]);
  });

  it('returns an async receiver’s promise as its result', async () => {
    const sig = new Signal<Payload, unknown, Promise<number>>();
    sig.connect(async (_, p) => p.n * 2);
    const [[, result] = []] = sig.send('x', { n: 4 });
    expect(result).toBeInstanceOf(Promise);
    await expect(result).resolves.toBe(8);
  });
});

describe('emit', () => {
  it('calls the same receivers as send, in the same order, and returns nothing', () => {
    const sig = new Signal<Payload>();
    const calls: string[] = [];
    sig.connect(() => calls.push('any'));
    sig.connect(() => calls.push('app'), { sender: 'app' });
    sig.connect(() => calls.push('other'), { sender: 'other' });
    expect(sig.emit('app', { n: 1 })).toBeUndefined();
    expect(calls).toEqual(['any', 'app']);
  });

  it('stops at a throwing receiver, as send does', () => {
    const sig = new Signal<Payload>();
    const calls: string[] = [];
    sig.connect(() => {
      throw new Error('boom');
    });
    sig.connect(() => calls.push('later'));
    expect(() => sig.emit('x', { n: 1 })).toThrow('boom');
    expect(calls).toEqual([]);
  });

  it('reaches ANY receivers when a sender has none of its own', () => {
    const sig = new Signal<Payload>();
    const calls: unknown[] = [];
    sig.connect((s) => calls.push(s), { sender: 'a' });
    sig.connect((s) => calls.push(`any:${String(s)}`), { sender: ANY });
    sig.emit('b', { n: 1 });
    expect(calls).toEqual(['any:b']);
  });

  it('calls every receiver once, in order, with sender and payload, for lists of 1 to 40', () => {
    for (let count = 1; count <= 40; count++) {
      const sig = new Signal<Payload, string>();
      const calls: [number, string, Payload][] = [];
      for (let i = 0; i < count; i++) sig.connect((s, p) => calls.push([i, s, p]));
      const payload = { n: count };
      sig.emit('app', payload);
      expect(calls).toEqual(Array.from({ length: count }, (_, i) => [i, 'app', payload]));
    }
  });

  it('stops at a throwing receiver anywhere in a long list', () => {
    for (const failing of [0, 7, 8, 12, 20]) {
      const sig = new Signal<Payload>();
      const calls: number[] = [];
      for (let i = 0; i < 21; i++) {
        sig.connect(() => {
          if (i === failing) throw new Error(`receiver ${i}`);
          calls.push(i);
        });
      }
      expect(() => sig.emit('x', { n: 1 })).toThrow(`receiver ${failing}`);
      expect(calls).toEqual(Array.from({ length: failing }, (_, i) => i));
    }
  });
});
