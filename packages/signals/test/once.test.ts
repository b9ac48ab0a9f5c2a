// once and next: a receiver for one send, and a promise for the next send.
import { describe, expect, it } from 'vitest';
import { ANY, type ReceiverDisconnected, Signal, SignalArgumentError } from '../src/index.ts';

type Payload = { n: number };

describe('once', () => {
  it('calls the receiver for the next send only, and returns its result like any receiver', () => {
    const sig = new Signal<Payload, string, number>();
    const receiver = (_: string, p: Payload) => p.n * 10;
    sig.once(receiver);
    expect(sig.receiversFor('app')).toEqual([receiver]);
    expect(sig.send('app', { n: 1 })).toEqual([[receiver, 10]]);
    expect(sig.send('app', { n: 2 })).toEqual([]);
    expect(sig.hasReceiversFor('app')).toBe(false);
  });

  it('with a sender, waits for a send from that sender', () => {
    const sig = new Signal<Payload, string>();
    const seen: [string, number][] = [];
    sig.once((sender, p) => seen.push([sender, p.n]), { sender: 'b' });
    sig.send('a', { n: 1 });
    sig.send('b', { n: 2 });
    sig.send('b', { n: 3 });
    expect(seen).toEqual([['b', 2]]);
  });

  it('keeps its place in connection order', () => {
    const sig = new Signal<Payload, string, string>();
    sig.connect(() => 'first');
    sig.once(() => 'once');
    sig.connect(() => 'last');
    expect(sig.send('x', { n: 1 }).map(([, r]) => r)).toEqual(['first', 'once', 'last']);
    expect(sig.send('x', { n: 1 }).map(([, r]) => r)).toEqual(['first', 'last']);
  });

  it('is not called again by a send that began before it was called', () => {
    const sig = new Signal<Payload, string>();
    const calls: string[] = [];
    // The first receiver sends again, from inside the outer send: the inner send takes the once
    // receiver, and the outer send, whose snapshot still lists it, must not call it a second time.
    sig.connect((_, p) => {
      calls.push(`outer-first ${p.n}`);
      if (p.n === 1) sig.send('x', { n: 2 });
    });
    sig.once((_, p) => calls.push(`once ${p.n}`));
    sig.send('x', { n: 1 });
    expect(calls).toEqual(['outer-first 1', 'outer-first 2', 'once 2']);
  });

  it('is disconnected before it runs, so a send from inside it does not call it again', () => {
    const sig = new Signal<Payload, string>();
    let calls = 0;
    sig.once(() => {
      calls++;
      sig.send('x', { n: 2 });
    });
    sig.send('x', { n: 1 });
    expect(calls).toBe(1);
  });

  it('is called once in all when connected once for two senders', () => {
    const sig = new Signal<Payload, string>();
    let calls = 0;
    const receiver = () => calls++;
    sig.once(receiver, { sender: 'a' });
    sig.once(receiver, { sender: 'b' });
    sig.send('a', { n: 1 });
    sig.send('b', { n: 1 });
    expect(calls).toBe(1);
  });

  it('announces its disconnection with receiverDisconnected, sender ANY', () => {
    const sig = new Signal<Payload, string>();
    const seen: ReceiverDisconnected[] = [];
    sig.receiverDisconnected.connect((_, p) => seen.push(p));
    const receiver = () => {};
    sig.once(receiver, { sender: 'a' });
    sig.send('a', { n: 1 });
    expect(seen).toEqual([{ receiver, sender: ANY }]);
  });

  it('returns a function that disconnects it before any send', () => {
    const sig = new Signal<Payload, string>();
    let calls = 0;
    const off = sig.once(() => calls++);
    off();
    sig.send('x', { n: 1 });
    expect(calls).toBe(0);
  });

  it('stays connected when the same receiver is also connected by connect, in either order', () => {
    const sig = new Signal<Payload, string>();
    let calls = 0;
    const a = () => calls++;
    const b = () => calls++;
    sig.once(a);
    sig.connect(a);
    sig.connect(b);
    sig.once(b);
    sig.send('x', { n: 1 });
    sig.send('x', { n: 1 });
    expect(calls).toBe(4);
  });

  it('is not used up by a muted send', () => {
    const sig = new Signal<Payload, string>();
    let calls = 0;
    sig.once(() => calls++);
    sig.muted(() => sig.send('x', { n: 1 }));
    sig.send('x', { n: 1 });
    expect(calls).toBe(1);
  });

  it('is used up when it throws; collectErrors reports the error', () => {
    const sig = new Signal<Payload, string>();
    const receiver = () => {
      throw new Error('once failed');
    };
    sig.once(receiver);
    const { errors } = sig.send('x', { n: 1 }, { collectErrors: true });
    expect(errors).toEqual([[receiver, new Error('once failed')]]);
    expect(sig.hasReceiversFor('x')).toBe(false);
  });

  it('stays for the next send when an earlier receiver stopped the send before reaching it', async () => {
    const sig = new Signal<Payload, string>();
    let calls = 0;
    sig.connect(async (_, p) => {
      if (p.n === 1) throw new Error('first failed');
    });
    sig.once(() => calls++);
    await expect(sig.sendAsync('x', { n: 1 })).rejects.toThrow('first failed');
    expect(calls).toBe(0);
    await sig.sendAsync('x', { n: 2 });
    expect(calls).toBe(1);
    expect(() => sig.emit('x', { n: 3 })).not.toThrow();
    expect(calls).toBe(1);
  });

  it('refuses a receiver that is not a function', () => {
    const sig = new Signal<Payload>();
    expect(() => sig.once(42 as never)).toThrow(SignalArgumentError);
    expect(() => sig.once(42 as never)).toThrow(/once expects a receiver function, got number/);
  });
});

