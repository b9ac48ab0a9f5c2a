// The command line and config file of `convene-node`, read into a NodeConfig.
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ConfigError } from './errors.js';
import { type NodeLimits, resolveLimits } from './limits.js';

/** Log levels pino knows, quietest last. */
export const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'] as const;
/** One of {@link LOG_LEVELS}. */
export type LogLevel = (typeof LOG_LEVELS)[number];
/** How log entries are written: lines for people, or one JSON object per line. */
export const LOG_FORMATS = ['human', 'json'] as const;
/** One of {@link LOG_FORMATS}. */
export type LogFormat = (typeof LOG_FORMATS)[number];

/** Everything `convene-node start` is configured with. */
export interface NodeConfig {
  /** Host and port of HTTP and WebSocket (one port). Default 127.0.0.1:8090. */
  host: string;
  port: number;
  /** An api-access.json to use; without it the node writes its own into the data dir. */
  apiAccess?: string | undefined;
  /** Folder of the embedded store and of the generated api-access.json. Default `./data`. */
  dataDir: string;
  /** A PostgreSQL server to use instead of the embedded store. */
  databaseUrl?: string | undefined;
  logLevel: LogLevel;
  /** Log lines for people (the default on a terminal) or JSON (the default otherwise). */
  logFormat?: LogFormat;
  /** Load the demo conference into an empty database. Default true. */
  demo: boolean;
  /**
   * Origins (`https://app.example`, or `*`) whose browser pages may call the node (POST and
   * WebSocket); requests without an `Origin` (curl, scripts) are not affected. Default: the node's
   * own origin only.
   */
  allowedOrigins?: string[];
  /** Host names the node answers (others get 421); default any. */
  allowedHosts?: string[];
  /** The node's limits over `DEFAULT_LIMITS`; the config file's `"limits"` object. */
  limits?: Partial<NodeLimits>;
  /** The OAuth providers organizers may link to events; without it linking is off. */
  oauthConfig?: string;
  /** The key sealing stored tokens; default `DATA_DIR/secrets.key`, made on first use. */
  secretsKeyFile?: string;
  /** Keep API-key sessions in this Redis instead of the database. */
  redisUrl?: string;
  /** API-key logins allowed per client address and hour (default 60, as Psono). */
  apiKeyLoginsPerHour?: number;
}

/** The text of `convene-node --help`. */
export const HELP = `Usage: convene-node start [options]
       convene-node api-key create|list|revoke …   (convene-node api-key --help)
       convene-node vault put|get …                (convene-node vault --help)
       convene-node organizer-password --reset [--data-dir DIR | --api-access FILE]

Serves the Convene event-schedule API: JSON-RPC over HTTP (POST / or /rpc) and WebSocket on one
port, plus GET /health and GET /events/{id}/calendar.{ics,xcs,jcs}.

Options:
  --rpc-endpoint HOST:PORT  where to listen (default 127.0.0.1:8090; port 0 takes a free one)
  --api-access FILE         Graphene api-access.json: who may use which API. Without it the node
                            writes DATA_DIR/api-access.json on first start with a generated
                            organizer password, printed once; anyone gets database_api and
                            calendar_api.
  --data-dir DIR            embedded PostgreSQL (PGlite) and generated files (default ./data)
  --database-url URL        use a PostgreSQL server (postgres://user:pass@host:5432/db) instead
                            of the embedded store; several nodes may share one
  --log-level LEVEL         ${LOG_LEVELS.join(', ')} (default info)
  --log-format FORMAT       human (default on a terminal) or json (default otherwise)
  --allowed-origins LIST    comma-separated origins (https://app.example) whose pages may call
                            the node from a browser, or *; default: only the node's own pages
  --allowed-hosts LIST      comma-separated host names the node answers (others get 421);
                            default: any
  --oauth-config FILE       JSON file of the OAuth providers organizers may link to events
                            (GET /events/{id}/link/{provider}, callback /oauth/{provider}/callback):
                            {"providers": {"stripe": {"client_id": "ca_…", "secret_env":
                            "STRIPE_SECRET_KEY"}, "x": {"client_id": "consumer key",
                            "secret_file": "x-secret.txt"}, "local": {"type": "oauth2",
                            "issuer": "https://id.example", "client_id": "convene", "secret":
                            "…", "scopes": ["openid", "offline_access"]}}}; per provider also
                            "endpoints" overrides and "allow_http_loopback"; top level
                            "public_url", "transaction_ttl_seconds" (600), "announcements":
                            {"min_interval_seconds": 60, "retry_base_seconds": 5,
                            "max_attempts": 5}. Without it the link routes answer 404.
  --secrets-key-file FILE   the key sealing stored OAuth tokens (32 bytes, base64url, mode 0600);
                            default DATA_DIR/secrets.key, made on first use. A key that does not
                            open the database's tokens stops the start.
  --redis-url URL           keep API-key sessions in Redis (redis://host:6379) instead of the
                            database
  --api-key-logins-per-hour N  API-key logins per client address and hour (default 60)
  --no-demo                 do not load the demo conference into an empty database
  --config FILE             JSON file with the same settings, named like the flags without the
                            dashes: {"rpc-endpoint": "0.0.0.0:8090", "data-dir": "/var/lib/convene",
                            "database-url": "…", "api-access": "…", "log-level": "info",
                            "demo": false}. Relative paths are relative to the file. Flags win.
                            "limits" (file only) bounds subscriptions: {"limits":
                            {"maxSubscriptionsPerConnection": 100, "maxSubscriptionsPerAddress":
                            1000, "maxSubscriptions": 100000}} (the defaults)
  --reset                   (organizer-password) give the organizer a new generated password,
                            print it once; a running node takes it at once
  -h, --help                show this text
  -v, --version             show the version

Environment: CONVENE_DATABASE_URL is used when neither flag nor file gives a database URL.
Stop with Ctrl-C (SIGINT) or SIGTERM: requests in flight finish, then storage closes.`;

