// The errors this package throws, each with a stable `code`.

/** Stable codes of the errors this package throws; switch on these, not on messages. */
export type SignalErrorCode = 'ERR_INVALID_RECEIVER' | 'ERR_INVALID_NAME' | 'ERR_INVALID_OPTION';

/** Base class of every error thrown by `@convene/signals`; switch on `code`. */
export class SignalError extends Error {
  /** Which error this is, stable across versions. */
  readonly code: SignalErrorCode;

  constructor(code: SignalErrorCode, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

/**
 * A call got an argument it cannot use: a receiver that is not a function, a name that is not a
 * non-empty string, an option of the wrong type. Always a mistake in the calling code.
 */
export class SignalArgumentError extends SignalError {}
