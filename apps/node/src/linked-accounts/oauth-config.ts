// The --oauth-config file: which providers organizers may link, with their client credentials.
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { ConfigError } from '../errors.js';

/** How a provider is spoken to: Stripe Connect, X's OAuth 1.0a, or any OAuth 2.0 server. */
export type ProviderKind = 'stripe' | 'x' | 'oauth2';

/** One provider as configured. */
export interface ProviderConfig {
  readonly name: string;
  readonly kind: ProviderKind;
  /** Shown on pages: "Stripe", "X", or the config's `display_name`. */
  readonly title: string;
  /** The client id (Stripe `ca_…`, X's consumer key). */
  readonly clientId: string;
  /** The client secret (Stripe's secret API key, X's consumer secret); none for public clients. */
  readonly secret: string | undefined;
  readonly scopes: readonly string[];
  /** Endpoint overrides, by the names the config file uses (`token_endpoint` …). */
  readonly endpoints: Readonly<Record<string, string>>;
  /** OAuth 2.0 only: the issuer, whose metadata is read when endpoints are not all given. */
  readonly issuer: string | undefined;
  /** Allow plain http to loopback hosts (local test servers). */
  readonly allowHttpLoopback: boolean;
}

/** Bounds on announcements posted to X. */
export interface AnnouncementSettings {
  /** At most one post per talk per this many milliseconds. Default 60,000. */
  readonly minIntervalMs: number;
  /** The first retry waits this long, each next one twice as long. Default 5,000. */
  readonly retryBaseMs: number;
  /** Attempts in all before a post is given up (and logged). Default 5. */
  readonly maxAttempts: number;
}

/** The whole file, read. */
export interface OAuthConfig {
  readonly file: string;
  /** The node's URL as browsers reach it; default the URL it listens on. */
  readonly publicUrl: string | undefined;
  /** How long a started link may wait for its callback. Default 600,000 (ten minutes). */
  readonly transactionTtlMs: number;
  readonly announcements: AnnouncementSettings;
  readonly providers: ReadonlyMap<string, ProviderConfig>;
}

const PROVIDER_NAME = /^[a-z][a-z0-9_-]{0,31}$/;
const TOP_KEYS = ['public_url', 'transaction_ttl_seconds', 'announcements', 'providers'];
const PROVIDER_KEYS = [
  'type',
  'display_name',
  'client_id',
  'secret',
  'secret_file',
  'secret_env',
  'scopes',
  'issuer',
  'endpoints',
  'allow_http_loopback',
];
const ENDPOINTS: Record<ProviderKind, readonly string[]> = {
  stripe: ['authorization_endpoint', 'token_endpoint', 'deauthorization_endpoint'],
  x: ['request_token', 'authorize', 'access_token', 'post_status'],
  oauth2: ['authorization_endpoint', 'token_endpoint', 'revocation_endpoint'],
};
const TITLES: Record<string, string> = { stripe: 'Stripe', x: 'X' };
const DEFAULT_SCOPES: Record<ProviderKind, readonly string[]> = {
  stripe: ['read_write'],
  x: [],
  oauth2: [],
};

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Reads an OAuth config file; secrets given as `secret_file` (relative to the file) or
 * `secret_env` are read now, so a missing one stops the start.
 *
 * @throws {ConfigError} naming the file, the setting and what is wrong.
 */
export function readOAuthConfig(file: string, env: NodeJS.ProcessEnv = process.env): OAuthConfig {
  const fail = (message: string): never => {
    throw new ConfigError(`--oauth-config ${file}: ${message}`);
  };
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    return fail((error as Error).message);
  }
  if (!isObject(parsed)) return fail('expected a JSON object');
  unknownKeys(parsed, TOP_KEYS, '', fail);
  const publicUrl = optionalString(parsed, 'public_url', fail);
  if (publicUrl !== undefined && !/^https?:\/\/[^/]+$/.test(publicUrl))
    fail('"public_url" must be an origin like https://events.example (no path)');
  const ttl = positive(parsed.transaction_ttl_seconds, 'transaction_ttl_seconds', 600, fail);
  const announcements = isObject(parsed.announcements) ? parsed.announcements : {};
  if (parsed.announcements !== undefined && !isObject(parsed.announcements))
    fail('"announcements" must be an object');
  unknownKeys(
    announcements,
    ['min_interval_seconds', 'retry_base_seconds', 'max_attempts'],
    'announcements.',
    fail,
  );
  if (!isObject(parsed.providers)) return fail('"providers" must be an object of providers');
  const providers = new Map<string, ProviderConfig>();
  for (const [name, value] of Object.entries(parsed.providers)) {
    providers.set(name, provider(name, value, dirname(file), env, fail));
  }
  return {
    file,
    publicUrl,
    transactionTtlMs: ttl * 1000,
    announcements: {
      minIntervalMs:
        positive(announcements.min_interval_seconds, 'min_interval_seconds', 60, fail) * 1000,
      retryBaseMs: positive(announcements.retry_base_seconds, 'retry_base_seconds', 5, fail) * 1000,
      maxAttempts: positive(announcements.max_attempts, 'max_attempts', 5, fail),
    },
    providers,
  };
}

