// The package's source runs in a real browser (headless Chromium): no Node API, only the platform.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, CHROMIUM_FLAGS, requireChromium } from '../../../test/support/chromium.ts';
import { vectorText } from './vectors.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const noble = join(root, 'node_modules/@noble/hashes');

// Runs in the page: computes vectors and exchanges a code with the test server, then posts back.
const page = `<!doctype html>
<script type="importmap">{"imports":{"@noble/hashes/":"/noble/"}}</script>
<script type="module">
import { signOAuth1, pkceChallenge, basicAuthorization, exchangeCode, percentEncode } from '/src/index.js';
const report = (body) => fetch('/result', { method: 'POST', body: JSON.stringify(body) });
try {
  const x = await signOAuth1({
    method: 'POST',
    url: 'https://api.twitter.com/1.1/statuses/update.json?include_entities=true',
    body: 'status=Hello%20Ladies%20%2b%20Gentlemen%2c%20a%20signed%20OAuth%20request%21',
    consumer: { key: 'xvz1evFS4wEEPTGEFPHBog', secret: 'kAcSOqF21Fu85e7zjz7ZN2U4ZRhfV3WpwPAoE3Z7kBw' },
    token: { key: '370773112-GmHxMAgYyLbNEtIKZeRNFsMKPR9EyMZeS9weJAEb', secret: 'LswwdoUaIvS8ltyTt5jkRh4J50vUPVVHtR2YPi5kE' },
    signatureMethod: 'HMAC-SHA1', nonce: 'kYjzVBB8Y0ZFabxSWbWovY3uYSQ2pTgmZeNu2VS4cg', timestamp: '1318622958',
  });
  const rsa = await signOAuth1({
    method: 'GET', url: 'http://photos.example.net/photos?file=vacaction.jpg&size=original',
    consumer: { key: 'dpf43f3p2l4k3l03', privateKey: await (await fetch('/key.pem')).text() },
    signatureMethod: 'RSA-SHA1', nonce: '13917289812797014437', timestamp: '1196666512',
  });
  const tokens = await exchangeCode(
    { authorizationEndpoint: location.origin + '/authorize', tokenEndpoint: location.origin + '/token' },
    { clientId: 'convene special:id', authentication: { method: 'client_secret_basic', clientSecret: 'p@ss:w0rd+/% x&=' } },
    { state: 's', codeVerifier: 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk', createdAt: 0 },
    'code-1',
    { allowInsecureRequests: true },
  );
  let encodingError = '';
  try { percentEncode('\\uD800'); } catch (e) { encodingError = e.code; }
  await report({
    hmac: x.signature, rsa: rsa.signature, tokenType: tokens.tokenType,
    pkce: pkceChallenge('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk'),
    basic: basicAuthorization('convene special:id', 'p@ss:w0rd+/% x&='), encodingError,
    userAgent: navigator.userAgent,
  });
} catch (error) {
  await report({ error: String(error && error.stack || error) });
}
</script>`;

let server: Server;
let chromium: ChildProcess | undefined;
let profile = '';
let tokenRequest: { authorization: string | undefined; body: string } | undefined;
let result: Record<string, string>;

function serve(path: string): { type: string; body: string } | undefined {
  if (path === '/') return { type: 'text/html', body: page };
  if (path === '/key.pem') return { type: 'text/plain', body: vectorText('rsa-sha1-key.pem') };
  if (path.startsWith('/src/') && path.endsWith('.js')) {
    const file = join(root, path.slice(1).replace(/\.js$/, '.ts'));
    if (!existsSync(file)) return undefined;
    const { outputText } = ts.transpileModule(readFileSync(file, 'utf8'), {
      compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext },
    });
    return { type: 'text/javascript', body: outputText };
  }
  if (path.startsWith('/noble/')) {
    const file = join(noble, path.slice('/noble/'.length));
    if (file.startsWith(noble) && existsSync(file))
      return { type: 'text/javascript', body: readFileSync(file, 'utf8') };
  }
  return undefined;
}

beforeAll(async () => {
  requireChromium();
  const done = new Promise<Record<string, string>>((resolve) => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => {
        body += chunk;
      });
      req.on('end', () => {
        const path = new URL(req.url ?? '/', 'http://x').pathname;
        if (path === '/result') {
          res.end();
          resolve(JSON.parse(body));
          return;
        }
        if (path === '/token') {
          tokenRequest = { authorization: req.headers.authorization, body };
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ access_token: 'at', token_type: 'Bearer', expires_in: 60 }));
          return;
        }
        const found = serve(path);
        res.writeHead(found ? 200 : 404, { 'content-type': found?.type ?? 'text/plain' });
        res.end(found?.body ?? 'not found');
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  profile = mkdtempSync(join(tmpdir(), 'convene-oauth-chromium-'));
  chromium = spawn(
    CHROMIUM,
    [...CHROMIUM_FLAGS, `--user-data-dir=${profile}`, `http://127.0.0.1:${port}/`],
    // A process group of its own, so that its helpers can be stopped with it.
    { stdio: 'ignore', detached: true },
  );
  result = await done;
}, 60_000);

afterAll(async () => {
  if (chromium?.pid !== undefined && chromium.exitCode === null) {
    const exited = new Promise((resolve) => chromium?.once('exit', resolve));
    // The whole group: Chromium's helper processes write to the profile too.
    process.kill(-chromium.pid, 'SIGKILL');
    await exited;
  }
  server?.close();
  if (profile) rmSync(profile, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
});

describe('in a browser', () => {
  it('runs without errors', () => {
    expect(result.error).toBeUndefined();
    expect(result.userAgent).toMatch(/Chrome/);
  });

  it('signs X’s example with HMAC-SHA1', () => {
    expect(result.hmac).toBe('hCtSmYh+iHYCEqBWrE7C7hYmtUk=');
  });

  it('signs the RSA-SHA1 test case through WebCrypto', () => {
    expect(result.rsa).toBe(
      'jvTp/wX1TYtByB1m+Pbyo0lnCOLIsyGCH7wke8AUs3BpnwZJtAuEJkvQL2/9n4s5wUmUl4aCI4BwpraNx4RtEXMe5qg5T1LVTGliMRpKasKsW//e+RinhejgCuzoH26dyF8iY2ZZ/5D1ilgeijhV/vBka5twt399mXwaYdCwFYE=',
    );
  });

  it('computes the RFC 7636 challenge and RFC 6749 Basic credentials', () => {
    expect(result.pkce).toBe('E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM');
    expect(result.basic).toBe(
      'Basic Y29udmVuZStzcGVjaWFsJTNBaWQ6cCU0MHNzJTNBdzByZCUyQiUyRiUyNSt4JTI2JTNE',
    );
  });

  it('exchanges a code with fetch, sending Basic and the verifier', () => {
    expect(result.tokenType).toBe('bearer');
    expect(tokenRequest?.authorization).toBe(result.basic);
    expect(new URLSearchParams(tokenRequest?.body).get('code_verifier')).toBe(
      'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk',
    );
  });

  it('refuses a lone surrogate with the typed error', () => {
    expect(result.encodingError).toBe('ERR_INVALID_ENCODING');
  });
});
