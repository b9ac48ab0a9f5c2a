/** Stable codes of the errors this package throws. */
export type SignalErrorCode = 'ERR_INVALID_RECEIVER' | 'ERR_INVALID_NAME';

/** Base class of every error thrown by `@convene/signals`; switch on `code`. */
export class SignalError extends Error {
  readonly code: SignalErrorCode;

  constructor(code: SignalErrorCode, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'SignalError';
    this.code = code;
  }
}

/** An argument had the wrong type: a receiver that is not a function, a name that is not a string. */
export class SignalArgumentError extends SignalError {
  constructor(code: SignalErrorCode, message: string) {
    super(code, message);
    this.name = 'SignalArgumentError';
  }
}
