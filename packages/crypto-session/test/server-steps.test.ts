// The server's composable steps used directly, as a node mounting the protocol its own way would:
// an encrypted JSON-RPC route over authenticate → open → seal, and concurrent logins.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ApiKeyClient,
  ApiKeyServer,
  CryptoSessionError,
  createLoginRequest,
  MemorySessionStore,
  openLoginResponse,
} from '../src/index.ts';
import { readBody, writeAnswer } from '../src/node.ts';
import { listen } from './support/http.ts';
import { apiKeyOf, createWorld } from './support/psono-world.ts';

const world = createWorld();
const server = new ApiKeyServer({
  signingKey: world.serverSigningKey,
  serverSecret: 'aa'.repeat(32),
  findApiKey: (id) => (id === world.apiKeyId ? apiKeyOf(world) : undefined),
  store: new MemorySessionStore(),
});
let http: Awaited<ReturnType<typeof listen>>;

beforeAll(async () => {
  // A node's own routing: its login path, and a JSON-RPC endpoint whose bodies are sealed.
  // Every step inside the try: a listener's rejected promise is heard by nobody.
  http = await listen(async (request, response) => {
    let session: Awaited<ReturnType<ApiKeyServer['authenticate']>> | undefined;
    try {
      const body = await readBody(request, server.limits.maxBodyBytes);
      if (request.url === '/server/api-key/login/') {
        writeAnswer(
          response,
          await server.handle({ method: 'POST', path: '/api-key/login/', headers: {}, body }),
        );
        return;
      }
      session = await server.authenticate({
        authorization: request.headers.authorization,
        method: 'POST',
        path: '/rpc',
      });
      const call = (await session.open(body)) as { id: number; method: string; params: number[] };
      const result = call.method === 'sum' ? call.params.reduce((a, b) => a + b, 0) : null;
      const sealed = session.seal({
        jsonrpc: '2.0',
        id: call.id,
        result,
        user: session.summary.userId,
      });
      writeAnswer(response, {
        status: 200,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(sealed),
      });
    } catch (error) {
      writeAnswer(response, server.answerError(error, session));
    }
  });
});
afterAll(() => http.close());

describe('ApiKeyServer steps', () => {
  it('serve an encrypted JSON-RPC route', async () => {
    const client = new ApiKeyClient({
      serverUrl: `${http.url}/server`,
      apiKeyId: world.apiKeyId,
      apiKeyPrivateKey: world.apiKeyPrivateKey,
      serverVerifyKey: server.verifyKey,
    });
    const session = await client.login();
    expect(
      await session.request('POST', '/rpc', {
        jsonrpc: '2.0',
        id: 7,
        method: 'sum',
        params: [1, 2, 3],
      }),
    ).toEqual({
      jsonrpc: '2.0',
      id: 7,
      result: 6,
      user: world.userId,
    });
  });

  it('give two concurrent logins two distinct sessions', async () => {
    const requests = await Promise.all(
      [0, 1].map(() =>
        createLoginRequest({ apiKeyId: world.apiKeyId, apiKeyPrivateKey: world.apiKeyPrivateKey }),
      ),
    );
    const answers = await Promise.all(requests.map((r) => server.login(JSON.stringify(r.body))));
    const infos = await Promise.all(
      answers.map((answer, i) =>
        openLoginResponse(
          answer,
          (requests[i] as (typeof requests)[number]).sessionSecretKey,
          server.verifyKey,
        ),
      ),
    );
    expect(infos[0]?.token).not.toBe(infos[1]?.token);
    expect(infos[0]?.session_secret_key).not.toBe(infos[1]?.session_secret_key);
  });

  it('answer an unexpected failure with a 500 that says nothing about it', () => {
    const answer = server.answerError(new Error('database password is hunter2'));
    expect(answer.status).toBe(500);
    expect(JSON.parse(answer.body)).toEqual({
      detail: 'Internal server error',
      code: 'ERR_INTERNAL',
    });
  });

  it('refuse wrong options with TypeError or RangeError', () => {
    const good = {
      signingKey: world.serverSigningKey,
      serverSecret: 'aa'.repeat(32),
      findApiKey: () => undefined,
      store: new MemorySessionStore(),
    };
    expect(() => new ApiKeyServer({ ...good, signingKey: 'abc' })).toThrow(RangeError);
    expect(() => new ApiKeyServer({ ...good, serverSecret: 'aa'.repeat(16) })).toThrow(RangeError);
    expect(() => new ApiKeyServer({ ...good, limits: { maxBodyBytes: -1 } })).toThrow(RangeError);
    expect(() => new ApiKeyServer({ ...good, findApiKey: 'x' as never })).toThrow(TypeError);
  });

  it('throw typed errors from authenticate', async () => {
    await expect(server.authenticate({ method: 'GET', path: '/' })).rejects.toBeInstanceOf(
      CryptoSessionError,
    );
  });
});
