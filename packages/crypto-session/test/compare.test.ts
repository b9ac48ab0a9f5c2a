// The tasks of the README comparison give the same outcome with @convene/crypto-session as with
// Psono's login done by hand with tweetnacl, against a real server on 127.0.0.1.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as login from './compare/login.ours.ts';
import * as loginPeer from './compare/login.peer.ts';
import * as logout from './compare/logout.ours.ts';
import * as logoutPeer from './compare/logout.peer.ts';
import * as request from './compare/request.ours.ts';
import * as requestPeer from './compare/request.peer.ts';
import { type RunningServer, startServer } from './support/node-server.ts';
import { createWorld } from './support/psono-world.ts';

const world = createWorld();
let running: RunningServer;
let config: login.Config;
beforeAll(async () => {
  running = await startServer(world);
  config = {
    serverUrl: running.url,
    apiKeyId: world.apiKeyId,
    apiKeyPrivateKey: world.apiKeyPrivateKey,
    apiKeySecretKey: world.apiKeySecretKey,
    serverVerifyKey: world.serverVerifyKey,
  };
});
afterAll(() => running.close());

describe("compared with Psono's login by hand on tweetnacl", () => {
  it("login: both open a session and the same user's keys", async () => {
    const ours = await login.login(config);
    const peer = await loginPeer.login(config);
    const expected = { privateKey: world.userPrivateKey, secretKey: world.userSecretKey };
    expect(ours.state.userKeys).toEqual(expected);
    expect(peer.userKeys).toEqual(expected);
    expect(peer.username).toBe(ours.state.username);
    expect(ours.state.username).toBe(world.username);
  });

  it('request: both get the same decrypted answer', async () => {
    const data = { from: 'compare', n: [1, 2] };
    const ours = await request.request(await login.login(config), data);
    const peer = await requestPeer.request(await loginPeer.login(config), data);
    expect(ours).toEqual({ echo: data });
    expect(peer).toEqual(ours);
  });

  it("logout: after it, both sessions' requests are refused", async () => {
    const ours = await login.login(config);
    const peer = await loginPeer.login(config);
    const live = await running.server.listSessions({ userId: world.userId });
    await logout.logout(ours);
    await logoutPeer.logout(peer);
    await expect(request.request(ours, {})).rejects.toThrow();
    await expect(requestPeer.request(peer, {})).rejects.toThrow(/request refused: 401/);
    expect(await running.server.listSessions({ userId: world.userId })).toHaveLength(
      live.length - 2,
    );
  });
});
