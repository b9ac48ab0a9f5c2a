// The event cache never serves an answer older than the last change it heard of.
import { describe, expect, it } from 'vitest';
import { ALL_EVENTS, EventCache } from '../src/event-cache.js';

const deferred = <T>() => {
  let resolve!: (value: T) => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
};

describe('EventCache', () => {
  it('loads once per event and key, until the event is invalidated', async () => {
    const cache = new EventCache();
    let loads = 0;
    const load = async () => ++loads;
    expect(await cache.get('1', 'get_event', load)).toBe(1);
    expect(await cache.get('1', 'get_event', load)).toBe(1);
    expect(await cache.get('2', 'get_event', load)).toBe(2);
    cache.invalidate('1');
    expect(await cache.get('1', 'get_event', load)).toBe(3);
    expect(await cache.get('2', 'get_event', load)).toBe(2);
  });

  it('drops the reads spanning all events on any invalidation', async () => {
    const cache = new EventCache();
    let loads = 0;
    await cache.get(ALL_EVENTS, 'get_events', async () => ++loads);
    cache.invalidate('7');
    expect(await cache.get(ALL_EVENTS, 'get_events', async () => ++loads)).toBe(2);
  });

  it('serves but does not keep a load that an invalidation overlapped', async () => {
    const cache = new EventCache();
    const slow = deferred<string>();
    const first = cache.get('1', 'k', () => slow.promise);
    cache.invalidate('1');
    slow.resolve('stale');
    expect(await first).toBe('stale');
    expect(await cache.get('1', 'k', async () => 'fresh')).toBe('fresh');
  });

  it('does not keep failed loads', async () => {
    const cache = new EventCache();
    const failing = deferred<string>();
    const first = cache.get('1', 'k', () => failing.promise);
    failing.reject(new Error('no such event'));
    await expect(first).rejects.toThrow('no such event');
    expect(await cache.get('1', 'k', async () => 'now there is')).toBe('now there is');
  });

  it('forgets the oldest events past its bound, and everything on clear', async () => {
    const cache = new EventCache(2);
    for (const eventId of ['1', '2', '3']) await cache.get(eventId, 'k', async () => eventId);
    expect(cache.size).toBe(2);
    expect(await cache.get('1', 'k', async () => 'reloaded')).toBe('reloaded');
    cache.clear();
    expect(cache.size).toBe(0);
  });
});
