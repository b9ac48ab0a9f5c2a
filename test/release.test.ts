// The whole path of a release, with no workspace in sight: a real npm registry (verdaccio, as a
// child process on a free port) receives every package from `changeset publish`; then an empty
// directory installs each one from it with plain npm and runs its README examples as plain .mjs
// (types stripped), as the README tells users to.
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { transform } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { published, root, slug } from './packages.ts';

const exec = promisify(execFile);
const work = mkdtempSync(join(tmpdir(), 'convene-release-'));
const consumer = join(work, 'consumer');
let registry = '';
let verdaccio: ChildProcess | undefined;
/** The npm settings of the publisher and the consumer: @convene/* from the local registry. */
let env: NodeJS.ProcessEnv = {};

/** A port free on 127.0.0.1 now. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() =>
        typeof address === 'object' && address
          ? resolve(address.port)
          : reject(new Error('no port')),
      );
    });
  });
}

/** Starts verdaccio with its storage and users in `work`; resolves once it answers. */
async function startRegistry(): Promise<void> {
  const port = await freePort();
  registry = `http://127.0.0.1:${port}/`;
  const config = join(work, 'verdaccio.yaml');
  writeFileSync(
    config,
    [
      `storage: ${join(work, 'storage')}`,
      'auth:',
      `  htpasswd: { file: ${join(work, 'htpasswd')}, max_users: 1 }`,
      'packages:',
      "  '@convene/*': { access: $all, publish: $authenticated }",
      'web: { enable: false }',
      'log: { type: stdout, format: pretty, level: error }',
      '',
    ].join('\n'),
  );
  const bin = join(root, 'node_modules/verdaccio/bin/verdaccio');
  const child = spawn(
    process.execPath,
    [bin, '--config', config, '--listen', `127.0.0.1:${port}`],
    {
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  verdaccio = child;
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
  });
  const deadline = Date.now() + 30_000;
  for (;;) {
    const answer = await fetch(`${registry}-/ping`).catch(() => null);
    if (answer?.ok) return;
    if (Date.now() > deadline || child.exitCode !== null)
      throw new Error(`verdaccio did not answer on ${registry}: ${stderr}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** Registers a throwaway user and returns its token. */
async function throwawayToken(): Promise<string> {
  const name = 'release-test';
  const answer = await fetch(`${registry}-/user/org.couchdb.user:${name}`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name, password: `pw-${process.pid}-${Date.now()}` }),
  });
  const { token } = (await answer.json()) as { token?: string };
  if (!answer.ok || typeof token !== 'string')
    throw new Error(`verdaccio refused the user: ${answer.status}`);
  return token;
}

beforeAll(async () => {
  await startRegistry();
  const npmrc = join(work, '.npmrc');
  const host = registry.replace(/^http:/, '');
  writeFileSync(
    npmrc,
    `@convene:registry=${registry}\n${host}:_authToken=${await throwawayToken()}\n`,
  );
  // npm as a user's shell has it: none of the npm_config_* settings `pnpm run` exports (one of them
  // leaves `resolved` out of package-lock.json), and a cache of its own, since the packaging test
  // puts tarballs of the same names and versions into the shared one.
  const plain = Object.entries(process.env).filter(([key]) => !/^npm_config_/i.test(key));
  env = {
    ...Object.fromEntries(plain),
    npm_config_userconfig: npmrc,
    npm_config_cache: join(work, 'npm-cache'),
  };
  // The publish step of `pnpm release`, without tagging this repository.
  await exec('pnpm', ['exec', 'changeset', 'publish', '--no-git-tag'], { cwd: root, env });
  mkdirSync(consumer);
  writeFileSync(
    join(consumer, 'package.json'),
    JSON.stringify({ name: 'consumer', private: true, type: 'module' }),
  );
  await exec(
    'npm',
    [
      'install',
      '--no-audit',
      '--no-fund',
      '--loglevel=error',
      ...published.map(({ name }) => name),
    ],
    { cwd: consumer, env },
  );
});

afterAll(() => {
  verdaccio?.kill();
  rmSync(work, { recursive: true, force: true });
});

describe('a release to a real npm registry', () => {
  for (const { name, dir } of published) {
    it(`${name}: the registry serves the version in package.json`, async () => {
      const { version } = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
      const answer = await fetch(`${registry}${name.replace('/', '%2f')}`);
      const document = (await answer.json()) as { 'dist-tags': { latest: string } };
      expect(document['dist-tags'].latest).toBe(version);
    });
  }

  for (const { name } of published) {
    it(`${name}: npm installed it from the registry`, () => {
      const lock = JSON.parse(readFileSync(join(consumer, 'package-lock.json'), 'utf8'));
      expect(lock.packages[`node_modules/${name}`]?.resolved).toMatch(new RegExp(`^${registry}`));
    });
  }

  for (const { name, examples } of published) {
    it(`${name}: installed with plain npm, its README examples run as plain .mjs`, async () => {
      expect(examples.length).toBeGreaterThan(0);
      for (const [i, example] of examples.entries()) {
        const { code } = await transform(example, { loader: 'ts', format: 'esm' });
        const file = join(consumer, `${slug(name)}-readme-${i}.mjs`);
        writeFileSync(file, code);
        await expect(exec(process.execPath, [file], { cwd: consumer })).resolves.toBeDefined();
      }
    });
  }
});
