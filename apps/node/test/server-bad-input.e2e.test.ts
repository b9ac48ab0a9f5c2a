// Bad input of every kind to every /server route gets a 4xx with a stable code, never a 500, and
// the node keeps serving.
import { request } from 'node:http';
import { join } from 'node:path';
import {
  type ClientSession,
  fromHex,
  randomBytes,
  secretboxSeal,
  sign,
  toHex,
} from '@convene/crypto-session';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KeyFile } from '../src/api-keys/key-material.js';
import { clientOf, createApiKey } from './support/cli.js';
import { createTempDir } from './support/databases.js';
import { type NodeProcess, startNodeProcess } from './support/node-process.js';

const DATASTORE = '/datastore/';
const ROUTES: [string, string][] = [
  ['GET', DATASTORE],
  ['GET', '/datastore/00000000-0000-4000-8000-000000000000/'],
  ['PUT', '/datastore/00000000-0000-4000-8000-000000000000/'],
  ['POST', '/secret/'],
  ['GET', '/secret/00000000-0000-4000-8000-000000000000/'],
  ['PUT', '/secret/00000000-0000-4000-8000-000000000000/'],
  ['POST', '/authentication/logout/'],
  ['POST', '/rpc'],
];

describe('bad input to /server', () => {
  const temp = createTempDir('convene-badinput-');
  let node: NodeProcess;
  let key: KeyFile;
  let session: ClientSession;

  /** A raw request: any method with any body, the path exactly as given. */
  const send = (
    method: string,
    path: string,
    body?: string,
    headers: Record<string, string> = {},
  ) =>
    new Promise<{ status: number; text: string; json: Record<string, unknown> | null }>(
      (resolve, reject) => {
        const req = request(
          {
            host: '127.0.0.1',
            port: node.port,
            path: `/server${path}`,
            method,
            headers: {
              'content-type': 'application/json',
              'content-length': String(Buffer.byteLength(body ?? '')),
              ...headers,
            },
          },
          (res) => {
            let text = '';
            res.setEncoding('utf8');
            res.on('data', (chunk: string) => {
              text += chunk;
            });
            res.on('end', () =>
              resolve({
                status: res.statusCode ?? 0,
                text,
                json: text ? (JSON.parse(text) as Record<string, unknown>) : null,
              }),
            );
          },
        );
        req.on('error', reject);
        req.end(body);
      },
    );
  const auth = () => ({ authorization: `Token ${session.state.token}` });
  const seal = (data: unknown, key = fromHex(session.state.sessionSecretKey, 'key', 32)) => {
    const nonce = randomBytes(24);
    return JSON.stringify({
      text: toHex(secretboxSeal(new TextEncoder().encode(JSON.stringify(data)), nonce, key)),
      nonce: toHex(nonce),
    });
  };
  /** Opens a sealed error answer. */
  const codeOf = async (answer: { json: Record<string, unknown> | null }) => {
    const json = answer.json ?? {};
    if (typeof json.code === 'string') return json.code;
    const { openJson } = await import('@convene/crypto-session');
    return (
      openJson(json, fromHex(session.state.sessionSecretKey, 'key', 32), 'answer') as {
        code: string;
      }
    ).code;
  };

  beforeAll(async () => {
    node = await startNodeProcess({
      dataDir: join(temp.dir, 'data'),
      extraArgs: ['--api-key-logins-per-hour', '100000'],
    });
    key = await createApiKey(join(temp.dir, 'key.json'), [
      '--rpc-endpoint',
      `127.0.0.1:${node.port}`,
      '--data-dir',
      join(temp.dir, 'data'),
    ]);
    session = await clientOf(key).login();
  });

  afterAll(async () => {
    await node?.stop();
    temp.remove();
  });

  it.each([
    ['not JSON', '{'],
    ['a JSON array', '[]'],
    ['no info', '{"signature":"00"}'],
    ['info not JSON', JSON.stringify({ info: '{', signature: '00'.repeat(64) })],
    ['a signature not hex', JSON.stringify({ info: '{}', signature: 'zz'.repeat(64) })],
    ['a short signature', JSON.stringify({ info: '{}', signature: '00'.repeat(63) })],
    [
      'an info without api_key_id',
      JSON.stringify({
        info: JSON.stringify({ session_public_key: '11'.repeat(32) }),
        signature: '00'.repeat(64),
      }),
    ],
    [
      'a low-order session key',
      JSON.stringify({
        info: JSON.stringify({ api_key_id: 'x', session_public_key: '00'.repeat(32) }),
        signature: '00'.repeat(64),
      }),
    ],
    [
      'a string session_duration',
      JSON.stringify({
        info: JSON.stringify({
          api_key_id: 'x',
          session_public_key: '11'.repeat(32),
          session_duration: '60',
        }),
        signature: '00'.repeat(64),
      }),
    ],
  ])('refuses a login body with %s: 400 ERR_MALFORMED or ERR_LOGIN_REFUSED', async (_, body) => {
    const answer = await send('POST', '/api-key/login/', body);
    expect(answer.status).toBe(400);
    expect(answer.json?.code).toMatch(/^ERR_(MALFORMED|LOGIN_REFUSED)$/);
  });

  it('refuses a login signed by another key and one for an unknown key alike', async () => {
    const body = async (id: string) => {
      const info = JSON.stringify({
        api_key_id: id,
        session_public_key: toHex(randomBytes(32)),
        device_description: 'x',
      });
      return JSON.stringify({
        info,
        signature: toHex(await sign(new TextEncoder().encode(info), randomBytes(32))),
      });
    };
    const wrong = await send('POST', '/api-key/login/', await body(key.api_key_id));
    const unknown = await send(
      'POST',
      '/api-key/login/',
      await body('00000000-0000-4000-8000-00000000dead'),
    );
    expect([wrong.status, wrong.json?.code]).toEqual([400, 'ERR_LOGIN_REFUSED']);
    expect([unknown.status, unknown.json]).toEqual([wrong.status, wrong.json]);
  });

  it.each(ROUTES)(
    '%s %s: 401 without a token, with a malformed one, with an unknown one',
    async (method, path) => {
      for (const headers of [
        {},
        { authorization: 'Token' },
        { authorization: 'Bearer x' },
        { authorization: `Token ${'ab'.repeat(64)}` },
      ]) {
        const answer = await send(method, path, '{}', headers);
        expect(answer.status, `${JSON.stringify(headers)} ${answer.text}`).toBe(401);
        expect(answer.json?.code).toBe('ERR_UNAUTHENTICATED');
      }
    },
  );

  it.each(ROUTES.filter(([, path]) => path !== '/authentication/logout/'))(
    '%s %s: 400 for a plain JSON body, a tampered one, and one sealed under another key',
    async (method, path) => {
      const tampered = JSON.parse(seal({ data: 'ab' })) as { text: string; nonce: string };
      tampered.text = `${tampered.text.slice(0, -2)}${tampered.text.endsWith('00') ? '01' : '00'}`;
      for (const [body, code] of [
        ['{"data":"ab"}', 'ERR_MALFORMED'],
        ['[1,2', 'ERR_MALFORMED'],
        ['{"text":"zz","nonce":"00"}', 'ERR_MALFORMED'],
        [JSON.stringify(tampered), 'ERR_TAMPERED'],
        [seal({}, randomBytes(32)), 'ERR_TAMPERED'],
      ] as const) {
        const answer = await send(method, path, body, auth());
        expect(answer.status, `${body} ${answer.text}`).toBe(400);
        expect(await codeOf(answer)).toBe(code);
      }
    },
  );

  it('refuses a replayed request body: 400 ERR_REPLAYED', async () => {
    const body = seal({});
    expect((await send('GET', DATASTORE, body, auth())).status).toBe(200);
    const again = await send('GET', DATASTORE, body, auth());
    expect(again.status).toBe(400);
    expect(await codeOf(again)).toBe('ERR_REPLAYED');
  });

  it('answers 404 ERR_NOT_FOUND for unknown ids, ids that are no UUID, other paths and methods', async () => {
    for (const [method, path] of [
      ['GET', '/datastore/00000000-0000-4000-8000-000000000000/'],
      ['GET', '/secret/00000000-0000-4000-8000-000000000000/'],
      ['GET', '/secret/1/'],
      ['DELETE', DATASTORE],
      ['GET', '/user/status/'],
      ['GET', '/rpc'],
    ] as const) {
      const answer = await send(method, path, undefined, auth());
      expect(answer.status, `${method} ${path}`).toBe(404);
      expect(await codeOf(answer)).toBe('ERR_NOT_FOUND');
    }
  });

  it('refuses secrets and datastores that are not ciphertext: 400 ERR_MALFORMED', async () => {
    const { datastores } = (await session.request('GET', DATASTORE)) as {
      datastores: { id: string }[];
    };
    const id = datastores[0]?.id as string;
    for (const body of [
      undefined,
      [],
      {},
      { data: 'not hex', data_nonce: '00'.repeat(24) },
      { data: 'ab', data_nonce: '00'.repeat(24) },
      { data: '00'.repeat(16), data_nonce: '00' },
      { data: 12, data_nonce: '00'.repeat(24) },
    ]) {
      for (const [method, path] of [
        ['POST', '/secret/'],
        ['PUT', `/datastore/${id}/`],
      ] as const) {
        await expect(
          session.request(method, path, body),
          `${method} ${JSON.stringify(body)}`,
        ).rejects.toMatchObject({
          code: 'ERR_MALFORMED',
        });
      }
    }
    const orphan = {
      data: '00'.repeat(16),
      data_nonce: '00'.repeat(24),
      parent_datastore_id: 'nope',
    };
    await expect(session.request('POST', '/secret/', orphan)).rejects.toMatchObject({
      code: 'ERR_MALFORMED',
    });
  });

  it('answers JSON-RPC errors for bad JSON-RPC inside a good envelope', async () => {
    const answer = (await session.request('POST', '/rpc', {
      method: 'call',
      params: 'x',
      id: 1,
    })) as {
      error?: { code: number };
    };
    expect(answer.error?.code).toBe(-32600);
    await expect(session.request('POST', '/rpc', 'just a string')).rejects.toMatchObject({
      code: 'ERR_HTTP',
    });
  });

  it('refuses a body over the limit with 413 and still serves afterwards', async () => {
    const answer = await send('POST', '/secret/', 'x'.repeat(1024 * 1024 + 1), auth());
    expect(answer.status).toBe(413);
    expect(answer.json?.code).toBe('ERR_LIMIT_EXCEEDED');
    expect(await session.request('GET', DATASTORE)).toHaveProperty('datastores');
    expect(node.output()).not.toMatch(/"level":50/);
  });
});
