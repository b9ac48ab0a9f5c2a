// Many receivers on one sender: connecting and disconnecting grow linearly, and every send still
// works on the receivers as they were when it began.
import { cpuUsage } from 'node:process';
import { GCProfiler, getHeapStatistics } from 'node:v8';
import { describe, expect, it } from 'vitest';
import { Signal } from '../src/index.ts';

type Payload = { n: number };
const payload = { n: 1 };

declare const gc: () => void;

/** What `work` costs: the CPU microseconds and the heap bytes it allocates, after a collection. */
function cost(work: () => void): { cpu: number; bytes: number } {
  gc();
  const profiler = new GCProfiler();
  profiler.start();
  const heapBefore = getHeapStatistics().used_heap_size;
  const cpuBefore = cpuUsage();
  work();
  const cpu = cpuUsage(cpuBefore);
  const heapAfter = getHeapStatistics().used_heap_size;
  let freed = 0;
  for (const { beforeGC, afterGC } of profiler.stop().statistics) {
    freed += beforeGC.heapStatistics.usedHeapSize - afterGC.heapStatistics.usedHeapSize;
  }
  return { cpu: cpu.user + cpu.system, bytes: heapAfter - heapBefore + freed };
}

/** Connects `count` receivers to one sender, sends once and disconnects them one by one. */
function subscribeAndLeave(count: number): { cpu: number; bytes: number } {
  const sig = new Signal<Payload, string>();
  sig.connect(() => 'audit');
  const receivers = Array.from({ length: count }, (_, i) => () => i);
  const spent = cost(() => {
    const leave = receivers.map((receiver) => sig.connect(receiver, { sender: 'event-1' }));
    sig.emit('event-1', payload);
    for (const off of leave) off();
  });
  expect(sig.receiversFor('event-1')).toHaveLength(1);
  return spent;
}

/** How much more 4x the receivers cost than 1x: the least of interleaved trials at each size. */
function growth(count: number): { cpu: number; bytes: number } {
  const small: { cpu: number; bytes: number }[] = [];
  const large: { cpu: number; bytes: number }[] = [];
  subscribeAndLeave(count);
  for (let trial = 0; trial < 5; trial++) {
    small.push(subscribeAndLeave(count));
    large.push(subscribeAndLeave(4 * count));
  }
  const least = (runs: typeof small, key: 'cpu' | 'bytes') => Math.min(...runs.map((r) => r[key]));
  return {
    cpu: least(large, 'cpu') / least(small, 'cpu'),
    bytes: least(large, 'bytes') / least(small, 'bytes'),
  };
}

describe('connect and disconnect at scale', () => {
  // Copying a sender's receivers on each change, as a quadratic registry does, makes 4x the
  // receivers allocate about 17x the bytes and cost about 19x the CPU time.
  it('allocate in proportion: 4x the connections allocate at most 5x the bytes', () => {
    expect(growth(4_000).bytes).toBeLessThanOrEqual(5);
  });

  it('take linear time: 4x the connections cost well under the ~19x of a quadratic registry', () => {
    // CPU time is noisy on a shared machine, and caches and the collector weigh more on the
    // larger size (a linear registry measures 5x to 11x here), so the bound is generous; the
    // allocation count above is the exact measure. This one also catches a quadratic scan that
    // allocates nothing.
    expect(growth(4_000).cpu).toBeLessThanOrEqual(14);
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
