// The server's login endpoint over real HTTP: Psono's answer for a good login, and a 4xx with a
// stable code for every bad one, where Psono would answer 500.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { boxKeyPair, createLoginRequest, openLoginResponse, sign, toHex } from '../src/index.ts';
import { type RunningServer, startServer } from './support/node-server.ts';
import { apiKeyOf, createWorld } from './support/psono-world.ts';
import boxVectors from './vectors/nacl-box.json' with { type: 'json' };

const world = createWorld();
let running: RunningServer;
beforeAll(async () => {
  running = await startServer(world);
});
afterAll(() => running.close());

async function post(body: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${running.url}/api-key/login/`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

function signed(info: Record<string, unknown> | string, seed = world.apiKeyPrivateKey) {
  const text = typeof info === 'string' ? info : JSON.stringify(info);
  return {
    info: text,
    signature: toHex(sign(new TextEncoder().encode(text), Buffer.from(seed, 'hex'))),
  };
}

const freshInfo = (extra: Record<string, unknown> = {}) => ({
  api_key_id: world.apiKeyId,
  session_public_key: toHex(boxKeyPair().publicKey),
  device_description: 'test',
  ...extra,
});

describe('POST /api-key/login/', () => {
  it('answers login_info boxed to the session key and signed by the server key', async () => {
    const request = createLoginRequest({
      apiKeyId: world.apiKeyId,
      apiKeyPrivateKey: world.apiKeyPrivateKey,
    });
    const { status, body } = await post(request.body);
    expect(status).toBe(200);
    expect(Object.keys(body).sort()).toEqual([
      'login_info',
      'login_info_nonce',
      'login_info_signature',
      'server_session_public_key',
    ]);
    const info = openLoginResponse(body, request.sessionSecretKey, world.serverVerifyKey);
    expect(info.token).toMatch(/^[0-9a-f]{128}$/);
    expect(info.session_secret_key).toMatch(/^[0-9a-f]{64}$/);
    expect(info.user).toEqual(world.user);
    expect(info.api_key_read).toBe(true);
  });

  it('clamps session_duration to maxSessionSeconds', async () => {
    const request = createLoginRequest({
      apiKeyId: world.apiKeyId,
      apiKeyPrivateKey: world.apiKeyPrivateKey,
      sessionDuration: 10_000_000,
    });
    const { body } = await post(request.body);
    const info = openLoginResponse(body, request.sessionSecretKey, world.serverVerifyKey);
    const seconds = (Date.parse(info.session_valid_till) - Date.now()) / 1000;
    expect(seconds).toBeGreaterThan(590);
    expect(seconds).toBeLessThanOrEqual(600);
  });

  it('refuses a replayed login body with ERR_REPLAYED', async () => {
    const request = createLoginRequest({
      apiKeyId: world.apiKeyId,
      apiKeyPrivateKey: world.apiKeyPrivateKey,
    });
    expect((await post(request.body)).status).toBe(200);
    expect(await post(request.body)).toEqual({
      status: 400,
      body: { code: 'ERR_REPLAYED', detail: expect.any(String) },
    });
  });

  it('gives an unknown key and a wrong signature the same answer', async () => {
    const wrongSignature = await post(signed(freshInfo(), toHex(new Uint8Array(32).fill(9))));
    const unknownKey = await post(
      signed(freshInfo({ api_key_id: '00000000-0000-4000-8000-000000000000' })),
    );
    expect(wrongSignature.status).toBe(400);
    expect(wrongSignature.body.code).toBe('ERR_LOGIN_REFUSED');
    expect(unknownKey).toEqual(wrongSignature);
  });

  it('refuses a signature with one bit flipped', async () => {
    const body = signed(freshInfo());
    const flipped = (Number.parseInt(body.signature.slice(0, 2), 16) ^ 1)
      .toString(16)
      .padStart(2, '0');
    const result = await post({ ...body, signature: flipped + body.signature.slice(2) });
    expect(result.body.code).toBe('ERR_LOGIN_REFUSED');
  });

  it('refuses a signature over a re-serialized info (the exact received text is verified)', async () => {
    const info = freshInfo();
    const body = signed(info);
    const result = await post({ info: JSON.stringify(info, null, 1), signature: body.signature });
    expect(result.body.code).toBe('ERR_LOGIN_REFUSED');
  });

  it('refuses an inactive key as an unknown one', async () => {
    running.setKey({ ...apiKeyOf(world), active: false });
    try {
      expect((await post(signed(freshInfo()))).body.code).toBe('ERR_LOGIN_REFUSED');
    } finally {
      running.setKey(apiKeyOf(world));
    }
  });

  const malformed: [string, () => unknown][] = [
    ['a body that is not JSON', () => '{"info":'],
    ['a JSON array', () => []],
    ['a missing info', () => ({ signature: '00'.repeat(64) })],
    ['a missing signature', () => ({ info: '{}' })],
    ['an info that is not JSON', () => signed('not json')],
    ['an info that is a JSON array', () => signed('[]')],
    ['a missing api_key_id', () => signed({ session_public_key: '00'.repeat(32) })],
    ['a missing session_public_key', () => signed({ api_key_id: world.apiKeyId })],
    [
      'a session_public_key of 31 bytes',
      () => signed(freshInfo({ session_public_key: '11'.repeat(31) })),
    ],
    [
      'a session_public_key with a non-hex character',
      () => signed(freshInfo({ session_public_key: `${'11'.repeat(31)}1g` })),
    ],
    ['an odd-length signature', () => ({ ...signed(freshInfo()), signature: '0'.repeat(127) })],
    ['a signature of 63 bytes', () => ({ ...signed(freshInfo()), signature: '00'.repeat(63) })],
    ['a non-hex signature', () => ({ ...signed(freshInfo()), signature: 'zz'.repeat(64) })],
    ['a string session_duration', () => signed(freshInfo({ session_duration: '60' }))],
    ['a fractional session_duration', () => signed(freshInfo({ session_duration: 1.5 }))],
    ['a negative session_duration', () => signed(freshInfo({ session_duration: -1 }))],
    ['a device_time that is not a date', () => signed(freshInfo({ device_time: 'yesterday' }))],
  ];
  for (const [name, body] of malformed) {
    it(`answers 400 ERR_MALFORMED to ${name}`, async () => {
      const result = await post(body());
      expect(result.status).toBe(400);
      expect(result.body.code).toBe('ERR_MALFORMED');
    });
  }

  it('answers 400 ERR_MALFORMED to a low-order session public key, validly signed', async () => {
    const result = await post(
      signed(freshInfo({ session_public_key: boxVectors.small_order_public_key })),
    );
    expect(result).toEqual({
      status: 400,
      body: { code: 'ERR_MALFORMED', detail: expect.stringContaining('low-order') },
    });
  });

  it('answers 413 ERR_LIMIT_EXCEEDED to an info past maxInfoBytes', async () => {
    const result = await post(signed(freshInfo({ device_description: 'x'.repeat(5000) })));
    expect(result.status).toBe(413);
    expect(result.body.code).toBe('ERR_LIMIT_EXCEEDED');
  });

  it('answers 413 ERR_LIMIT_EXCEEDED to a body past maxBodyBytes', async () => {
    const result = await post({ info: 'x'.repeat(1024 * 1024 + 1), signature: '' });
    expect(result.status).toBe(413);
    expect(result.body.code).toBe('ERR_LIMIT_EXCEEDED');
  });
});

describe('openLoginResponse', () => {
  async function answer() {
    const request = createLoginRequest({
      apiKeyId: world.apiKeyId,
      apiKeyPrivateKey: world.apiKeyPrivateKey,
    });
    const { body } = await post(request.body);
    return { request, body: body as Record<string, string> };
  }
  const resign = (loginInfo: string) =>
    toHex(sign(new TextEncoder().encode(loginInfo), Buffer.from(world.serverSigningKey, 'hex')));
  const codeOf = (run: () => unknown) => {
    try {
      run();
    } catch (error) {
      return (error as { code?: string }).code;
    }
    return 'no error';
  };

  it('refuses a flipped signature bit before opening the box (ERR_SIGNATURE_INVALID)', async () => {
    const { request, body } = await answer();
    const signature = body.login_info_signature as string;
    const flipped = `${signature.slice(0, -1)}${signature.endsWith('0') ? '1' : '0'}`;
    expect(
      codeOf(() =>
        openLoginResponse(
          { ...body, login_info_signature: flipped },
          request.sessionSecretKey,
          world.serverVerifyKey,
        ),
      ),
    ).toBe('ERR_SIGNATURE_INVALID');
  });

  it('refuses a tampered login_info even when validly re-signed (ERR_TAMPERED)', async () => {
    const { request, body } = await answer();
    const info = body.login_info as string;
    const tampered = `${info.slice(0, 40)}${info[40] === 'a' ? 'b' : 'a'}${info.slice(41)}`;
    expect(
      codeOf(() =>
        openLoginResponse(
          { ...body, login_info: tampered, login_info_signature: resign(tampered) },
          request.sessionSecretKey,
          world.serverVerifyKey,
        ),
      ),
    ).toBe('ERR_TAMPERED');
  });

  it('refuses another server session key (ERR_TAMPERED) and a low-order one (ERR_MALFORMED)', async () => {
    const { request, body } = await answer();
    const other = { ...body, server_session_public_key: toHex(boxKeyPair().publicKey) };
    expect(
      codeOf(() => openLoginResponse(other, request.sessionSecretKey, world.serverVerifyKey)),
    ).toBe('ERR_TAMPERED');
    const lowOrder = { ...body, server_session_public_key: boxVectors.small_order_public_key };
    expect(
      codeOf(() => openLoginResponse(lowOrder, request.sessionSecretKey, world.serverVerifyKey)),
    ).toBe('ERR_MALFORMED');
  });

  it('refuses a short nonce (ERR_MALFORMED)', async () => {
    const { request, body } = await answer();
    const short = { ...body, login_info_nonce: (body.login_info_nonce as string).slice(2) };
    expect(
      codeOf(() => openLoginResponse(short, request.sessionSecretKey, world.serverVerifyKey)),
    ).toBe('ERR_MALFORMED');
  });
});
