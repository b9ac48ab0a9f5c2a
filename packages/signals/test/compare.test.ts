// The tasks of the README comparison give the same outcome with @convene/signals and eventemitter3.
import { describe, expect, it } from 'vitest';
import * as listen from './compare/listen.ours.ts';
import * as listenPeer from './compare/listen.peer.ts';
import * as next from './compare/next.ours.ts';
import * as nextPeer from './compare/next.peer.ts';
import * as once from './compare/once.ours.ts';
import * as oncePeer from './compare/once.peer.ts';

describe('compared with eventemitter3', () => {
  it('listen: both receive the sends before stopping, and none after', () => {
    const titles = ['Keynote', 'Closing'];
    expect(listen.listen(titles)).toEqual(['Keynote', 'Closing']);
    expect(listenPeer.listen(titles)).toEqual(listen.listen(titles));
  });

  it('once: both receive the first send only', () => {
    const titles = ['Keynote', 'Closing', 'Party'];
    expect(once.once(titles)).toEqual(['Keynote']);
    expect(oncePeer.once(titles)).toEqual(once.once(titles));
  });

  it('next: both resolve with the first send from the awaited sender', async () => {
    const sends: [string, string][] = [
      ['talk-1', 'Keynote'],
      ['talk-2', 'Lightning talks'],
      ['talk-2', 'Closing'],
    ];
    expect(await next.next(sends)).toBe('Lightning talks');
    expect(await nextPeer.next(sends)).toBe(await next.next(sends));
  });
});
