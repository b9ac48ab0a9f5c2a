// The stack of undo steps a node's start builds and its close runs.
import { describe, expect, it } from 'vitest';
import { CleanupStack } from '../src/cleanup-stack.js';

describe('CleanupStack', () => {
  it('runs cleanups newest first', async () => {
    const stack = new CleanupStack();
    const ran: string[] = [];
    stack.push(() => void ran.push('storage'));
    stack.push(async () => void ran.push('server'));
    await stack.unwind();
    expect(ran).toEqual(['server', 'storage']);
  });

  it('runs every cleanup once even when one fails, then rejects with the first failure', async () => {
    const stack = new CleanupStack();
    const ran: string[] = [];
    stack.push(() => void ran.push('first'));
    stack.push(() => {
      throw new Error('second failed');
    });
    stack.push(() => {
      throw new Error('third failed');
    });
    await expect(stack.unwind()).rejects.toThrow('third failed');
    await expect(stack.unwind()).rejects.toThrow('third failed');
    expect(ran).toEqual(['first']);
  });
});