const FILE_KEYS = [
  'rpc-endpoint',
  'api-access',
  'data-dir',
  'database-url',
  'log-level',
  'log-format',
  'allowed-origins',
  'allowed-hosts',
  'demo',
  'limits',
  'oauth-config',
  'secrets-key-file',
  'redis-url',
];

/** Parses `host:port`, `[::1]:port` or `:port`. */
export function parseEndpoint(text: string, where: string): { host: string; port: number } {
  const match = /^(?:\[([^\]]+)\]|([^:]*)):(\d{1,5})$/.exec(text);
  const port = Number(match?.[3]);
  if (!match || port > 65535) {
    throw new ConfigError(`${where}: expected HOST:PORT (like 127.0.0.1:8090), got "${text}"`);
  }
  return { host: match[1] ?? (match[2] || '127.0.0.1'), port };
}

function readConfigFile(file: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new ConfigError(`--config ${file}: ${(error as Error).message}`, { cause: error });
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new ConfigError(`--config ${file}: expected a JSON object`);
  }
  for (const [key, value] of Object.entries(parsed)) {
    if (!FILE_KEYS.includes(key)) {
      throw new ConfigError(
        `--config ${file}: unknown setting "${key}" (known: ${FILE_KEYS.join(', ')})`,
      );
    }
    const expected = key === 'demo' ? 'boolean' : key === 'limits' ? 'object' : 'string';
    if (typeof value !== expected || value === null || Array.isArray(value)) {
      throw new ConfigError(
        `--config ${file}: "${key}" must be ${expected === 'object' ? 'an object' : `a ${expected}`}`,
      );
    }
  }
  return parsed as Record<string, unknown>;
}

function limitsOf(value: unknown, file: string): NodeLimits {
  try {
    return resolveLimits(value as Partial<NodeLimits> | undefined);
  } catch (error) {
    throw new ConfigError(`--config ${file}: ${(error as Error).message}`, {
      cause: error,
    });
  }
}

/** What the command line asks for. */
export type Command =
  | { kind: 'help' }
  | { kind: 'version' }
  | { kind: 'start'; config: NodeConfig }
  /** `organizer-password --reset`: a new password in this access file. */
  | { kind: 'organizer-password'; apiAccess: string; reset: boolean };

/**
 * Reads the command line (without `node` and the script), the config file it names and the
 * environment. Throws {@link ConfigError} naming the flag or setting that is wrong.
 */
