// Properties of the server's doors: whatever arrives as a login body, an Authorization header or
// a request body, the answer is a typed error or a result, never a crash or a 500.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ApiKeyServer,
  CryptoSessionError,
  createLoginRequest,
  MemorySessionStore,
  openLoginResponse,
  sealJson,
  toHex,
} from '../src/index.ts';
import { apiKeyOf, createWorld } from './support/psono-world.ts';

const world = createWorld();
const server = new ApiKeyServer({
  signingKey: world.serverSigningKey,
  serverSecret: 'bb'.repeat(32),
  findApiKey: (id) => (id === world.apiKeyId ? apiKeyOf(world) : undefined),
  store: new MemorySessionStore(),
});

const loginShaped = fc.record(
  {
    info: fc.oneof(
      fc.string(),
      fc.jsonValue().map((v) => JSON.stringify(v)),
      fc
        .record(
          {
            api_key_id: fc.oneof(fc.constant(world.apiKeyId), fc.string()),
            session_public_key: fc.uint8Array({ minLength: 31, maxLength: 33 }).map(toHex),
            session_duration: fc.jsonValue(),
          },
          { requiredKeys: [] },
        )
        .map((v) => JSON.stringify(v)),
    ),
    signature: fc.oneof(fc.string(), fc.uint8Array({ minLength: 63, maxLength: 65 }).map(toHex)),
  },
  { requiredKeys: [] },
);

describe('ApiKeyServer.handle', () => {
  it('answers any forged login body with a coded 4xx', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.string(),
          loginShaped.map((v) => JSON.stringify(v)),
        ),
        async (body) => {
          const answer = await server.handle({
            method: 'POST',
            path: '/api-key/login/',
            headers: {},
            body,
          });
          expect(answer.status).toBeGreaterThanOrEqual(400);
          expect(answer.status).toBeLessThan(500);
          expect(JSON.parse(answer.body).code).toMatch(/^ERR_/);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('answers any Authorization header and body with 200 (empty body) or a 4xx, never a 500', async () => {
    const request = createLoginRequest({
      apiKeyId: world.apiKeyId,
      apiKeyPrivateKey: world.apiKeyPrivateKey,
    });
    const info = openLoginResponse(
      await server.login(JSON.stringify(request.body)),
      request.sessionSecretKey,
      world.serverVerifyKey,
    );
    const key = Buffer.from(info.session_secret_key, 'hex');
    const body = fc.oneof(
      fc.string(),
      fc.jsonValue().map((v) => JSON.stringify(v)),
      fc.record({ text: fc.string(), nonce: fc.string() }).map((v) => JSON.stringify(v)),
      fc.jsonValue().map((v) => {
        const sealed = sealJson(v, key);
        return JSON.stringify({ ...sealed, text: sealed.text.slice(2) });
      }),
    );
    const authorization = fc.oneof(fc.string(), fc.constant(`Token ${info.token}`));
    await fc.assert(
      fc.asyncProperty(authorization, body, async (auth, text) => {
        const answer = await server.handle(
          { method: 'POST', path: '/anything/', headers: { authorization: auth }, body: text },
          () => ({ data: 'unreachable' }),
        );
        if (answer.status === 200) expect(text.trim()).toBe('');
        else expect(answer.status).toBeGreaterThanOrEqual(400);
        expect(answer.status).toBeLessThan(500);
      }),
      { numRuns: 300 },
    );
  });

  it('throws only CryptoSessionError from login', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string(), async (body) => {
        await expect(server.login(body)).rejects.toBeInstanceOf(CryptoSessionError);
      }),
      { numRuns: 200 },
    );
  });
});
