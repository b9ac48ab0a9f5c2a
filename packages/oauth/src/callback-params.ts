// Reading the parameters of a redirect back to the client, with the checks both protocols share.
import { CallbackError } from './errors.js';
import { checkLimit, type Limits } from './limits.js';

/** A redirect back from the server: the full callback URL, its query string, or its parameters. */
export type CallbackInput = URL | string | URLSearchParams;

/**
 * The query parameters of a callback. A string is a full URL when it has a scheme, else a query
 * string with or without its `?`.
 * @throws {CallbackError} `ERR_MALFORMED_CALLBACK` when a full URL does not parse.
 * @throws {LimitExceededError} when the input is longer than `limits.maxCallbackLength`.
 */
export function callbackParams(input: CallbackInput, limits: Limits): URLSearchParams {
  if (input instanceof URLSearchParams) {
    checkLimit(limits, 'maxCallbackLength', input.toString().length, 'the callback query');
    return input;
  }
  const text = input instanceof URL ? input.href : input;
  checkLimit(limits, 'maxCallbackLength', text.length, 'the callback URL');
  if (input instanceof URL) return input.searchParams;
  if (!/^[a-z][a-z0-9+.-]*:/i.test(text)) return new URLSearchParams(text);
  try {
    return new URL(text).searchParams;
  } catch {
    throw new CallbackError('ERR_MALFORMED_CALLBACK', 'url', 'the callback URL does not parse');
  }
}

/**
 * The one value of `name`, or undefined when absent.
 * @throws {CallbackError} `ERR_DUPLICATE_PARAMETER` when it appears more than once.
 */
export function singleParam(params: URLSearchParams, name: string): string | undefined {
  const values = params.getAll(name);
  if (values.length > 1)
    throw new CallbackError(
      'ERR_DUPLICATE_PARAMETER',
      name,
      `the callback carries "${name}" ${values.length} times; it must appear at most once`,
    );
  return values[0];
}

/**
 * The one value of `name`.
 * @throws {CallbackError} `ERR_MISSING_PARAMETER` when absent or empty, `ERR_DUPLICATE_PARAMETER` when repeated.
 */
export function requiredParam(params: URLSearchParams, name: string, where: string): string {
  const value = singleParam(params, name);
  if (value === undefined || value === '')
    throw new CallbackError('ERR_MISSING_PARAMETER', name, `${where} has no "${name}" parameter`);
  return value;
}