export function parseCommandLine(
  argv: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
  cwd = process.cwd(),
): Command {
  let parsed: ReturnType<typeof parseFlags>;
  try {
    parsed = parseFlags(argv);
  } catch (error) {
    throw new ConfigError(`${(error as Error).message}; see convene-node --help`, { cause: error });
  }
  const { values, positionals } = parsed;
  if (values.help) return { kind: 'help' };
  if (values.version) return { kind: 'version' };
  const command = positionals.length === 1 ? positionals[0] : undefined;
  if (command !== 'start' && command !== 'organizer-password') {
    throw new ConfigError(
      `expected the command "start" or "organizer-password", got ${positionals.length ? `"${positionals.join(' ')}"` : 'none'}; see convene-node --help`,
    );
  }
  const file = values.config ? readConfigFile(resolve(cwd, values.config)) : {};
  const fileDir = values.config ? dirname(resolve(cwd, values.config)) : cwd;
  const fromFile = (key: string) => file[key] as string | undefined;
  const path = (flag: string | undefined, key: string) =>
    flag !== undefined
      ? resolve(cwd, flag)
      : fromFile(key) !== undefined
        ? resolve(fileDir, fromFile(key) as string)
        : undefined;

  const dataDir = path(values['data-dir'], 'data-dir') ?? resolve(cwd, 'data');
  const apiAccess = path(values['api-access'], 'api-access');
  if (command === 'organizer-password') {
    return {
      kind: 'organizer-password',
      apiAccess: apiAccess ?? join(dataDir, 'api-access.json'),
      reset: values.reset === true,
    };
  }
  const endpointText = values['rpc-endpoint'] ?? fromFile('rpc-endpoint') ?? '127.0.0.1:8090';
  const endpoint = parseEndpoint(
    endpointText,
    values['rpc-endpoint'] ? '--rpc-endpoint' : 'rpc-endpoint',
  );
  const logLevel = values['log-level'] ?? fromFile('log-level') ?? 'info';
  if (!(LOG_LEVELS as readonly string[]).includes(logLevel)) {
    throw new ConfigError(
      `--log-level: expected one of ${LOG_LEVELS.join(', ')}, got "${logLevel}"`,
    );
  }
  const logFormat = values['log-format'] ?? fromFile('log-format');
  if (logFormat !== undefined && !(LOG_FORMATS as readonly string[]).includes(logFormat)) {
    throw new ConfigError(`--log-format: expected human or json, got "${logFormat}"`);
  }
  const list = (key: 'allowed-origins' | 'allowed-hosts') => {
    const text = values[key] ?? fromFile(key);
    return text === undefined
      ? {}
      : {
          [key === 'allowed-origins' ? 'allowedOrigins' : 'allowedHosts']: text
            .split(',')
            .map((entry) => entry.trim())
            .filter(Boolean),
        };
  };
  const databaseUrl =
    values['database-url'] ?? fromFile('database-url') ?? (env.CONVENE_DATABASE_URL || undefined);
  if (databaseUrl !== undefined && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new ConfigError('--database-url: expected a postgres:// or postgresql:// URL');
  }
  return {
    kind: 'start',
    config: {
      ...endpoint,
      apiAccess,
      dataDir,
      databaseUrl: databaseUrl || undefined,
      logLevel: logLevel as LogLevel,
      ...(logFormat === undefined ? {} : { logFormat: logFormat as LogFormat }),
      ...list('allowed-origins'),
      ...list('allowed-hosts'),
      demo: values['no-demo'] ? false : ((file.demo as boolean | undefined) ?? true),
      ...(file.limits === undefined ? {} : { limits: limitsOf(file.limits, values.config ?? '') }),
      ...optionalPath('oauthConfig', path(values['oauth-config'], 'oauth-config')),
      ...optionalPath('secretsKeyFile', path(values['secrets-key-file'], 'secrets-key-file')),
      ...apiKeySettings(
        values['redis-url'] ?? fromFile('redis-url'),
        values['api-key-logins-per-hour'],
      ),
    },
  };
}

/** `{ [key]: value }` when the value is set, else nothing (optional properties stay absent). */
const optionalPath = <K extends string>(key: K, value: string | undefined) =>
  (value === undefined ? {} : { [key]: value }) as Partial<Record<K, string>>;

function apiKeySettings(redisUrl: string | undefined, perHour: string | undefined) {
  if (redisUrl !== undefined && !/^rediss?:\/\//.test(redisUrl))
    throw new ConfigError('--redis-url: expected a redis:// or rediss:// URL');
  if (perHour !== undefined && !/^[1-9]\d{0,8}$/.test(perHour))
    throw new ConfigError('--api-key-logins-per-hour: expected a positive whole number');
  return {
    ...(redisUrl === undefined ? {} : { redisUrl }),
    ...(perHour === undefined ? {} : { apiKeyLoginsPerHour: Number(perHour) }),
  };
}

function parseFlags(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    allowPositionals: true,
    strict: true,
    options: {
      'rpc-endpoint': { type: 'string' },
      'api-access': { type: 'string' },
      'data-dir': { type: 'string' },
      'database-url': { type: 'string' },
      'log-level': { type: 'string' },
      'log-format': { type: 'string' },
      'allowed-origins': { type: 'string' },
      'allowed-hosts': { type: 'string' },
      'oauth-config': { type: 'string' },
      'secrets-key-file': { type: 'string' },
      'redis-url': { type: 'string' },
      'api-key-logins-per-hour': { type: 'string' },
      reset: { type: 'boolean' },
      'no-demo': { type: 'boolean' },
      config: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
      version: { type: 'boolean', short: 'v' },
    },
  });
}
