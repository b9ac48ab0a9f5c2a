// sendAsync: awaiting receivers in turn or together, and collecting their failures.
import { describe, expect, it } from 'vitest';
import { Signal } from '../src/index.ts';

type Payload = { n: number };
const tick = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('sendAsync', () => {
  it('awaits receivers one after another and returns their resolved results', async () => {
    const sig = new Signal<Payload, unknown, Promise<string> | string>();
    const events: string[] = [];
    const slow = async () => {
      events.push('slow:start');
      await tick(20);
      events.push('slow:end');
      return 'slow';
    };
    const sync = () => {
      events.push('sync');
      return 'sync';
    };
    sig.connect(slow);
    sig.connect(sync);
    const results = await sig.sendAsync('x', { n: 1 });
    expect(results).toEqual([
      [slow, 'slow'],
      [sync, 'sync'],
    ]);
    expect(events).toEqual(['slow:start', 'slow:end', 'sync']);
  });

  it('starts every receiver at once when concurrent', async () => {
    const sig = new Signal<Payload, unknown, Promise<string>>();
    const events: string[] = [];
    const receiver = (name: string, ms: number) => async () => {
      events.push(`${name}:start`);
      await tick(ms);
      events.push(`${name}:end`);
      return name;
    };
    sig.connect(receiver('a', 30));
    sig.connect(receiver('b', 1));
    const results = await sig.sendAsync('x', { n: 1 }, { concurrent: true });
    expect(results.map(([, r]) => r)).toEqual(['a', 'b']);
    expect(events.slice(0, 2)).toEqual(['a:start', 'b:start']);
    expect(events.indexOf('b:end')).toBeLessThan(events.indexOf('a:end'));
  });

  it('rejects with the first failure and calls no later receiver when sequential', async () => {
    const sig = new Signal<Payload>();
    const calls: string[] = [];
    sig.connect(async () => {
      throw new Error('boom');
    });
    sig.connect(() => calls.push('later'));
    await expect(sig.sendAsync('x', { n: 1 })).rejects.toThrow('boom');
    expect(calls).toEqual([]);
  });

  it('collects errors from sync throws and rejections, sequential and concurrent', async () => {
    for (const concurrent of [false, true]) {
      const sig = new Signal<Payload, unknown, Promise<number> | number>();
      const syncFailure = new Error('sync');
      const asyncFailure = new Error('async');
      const ok = async () => 1;
      const throwsSync = (): number => {
        throw syncFailure;
      };
      const rejects = async (): Promise<number> => {
        throw asyncFailure;
      };
      sig.connect(throwsSync);
      sig.connect(ok);
      sig.connect(rejects);
      const outcome = await sig.sendAsync('x', { n: 1 }, { concurrent, collectErrors: true });
      expect(outcome.results).toEqual([[ok, 1]]);
      expect(outcome.errors).toEqual([
        [throwsSync, syncFailure],
        [rejects, asyncFailure],
      ]);
    }
  });

  it('resolves to no pairs while muted', async () => {
    const sig = new Signal<Payload>();
    sig.connect(async () => 1);
    await sig.muted(async () => {
      expect(await sig.sendAsync('x', { n: 1 })).toEqual([]);
    });
  });
});