function provider(
  name: string,
  value: unknown,
  dir: string,
  env: NodeJS.ProcessEnv,
  fail: (message: string) => never,
): ProviderConfig {
  const at = `providers.${name}`;
  if (!PROVIDER_NAME.test(name))
    fail(`${at}: a provider name is lower-case letters, digits, - and _ (up to 32)`);
  if (!isObject(value)) return fail(`${at} must be an object`);
  unknownKeys(value, PROVIDER_KEYS, `${at}.`, fail);
  const type = optionalString(value, 'type', fail);
  const kind: ProviderKind =
    name === 'stripe' || name === 'x'
      ? name
      : type === 'oauth2'
        ? 'oauth2'
        : fail(
            `${at}: only "stripe" and "x" are known by name; give other providers "type": "oauth2"`,
          );
  if (type !== undefined && type !== 'oauth2' && type !== kind)
    fail(`${at}.type: expected "oauth2"`);
  const clientId = optionalString(value, 'client_id', fail) ?? fail(`${at}.client_id is missing`);
  const scopes = value.scopes ?? DEFAULT_SCOPES[kind];
  if (!Array.isArray(scopes) || !scopes.every((scope) => typeof scope === 'string'))
    fail(`${at}.scopes must be a list of strings`);
  const endpoints = value.endpoints ?? {};
  if (!isObject(endpoints)) return fail(`${at}.endpoints must be an object`);
  unknownKeys(endpoints, ENDPOINTS[kind], `${at}.endpoints.`, fail);
  for (const [key, url] of Object.entries(endpoints))
    if (typeof url !== 'string' || URL.parse(url) === null)
      fail(`${at}.endpoints.${key} must be a URL`);
  const issuer = optionalString(value, 'issuer', fail);
  if (kind === 'oauth2' && issuer === undefined)
    fail(`${at}.issuer is missing (the server's issuer URL)`);
  const allow = value.allow_http_loopback ?? false;
  if (typeof allow !== 'boolean') fail(`${at}.allow_http_loopback must be true or false`);
  const secret = readSecret(value, at, dir, env, fail);
  if (secret === undefined && kind !== 'oauth2')
    fail(`${at}: give the secret as "secret", "secret_file" or "secret_env"`);
  return {
    name,
    kind,
    title: optionalString(value, 'display_name', fail) ?? TITLES[name] ?? name,
    clientId,
    secret,
    scopes: scopes as string[],
    endpoints: endpoints as Record<string, string>,
    issuer,
    allowHttpLoopback: allow as boolean,
  };
}

function readSecret(
  value: Json,
  at: string,
  dir: string,
  env: NodeJS.ProcessEnv,
  fail: (message: string) => never,
): string | undefined {
  const given = ['secret', 'secret_file', 'secret_env'].filter((key) => value[key] !== undefined);
  if (given.length > 1) fail(`${at}: give one of ${given.join(', ')}, not several`);
  const inline = optionalString(value, 'secret', fail);
  if (inline !== undefined) return inline;
  const file = optionalString(value, 'secret_file', fail);
  if (file !== undefined) {
    try {
      return readFileSync(resolve(dir, file), 'utf8').trim();
    } catch (error) {
      return fail(`${at}.secret_file: ${(error as Error).message}`);
    }
  }
  const name = optionalString(value, 'secret_env', fail);
  if (name === undefined) return undefined;
  const secret = env[name];
  return secret ? secret : fail(`${at}.secret_env: the environment variable ${name} is not set`);
}

function optionalString(
  value: Json,
  key: string,
  fail: (message: string) => never,
): string | undefined {
  const found = value[key];
  if (found === undefined) return undefined;
  return typeof found === 'string' && found !== '' ? found : fail(`"${key}" must be a string`);
}

function positive(
  value: unknown,
  key: string,
  fallback: number,
  fail: (message: string) => never,
): number {
  if (value === undefined) return fallback;
  return typeof value === 'number' && value > 0 && Number.isFinite(value)
    ? value
    : fail(`"${key}" must be a positive number`);
}

function unknownKeys(
  value: Json,
  known: readonly string[],
  prefix: string,
  fail: (message: string) => never,
): void {
  for (const key of Object.keys(value))
    if (!known.includes(key))
      fail(`unknown setting "${prefix}${key}" (known: ${known.join(', ')})`);
}