describe('next', () => {
  it('resolves with the sender and payload of the next send', async () => {
    const sig = new Signal<Payload, string>();
    const next = sig.next();
    const payload = { n: 1 };
    sig.send('app', payload);
    sig.send('app', { n: 2 });
    const got = await next;
    expect(got).toEqual({ sender: 'app', payload: { n: 1 } });
    expect(got.payload).toBe(payload);
  });

  it('with a sender, resolves with the next send from that sender', async () => {
    const sig = new Signal<Payload, string>();
    const next = sig.next({ sender: 'b' });
    sig.emit('a', { n: 1 });
    sig.emit('b', { n: 2 });
    await expect(next).resolves.toEqual({ sender: 'b', payload: { n: 2 } });
  });

  it('is resolved by send, emit and sendAsync alike, and every waiter gets the send', async () => {
    const sig = new Signal<Payload, string>();
    const first = [sig.next(), sig.next({ sender: 'a' })];
    sig.send('a', { n: 1 });
    const second = sig.next();
    sig.emit('a', { n: 2 });
    const third = sig.next();
    await sig.sendAsync('a', { n: 3 });
    expect((await Promise.all(first)).map((s) => s.payload.n)).toEqual([1, 1]);
    expect((await second).payload.n).toBe(2);
    expect((await third).payload.n).toBe(3);
  });

  it('is not a receiver: it is neither listed nor in the results of a send', () => {
    const sig = new Signal<Payload, string>();
    void sig.next();
    expect(sig.hasReceiversFor('a')).toBe(false);
    expect(sig.send('a', { n: 1 })).toEqual([]);
  });

  it('ignores muted sends', async () => {
    const sig = new Signal<Payload, string>();
    const next = sig.next();
    sig.muted(() => sig.send('a', { n: 1 }));
    sig.send('a', { n: 2 });
    await expect(next).resolves.toEqual({ sender: 'a', payload: { n: 2 } });
  });

  it('waits for the send after the current one when asked from inside a receiver', async () => {
    const sig = new Signal<Payload, string>();
    let next: Promise<unknown> | undefined;
    sig.connect(() => {
      next ??= sig.next();
    });
    sig.send('a', { n: 1 });
    sig.send('a', { n: 2 });
    await expect(next).resolves.toEqual({ sender: 'a', payload: { n: 2 } });
  });

  it('rejects with the abort reason when its AbortSignal fires, and stops waiting', async () => {
    const sig = new Signal<Payload, string>();
    const controller = new AbortController();
    const next = sig.next({ signal: controller.signal });
    controller.abort(new Error('gave up'));
    await expect(next).rejects.toThrow('gave up');
    const later = sig.next();
    sig.send('a', { n: 1 });
    await expect(later).resolves.toEqual({ sender: 'a', payload: { n: 1 } });
  });

  it('rejects at once when its AbortSignal has fired already', async () => {
    const sig = new Signal<Payload, string>();
    await expect(sig.next({ signal: AbortSignal.abort() })).rejects.toMatchObject({
      name: 'AbortError',
    });
  });

  it('stops listening to its AbortSignal once resolved', async () => {
    const sig = new Signal<Payload, string>();
    const controller = new AbortController();
    const next = sig.next({ signal: controller.signal });
    sig.send('a', { n: 1 });
    controller.abort();
    await expect(next).resolves.toEqual({ sender: 'a', payload: { n: 1 } });
  });

  it('refuses a signal option that is not an AbortSignal', () => {
    const sig = new Signal<Payload, string>();
    expect(() => sig.next({ signal: 'soon' as never })).toThrow(
      expect.objectContaining({ code: 'ERR_INVALID_OPTION' }),
    );
  });
});
