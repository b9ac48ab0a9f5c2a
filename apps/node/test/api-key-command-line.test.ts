// The API-key settings of `start` and the `server_url` the key commands write.
import { describe, expect, it } from 'vitest';
import { serverUrlOf } from '../src/admin-commands.js';
import { parseCommandLine } from '../src/config.js';
import { ConfigError } from '../src/errors.js';

const start = (argv: string[]) => {
  const command = parseCommandLine(argv, {}, '/srv/convene');
  if (command.kind !== 'start') throw new Error(`expected start, got ${command.kind}`);
  return command.config;
};

describe('start', () => {
  it('takes --redis-url and --api-key-logins-per-hour', () => {
    expect(
      start(['start', '--redis-url', 'redis://127.0.0.1:6379', '--api-key-logins-per-hour', '600']),
    ).toMatchObject({ redisUrl: 'redis://127.0.0.1:6379', apiKeyLoginsPerHour: 600 });
  });

  it.each([
    [['--redis-url', 'http://x'], /--redis-url/],
    [['--api-key-logins-per-hour', '0'], /--api-key-logins-per-hour/],
    [['--api-key-logins-per-hour', 'many'], /--api-key-logins-per-hour/],
  ])('refuses %j', (flags, message) => {
    expect(() => start(['start', ...flags])).toThrow(ConfigError);
    expect(() => start(['start', ...flags])).toThrow(message);
  });
});

describe('serverUrlOf', () => {
  it('is the endpoint with /server, a wildcard address made reachable', () => {
    expect(serverUrlOf(undefined, undefined)).toBe('http://127.0.0.1:8090/server');
    expect(serverUrlOf(undefined, '0.0.0.0:9000')).toBe('http://127.0.0.1:9000/server');
    expect(serverUrlOf(undefined, '[::]:9000')).toBe('http://[::1]:9000/server');
  });

  it('is the public URL with /server when the node sits behind a proxy', () => {
    expect(serverUrlOf('https://schedule.example/convene/', '0.0.0.0:9000')).toBe(
      'https://schedule.example/convene/server',
    );
  });

  it('refuses a public URL that is not http(s)', () => {
    expect(() => serverUrlOf('ftp://x', undefined)).toThrow(ConfigError);
    expect(() => serverUrlOf('not a url', undefined)).toThrow(/--public-url/);
  });
});
