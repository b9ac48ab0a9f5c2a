// MemoryTransactionStore: one-time use, eviction by count and by age.
import { describe, expect, it } from 'vitest';
import { type AuthorizationTransaction, MemoryTransactionStore } from '../src/index.ts';

const at = (state: string, createdAt: number): AuthorizationTransaction => ({ state, createdAt });

describe('MemoryTransactionStore', () => {
  it('gives each transaction back once', () => {
    const store = new MemoryTransactionStore({ clock: () => 0 });
    store.put(at('a', 0));
    expect(store.take('a')).toEqual(at('a', 0));
    expect(store.take('a')).toBeUndefined();
  });

  it('evicts the oldest past maxTransactions', () => {
    const store = new MemoryTransactionStore({ clock: () => 0, limits: { maxTransactions: 2 } });
    store.put(at('a', 0));
    store.put(at('b', 0));
    store.put(at('c', 0));
    expect(store.size).toBe(2);
    expect(store.take('a')).toBeUndefined();
    expect(store.take('c')).toEqual(at('c', 0));
  });

  it('drops transactions older than transactionTtlMs', () => {
    let now = 0;
    const store = new MemoryTransactionStore({
      clock: () => now,
      limits: { transactionTtlMs: 100 },
    });
    store.put(at('a', 0));
    now = 101;
    expect(store.take('a')).toBeUndefined();
    store.put(at('b', 0));
    store.put(at('c', 101));
    expect(store.size).toBe(1);
  });
});
