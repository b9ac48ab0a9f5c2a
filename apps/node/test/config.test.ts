// The command line and config file: flags, file, environment, and their errors.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { parseCommandLine } from '../src/config.js';
import { ConfigError } from '../src/errors.js';
import { createTempDir } from './support/databases.js';

const temp = createTempDir('convene-config-');
afterAll(() => temp.remove());
const start = (argv: string[], env: NodeJS.ProcessEnv = {}) => {
  const command = parseCommandLine(argv, env, '/srv/convene');
  if (command.kind !== 'start') throw new Error(`expected start, got ${command.kind}`);
  return command.config;
};

describe('convene-node command line', () => {
  it('starts on 127.0.0.1:8090 with ./data, the demo and info logs by default', () => {
    expect(start(['start'])).toEqual({
      host: '127.0.0.1',
      port: 8090,
      apiAccess: undefined,
      dataDir: '/srv/convene/data',
      databaseUrl: undefined,
      logLevel: 'info',
      demo: true,
    });
  });

  it('reads every flag', () => {
    expect(
      start([
        'start',
        '--rpc-endpoint',
        '0.0.0.0:9000',
        '--api-access',
        'access.json',
        '--data-dir',
        '/var/lib/convene',
        '--database-url',
        'postgres://u:p@db/convene',
        '--log-level',
        'debug',
        '--no-demo',
      ]),
    ).toEqual({
      host: '0.0.0.0',
      port: 9000,
      apiAccess: '/srv/convene/access.json',
      dataDir: '/var/lib/convene',
      databaseUrl: 'postgres://u:p@db/convene',
      logLevel: 'debug',
      demo: false,
    });
    expect(start(['start', '--rpc-endpoint', '[::1]:0'])).toMatchObject({ host: '::1', port: 0 });
  });

  it('reads a config file, with paths relative to it, and lets flags win', () => {
    const file = join(temp.dir, 'node.json');
    writeFileSync(
      file,
      JSON.stringify({ 'rpc-endpoint': '127.0.0.1:7000', 'data-dir': 'state', demo: false }),
    );
    expect(start(['start', '--config', file])).toMatchObject({
      port: 7000,
      dataDir: join(temp.dir, 'state'),
      demo: false,
    });
    expect(start(['start', '--config', file, '--rpc-endpoint', ':7001'])).toMatchObject({
      host: '127.0.0.1',
      port: 7001,
    });
  });

  it('takes the database URL from CONVENE_DATABASE_URL when nothing else gives one', () => {
    expect(start(['start'], { CONVENE_DATABASE_URL: 'postgresql://h/db' }).databaseUrl).toBe(
      'postgresql://h/db',
    );
    expect(start(['start'], { CONVENE_DATABASE_URL: '' }).databaseUrl).toBeUndefined();
  });

  it.each([
    [['serve'], /expected the command "start"/],
    [['start', '--port', '1'], /Unknown option '--port'/],
    [['start', '--rpc-endpoint', 'localhost'], /--rpc-endpoint: expected HOST:PORT/],
    [['start', '--rpc-endpoint', '127.0.0.1:70000'], /--rpc-endpoint/],
    [['start', '--log-level', 'loud'], /--log-level: expected one of/],
    [['start', '--database-url', 'mysql://x'], /--database-url: expected a postgres/],
    [['start', '--config', '/no/such/file.json'], /--config \/no\/such\/file\.json/],
  ])('refuses %j with a message naming the flag', (argv, message) => {
    expect(() => parseCommandLine(argv, {}, '/srv')).toThrow(ConfigError);
    expect(() => parseCommandLine(argv, {}, '/srv')).toThrow(message);
  });

  it('refuses unknown settings and wrong types in the config file', () => {
    const file = join(temp.dir, 'bad.json');
    writeFileSync(file, JSON.stringify({ port: 1 }));
    expect(() => start(['start', '--config', file])).toThrow(/unknown setting "port"/);
    writeFileSync(file, JSON.stringify({ demo: 'no' }));
    expect(() => start(['start', '--config', file])).toThrow(/"demo" must be a boolean/);
  });

  it('reads limits from the config file, and names an unknown or unusable one', () => {
    const file = join(temp.dir, 'limits.json');
    writeFileSync(file, JSON.stringify({ limits: { maxSubscriptionsPerConnection: 7 } }));
    expect(start(['start', '--config', file]).limits).toEqual({
      maxSubscriptionsPerConnection: 7,
      maxSubscriptionsPerAddress: 1000,
      maxSubscriptions: 100_000,
    });
    writeFileSync(file, JSON.stringify({ limits: { maxSubscriptionz: 7 } }));
    expect(() => start(['start', '--config', file])).toThrow(
      /limits\.maxSubscriptionz: unknown limit/,
    );
    writeFileSync(file, JSON.stringify({ limits: { maxSubscriptions: 0 } }));
    expect(() => start(['start', '--config', file])).toThrow(ConfigError);
    writeFileSync(file, JSON.stringify({ limits: [] }));
    expect(() => start(['start', '--config', file])).toThrow(/"limits" must be an object/);
  });

  it('prints --help documenting every flag, and exits 2 on a bad command line', () => {
    const cli = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
    const help = execFileSync(process.execPath, [cli, '--help'], { encoding: 'utf8' });
    for (const flag of [
      '--rpc-endpoint',
      '--api-access',
      '--data-dir',
      '--database-url',
      '--log-level',
      '--no-demo',
      '--config',
    ]) {
      expect(help).toContain(flag);
    }
    expect(() =>
      execFileSync(process.execPath, [cli, 'start', '--bogus'], { stdio: 'pipe' }),
    ).toThrow(expect.objectContaining({ status: 2 }));
  });
});
