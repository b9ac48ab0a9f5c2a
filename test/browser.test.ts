// Each package bundled by esbuild for a browser and run in headless Chromium, on pages served from
// 127.0.0.1: the rpc-core client calls a real rpc-core server and receives a notice, xcal writes
// and reads an .ics, signals sends. A bundle that pulled in a Node module would not build.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { RpcServer } from '@convene/rpc-core';
import { build } from 'esbuild';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, CHROMIUM_FLAGS, requireChromium } from './support/chromium.ts';

const scenarios = ['rpc-core', 'signals', 'xcal'] as const;
type Scenario = (typeof scenarios)[number];

/** The minified bundle of each scenario, and the packages' files it holds. */
const bundles = new Map<Scenario, { code: string; inputs: string[] }>();
const rpc = new RpcServer().register('database', {
  add: ([a, b]: [number, number]) => a + b,
  echo: ([text]: [string]) => text,
  text: ([length]: [number]) => 'x'.repeat(length),
  subscribe_ticks: ([callbackId, what]: [number, string], ctx) => {
    setTimeout(() => ctx.notify(callbackId, what), 10);
    return null;
  },
});
let site: Server;
let origin = '';
let browser: Browser;

/** Bundles `test/browser/<name>.ts` as esbuild does for a browser app: minified, ESM. */
async function bundle(name: Scenario) {
  const result = await build({
    entryPoints: [join(import.meta.dirname, 'browser', `${name}.ts`)],
    bundle: true,
    minify: true,
    platform: 'browser',
    format: 'esm',
    target: 'es2022',
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  return {
    code: result.outputFiles[0]?.text ?? '',
    inputs: Object.keys(result.metafile.inputs),
  };
}

beforeAll(async () => {
  requireChromium();
  for (const name of scenarios) bundles.set(name, await bundle(name));
  site = createServer((req, res) => {
    const name = req.url?.slice(1).replace(/\.js$/, '') as Scenario;
    const found = bundles.get(name);
    if (req.method !== 'GET' || found === undefined) return;
    if (req.url?.endsWith('.js')) {
      res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' }).end(found.code);
    } else {
      res
        .writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
        .end(
          `<!doctype html><meta charset="utf-8"><script type="module" src="/${name}.js"></script>`,
        );
    }
  });
  rpc.attach(site);
  await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(site.address() as AddressInfo).port}`;
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [...CHROMIUM_FLAGS],
  });
});

afterAll(async () => {
  await browser?.close();
  await rpc.close();
  site?.close();
});

/** Opens the page of `name` and runs its scenario there; fails on any error the page throws. */
async function runInPage(name: Scenario, ...args: unknown[]): Promise<Record<string, unknown>> {
  const page = await browser.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  try {
    await page.goto(`${origin}/${name}`);
    await page.waitForFunction(() => 'scenario' in globalThis);
    const result = await page.evaluate(
      (scenarioArgs) =>
        (globalThis as unknown as { scenario: (...a: unknown[]) => Promise<unknown> }).scenario(
          ...scenarioArgs,
        ),
      args,
    );
    expect(errors).toEqual([]);
    return result as Record<string, unknown>;
  } finally {
    await page.close();
  }
}

describe('packages bundled for a browser', () => {
  it('bundle without Node modules or ws', () => {
    for (const [name, { inputs }] of bundles) {
      expect(
        inputs.filter((input) => /(^|\/)node_modules\/(\.pnpm\/)?ws[@/]/.test(input)),
        name,
      ).toEqual([]);
      expect(
        inputs.some((input) => input.includes('node-transport')),
        name,
      ).toBe(false);
    }
  });

  it('keep the rpc-core client under 6 kB minified and gzipped', () => {
    const size = gzipSync(bundles.get('rpc-core')?.code ?? '', { level: 9 }).byteLength;
    console.info(`rpc-core browser client: ${size} bytes minified and gzipped`);
    expect(size).toBeGreaterThan(1000);
    expect(size).toBeLessThan(6 * 1024);
  });
});

describe('in headless Chromium', () => {
  it('rpc-core: the client calls a real server over fetch and WebSocket, receives a notice, bounds messages and refuses upgrade headers', async () => {
    expect(await runInPage('rpc-core', origin)).toEqual({
      sum: 5,
      echoed: 'grüße',
      received: ['tick'],
      tooLarge: 'LimitExceededError',
      afterReconnect: 42,
      refused: 'TypeError',
    });
  });

  it('signals: send calls the receivers of every sender and of the one sender', async () => {
    expect(await runInPage('signals')).toEqual({
      fromOrganizer: ['refresh t7', 2],
      fromElsewhere: ['refresh t8'],
    });
  });

  it('xcal: writes a calendar as .ics, folded and with its VTIMEZONE, and reads it back; streams one to a WritableStream; writes xCal and jCal', async () => {
    expect(await runInPage('xcal')).toEqual({
      streamed: ['talk-42@example.org'],
      folded: true,
      vtimezone: true,
      summary: 'Grüße aus dem Browser, with a summary long enough to be folded at 75 octets',
      start: '2026-01-31T08:00:00.000Z',
      xcal: true,
      jcal: 'vcalendar',
    });
  });
});
