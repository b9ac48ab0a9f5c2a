// The tasks of the README comparison give the same outcome with @convene/rpc-core as with
// json-rpc-2.0 and rpc-websockets, over real sockets on 127.0.0.1.
import { describe, expect, it } from 'vitest';
import * as call from './compare/call.ours.ts';
import * as callPeer from './compare/call.peer.ts';
import * as error from './compare/error.ours.ts';
import * as errorPeer from './compare/error.peer.ts';
import * as push from './compare/push.ours.ts';
import * as pushPeer from './compare/push.peer.ts';

describe('compared with json-rpc-2.0 and rpc-websockets', () => {
  it('call: both answer the HTTP call with the same accounts', async () => {
    const ids = ['1.2.0', '1.2.5'];
    const expected = [
      { id: '1.2.0', name: 'account 1.2.0' },
      { id: '1.2.5', name: 'account 1.2.5' },
    ];
    expect(await call.call(ids)).toEqual(expected);
    expect(await callPeer.call(ids)).toEqual(expected);
  });

  it('error: both hand the caller the code and message the handler chose', async () => {
    const expected = { code: -32004, message: 'No account 1.2.99' };
    expect(await error.error('1.2.99')).toEqual(expected);
    expect(await errorPeer.error('1.2.99')).toEqual(expected);
  });

  it('push: both deliver every pushed notice, in order', async () => {
    const prices = [101, 102, 99];
    expect(await push.push(prices)).toEqual(prices);
    expect(await pushPeer.push(prices)).toEqual(prices);
  });
});
