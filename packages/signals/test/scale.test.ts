// Many receivers on one sender: connecting and disconnecting grow linearly, and every send still
// works on the receivers as they were when it began.
import { GCProfiler, getHeapStatistics } from 'node:v8';
import { describe, expect, it } from 'vitest';
import { Signal } from '../src/index.ts';

type Payload = { n: number };
const payload = { n: 1 };

declare const gc: () => void;

/** The heap bytes `work` allocates, counted from a collection on. */
function allocated(work: () => void): number {
  gc();
  const profiler = new GCProfiler();
  profiler.start();
  const heapBefore = getHeapStatistics().used_heap_size;
  work();
  const heapAfter = getHeapStatistics().used_heap_size;
  let freed = 0;
  for (const { beforeGC, afterGC } of profiler.stop().statistics) {
    freed += beforeGC.heapStatistics.usedHeapSize - afterGC.heapStatistics.usedHeapSize;
  }
  return heapAfter - heapBefore + freed;
}

/** Connects `count` receivers to one sender, sends once and disconnects them one by one. */
function subscribeAndLeave(count: number): number {
  const sig = new Signal<Payload, string>();
  sig.connect(() => 'audit');
  const receivers = Array.from({ length: count }, (_, i) => () => i);
  const spent = allocated(() => {
    const leave = receivers.map((receiver) => sig.connect(receiver, { sender: 'event-1' }));
    sig.emit('event-1', payload);
    for (const off of leave) off();
  });
  expect(sig.receiversFor('event-1')).toHaveLength(1);
  return spent;
}

/** How many times the bytes of 1x the receivers 4x allocate: the least of interleaved trials. */
function growth(count: number): number {
  const small: number[] = [];
  const large: number[] = [];
  subscribeAndLeave(count);
  for (let trial = 0; trial < 5; trial++) {
    small.push(subscribeAndLeave(count));
    large.push(subscribeAndLeave(4 * count));
  }
  return Math.min(...large) / Math.min(...small);
}

describe('connect and disconnect at scale', () => {
  // Copying a sender's receivers on each change, as a quadratic registry does, makes 4x the
  // receivers allocate about 17x the bytes. (Counted in bytes, not timed: a count does not
  // depend on what else the machine is doing.)
  it('allocate in proportion: 4x the connections allocate at most 5x the bytes', () => {
    expect(growth(4_000)).toBeLessThanOrEqual(5);
  });

  it('keep connection order among many receivers, also when a receiver joins a second sender', () => {
    const sig = new Signal<Payload, string, number>();
    const receivers = Array.from({ length: 100 }, (_, i) => () => i);
    receivers.forEach((receiver, i) => {
      sig.connect(receiver, { sender: i % 2 === 0 ? 'even' : 'odd' });
    });
    // Odd receivers, connected earlier, join 'even' late: they still come in connection order.
    receivers.forEach((receiver, i) => {
      if (i % 2 === 1) sig.connect(receiver, { sender: 'even' });
    });
    expect(sig.send('even', payload).map(([, result]) => result)).toEqual(
      receivers.map((_, i) => i),
    );
    expect(sig.send('odd', payload).map(([, result]) => result)).toEqual(
      receivers.map((_, i) => i).filter((i) => i % 2 === 1),
    );
  });

  it('leave a send in progress with the receivers it began with', () => {
    const sig = new Signal<Payload, string, number>();
    const receivers = Array.from({ length: 1_000 }, (_, i) => () => i);
    // The first receiver disconnects every other one and connects newcomers, for this sender and for ANY.
    sig.connect(
      () => {
        for (const receiver of receivers) sig.disconnect(receiver);
        sig.connect(() => -1, { sender: 'event-1' });
        sig.connect(() => -2);
        return -3;
      },
      { sender: 'event-1' },
    );
    for (const receiver of receivers) sig.connect(receiver, { sender: 'event-1' });
    expect(sig.send('event-1', payload).map(([, result]) => result)).toEqual([
      -3,
      ...receivers.map((_, i) => i),
    ]);
    expect(sig.send('event-1', payload).map(([, result]) => result)).toEqual([-3, -1, -2]);
  });

  it('leave an emit and a sendAsync in progress with the receivers they began with', async () => {
    const sig = new Signal<Payload, string, number>();
    const calls: number[] = [];
    const second = () => calls.push(2);
    sig.connect(() => {
      sig.disconnect(second);
      sig.connect(() => calls.push(3), { sender: 'event-1' });
      return calls.push(1);
    });
    sig.connect(second, { sender: 'event-1' });
    sig.emit('event-1', payload);
    expect(calls).toEqual([1, 2]);

    const asyncSig = new Signal<Payload, string, Promise<number>>();
    const seen: number[] = [];
    const later = async () => seen.push(2);
    asyncSig.connect(async () => {
      await Promise.resolve();
      asyncSig.disconnect(later);
      asyncSig.connect(async () => seen.push(3));
      return seen.push(1);
    });
    asyncSig.connect(later);
    await asyncSig.sendAsync('event-1', payload);
    expect(seen).toEqual([1, 2]);
  });
});
