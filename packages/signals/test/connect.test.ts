// connect, disconnect, connectVia, connectedTo, the receivers queries and the meta-signals.
import { describe, expect, it } from 'vitest';
import {
  ANY,
  type ReceiverConnected,
  type ReceiverDisconnected,
  Signal,
  SignalArgumentError,
  SignalError,
} from '../src/index.ts';

type Payload = { n: number };
const payload = { n: 1 };

describe('connect', () => {
  it('returns a function that removes that connection only', () => {
    const sig = new Signal<Payload>();
    const calls: unknown[] = [];
    const receiver = (s: unknown) => calls.push(s);
    const offA = sig.connect(receiver, { sender: 'a' });
    sig.connect(receiver, { sender: 'b' });
    offA();
    offA();
    sig.send('a', payload);
    sig.send('b', payload);
    expect(calls).toEqual(['b']);
  });

  it('refuses a receiver that is not a function, with a typed error', () => {
    const sig = new Signal<Payload>({ name: 'talk_modified' });
    const attempt = () => sig.connect('nope' as never);
    expect(attempt).toThrow(SignalArgumentError);
    expect(attempt).toThrow(/signal 'talk_modified'.*receiver function, got string/);
    expect(attempt).toThrow(
      expect.objectContaining({
        name: 'SignalArgumentError',
        code: 'ERR_INVALID_RECEIVER',
      }),
    );
    expect(attempt).toThrow(SignalError);
  });

  it('treats an undefined sender option as ANY', () => {
    const sig = new Signal<Payload>();
    let count = 0;
    sig.connect(() => count++, { sender: undefined });
    sig.send('whoever', payload);
    expect(count).toBe(1);
  });
});

describe('disconnect', () => {
  it('with no sender removes the receiver from every sender', () => {
    const sig = new Signal<Payload>();
    let count = 0;
    const receiver = () => {
      count++;
    };
    sig.connect(receiver);
    sig.connect(receiver, { sender: 'a' });
    sig.disconnect(receiver);
    sig.send('a', payload);
    expect(count).toBe(0);
    expect(sig.hasReceiversFor('a')).toBe(false);
  });

  it('with a sender removes that connection and keeps the others', () => {
    const sig = new Signal<Payload>();
    const calls: unknown[] = [];
    const receiver = (s: unknown) => calls.push(s);
    sig.connect(receiver, { sender: 'a' });
    sig.connect(receiver, { sender: 'b' });
    sig.disconnect(receiver, 'a');
    sig.send('a', payload);
    sig.send('b', payload);
    expect(calls).toEqual(['b']);
  });

  it('of a receiver that is not connected does nothing', () => {
    const sig = new Signal<Payload>();
    const disconnected: unknown[] = [];
    sig.receiverDisconnected.connect((_, p) => disconnected.push(p));
    expect(() => sig.disconnect(() => {})).not.toThrow();
    expect(() => sig.disconnect(() => {}, 'a')).not.toThrow();
    expect(disconnected).toEqual([]);
  });

  it('puts a reconnected receiver at the end of the order', () => {
    const sig = new Signal<Payload, unknown, string>();
    const a = () => 'a';
    const b = () => 'b';
    sig.connect(a);
    sig.connect(b);
    sig.disconnect(a);
    sig.connect(a);
    expect(sig.send('x', payload).map(([, r]) => r)).toEqual(['b', 'a']);
  });
});

describe('connectVia', () => {
  it('connects what it is given for the sender and returns it unchanged', () => {
    const sig = new Signal<Payload>();
    const calls: unknown[] = [];
    const receiver = (s: unknown) => calls.push(s);
    expect(sig.connectVia('app')(receiver)).toBe(receiver);
    sig.send('app', payload);
    sig.send('other', payload);
    expect(calls).toEqual(['app']);
  });
});

describe('connectedTo', () => {
  it('connects only while fn runs and returns what fn returns', () => {
    const sig = new Signal<Payload>();
    let count = 0;
    const receiver = () => {
      count++;
    };
    const out = sig.connectedTo(receiver, 'app', () => {
      sig.send('app', payload);
      return 'done';
    });
    sig.send('app', payload);
    expect(out).toBe('done');
    expect(count).toBe(1);
  });

  it('disconnects when fn throws', () => {
    const sig = new Signal<Payload>();
    const receiver = () => {};
    expect(() =>
      sig.connectedTo(receiver, ANY, () => {
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(sig.hasReceiversFor('x')).toBe(false);
  });

  it('waits for an async fn before disconnecting', async () => {
    const sig = new Signal<Payload>();
    let count = 0;
    const receiver = () => {
      count++;
    };
    const pending = sig.connectedTo(receiver, ANY, async () => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      sig.send('x', payload);
    });
    expect(sig.hasReceiversFor('x')).toBe(true);
    await pending;
    sig.send('x', payload);
    expect(count).toBe(1);
    expect(sig.hasReceiversFor('x')).toBe(false);
  });

  it('leaves a connection that existed before in place', () => {
    const sig = new Signal<Payload>();
    const receiver = () => {};
    sig.connect(receiver, { sender: 'app' });
    sig.connectedTo(receiver, 'app', () => {});
    expect(sig.receiversFor('app')).toEqual([receiver]);
  });
});

describe('hasReceiversFor and receiversFor', () => {
  it('answer exactly, also after the last receiver of a sender left', () => {
    const sig = new Signal<Payload>();
    const a = () => {};
    const b = () => {};
    expect(sig.hasReceiversFor('s')).toBe(false);
    sig.connect(a, { sender: 's' });
    sig.connect(b);
    expect(sig.receiversFor('s')).toEqual([a, b]);
    expect(sig.receiversFor('t')).toEqual([b]);
    sig.disconnect(b);
    expect(sig.hasReceiversFor('t')).toBe(false);
    sig.disconnect(a, 's');
    expect(sig.hasReceiversFor('s')).toBe(false);
    expect(sig.receiversFor('s')).toEqual([]);
  });
});

describe('meta-signals', () => {
  it('receiverConnected is sent by the signal with receiver, sender and weak', () => {
    const sig = new Signal<Payload>();
    const seen: [unknown, ReceiverConnected][] = [];
    sig.receiverConnected.connect((sender, p) => seen.push([sender, p]));
    const receiver = () => {};
    sig.connect(receiver, { sender: 'app', weak: true });
    sig.connect(receiver, { sender: 'app' });
    expect(seen).toEqual([[sig, { receiver, sender: 'app', weak: true }]]);
  });

  it('a throwing receiverConnected receiver undoes the connection', () => {
    const sig = new Signal<Payload>();
    sig.receiverConnected.connect(() => {
      throw new TypeError('refused');
    });
    const receiver = () => {};
    expect(() => sig.connect(receiver)).toThrow('refused');
    expect(sig.hasReceiversFor('x')).toBe(false);
  });

  it('receiverDisconnected tells which sender was left, ANY for all', () => {
    const sig = new Signal<Payload>();
    const seen: ReceiverDisconnected[] = [];
    sig.receiverDisconnected.connect((_, p) => seen.push(p));
    const receiver = () => {};
    const off = sig.connect(receiver, { sender: 'a' });
    sig.connect(receiver, { sender: 'b' });
    off();
    sig.disconnect(receiver);
    expect(seen).toEqual([
      { receiver, sender: 'a' },
      { receiver, sender: ANY },
    ]);
  });
});
