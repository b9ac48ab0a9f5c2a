/** Stable codes of the errors the node throws. */
export type NodeErrorCode =
  | 'ERR_CONFIG'
  | 'ERR_STORAGE'
  | 'ERR_DATA_DIR_LOCKED'
  | 'ERR_INVALID_INPUT'
  | 'ERR_NOT_FOUND';

/** Base class of every error thrown by `@convene/node`; switch on `code`. */
export class NodeError extends Error {
  readonly code: NodeErrorCode;

  constructor(code: NodeErrorCode, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'NodeError';
    this.code = code;
  }
}

/** A command-line flag, a config file entry or an environment value is wrong. */
export class ConfigError extends NodeError {
  constructor(message: string, options?: ErrorOptions) {
    super('ERR_CONFIG', message, options);
    this.name = 'ConfigError';
  }
}

/** The storage could not be opened, migrated or used. */
export class StorageError extends NodeError {
  constructor(message: string, options?: ErrorOptions) {
    super('ERR_STORAGE', message, options);
    this.name = 'StorageError';
  }
}

/** Another running node holds the embedded store of this data directory. */
export class DataDirLockedError extends NodeError {
  constructor(message: string) {
    super('ERR_DATA_DIR_LOCKED', message);
    this.name = 'DataDirLockedError';
  }
}

/** An argument from a client is malformed; `field` names it (`talk.starts_at`, `ticket_ids[2]`). */
export class InvalidInputError extends NodeError {
  readonly field: string;

  constructor(field: string, message: string) {
    super('ERR_INVALID_INPUT', `${field}: ${message}`);
    this.name = 'InvalidInputError';
    this.field = field;
  }
}

/** An id given by a client names no existing object. */
export class NotFoundError extends NodeError {
  readonly field: string;

  constructor(field: string, what: string, id: string) {
    super('ERR_NOT_FOUND', `${field}: no ${what} with id ${JSON.stringify(id)}`);
    this.name = 'NotFoundError';
    this.field = field;
  }
}
