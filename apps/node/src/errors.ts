// The errors the node throws, each with a stable `code`.
import type { NodeLimits } from './limits.js';

/** Stable codes of the errors the node throws. */
export type NodeErrorCode =
  | 'ERR_CONFIG'
  | 'ERR_STORAGE'
  | 'ERR_DATA_DIR_LOCKED'
  | 'ERR_INVALID_INPUT'
  | 'ERR_NOT_FOUND'
  | 'ERR_LISTEN'
  | 'ERR_LIMIT_EXCEEDED'
  | 'ERR_LINK';

/** Base class of every error thrown by `@convene/node`; switch on `code`. */
export class NodeError extends Error {
  readonly code: NodeErrorCode;

  constructor(code: NodeErrorCode, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

/** A command-line flag, a config file entry or an environment value is wrong. */
export class ConfigError extends NodeError {
  constructor(message: string, options?: ErrorOptions) {
    super('ERR_CONFIG', message, options);
  }
}

/** The storage could not be opened, migrated or used. */
export class StorageError extends NodeError {
  constructor(message: string, options?: ErrorOptions) {
    super('ERR_STORAGE', message, options);
  }
}

/** Another running node holds the embedded store of this data directory. */
export class DataDirLockedError extends NodeError {
  constructor(message: string) {
    super('ERR_DATA_DIR_LOCKED', message);
  }
}

/** An argument from a client is malformed; `field` names it (`talk.starts_at`, `ticket_ids[2]`). */
export class InvalidInputError extends NodeError {
  readonly field: string;

  constructor(field: string, message: string) {
    super('ERR_INVALID_INPUT', `${field}: ${message}`);
    this.field = field;
  }
}

/** An id given by a client names no existing object. */
export class NotFoundError extends NodeError {
  readonly field: string;

  constructor(field: string, what: string, id: string) {
    super('ERR_NOT_FOUND', `${field}: no ${what} with id ${JSON.stringify(id)}`);
    this.field = field;
  }
}

/** A client asked for more than a limit of the node allows; `limit` names it. */
export class LimitExceededError extends NodeError {
  readonly limit: keyof NodeLimits;
  readonly max: number;

  constructor(limit: keyof NodeLimits, max: number, what: string) {
    super('ERR_LIMIT_EXCEEDED', `${what}: at most ${max} (limit ${limit})`);
    this.limit = limit;
    this.max = max;
  }
}

/** The node could not listen on its endpoint; the message says why and what to do. */
export class ListenError extends NodeError {
  /** The system error code (`EADDRINUSE`, `EACCES`, `EADDRNOTAVAIL`…), when there is one. */
  readonly reason: string | undefined;

  constructor(message: string, reason?: string, options?: ErrorOptions) {
    super('ERR_LISTEN', message, options);
    this.reason = reason;
  }

  /** The error of a failed `listen(port, host)`, as one sentence of what happened and what to do. */
  static from(error: unknown, host: string, port: number): ListenError {
    const reason = (error as NodeJS.ErrnoException | undefined)?.code;
    const endpoint = host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
    const next = `${host.includes(':') ? `[${host}]` : host}:${port === 65535 ? 0 : port + 1}`;
    const what =
      reason === 'EADDRINUSE'
        ? `port ${port} is in use: stop the other process or pass --rpc-endpoint ${next}`
        : reason === 'EACCES'
          ? `no permission to listen on ${endpoint}: pick a port above 1023, e.g. --rpc-endpoint ${host.includes(':') ? `[${host}]` : host}:8090`
          : reason === 'EADDRNOTAVAIL'
            ? `${host} is not an address of this machine: pass --rpc-endpoint 127.0.0.1:${port} or another local address`
            : `cannot listen on ${endpoint} (${(error as Error | undefined)?.message ?? String(error)}): check --rpc-endpoint`;
    return new ListenError(what, reason, { cause: error });
  }
}
