// RFC 6749 §4.1.2 authorization response, checked against the stored transaction (RFC 9207, 9700).
import {
  type CallbackInput,
  callbackParams,
  requiredParam,
  singleParam,
} from '../callback-params.js';
import { timingSafeEqual } from '../compare.js';
import { AuthorizationResponseError, CallbackError } from '../errors.js';
import { type Limits, resolveLimits } from '../limits.js';
import type { Clock } from '../random.js';
import type { AuthorizationTransaction } from './authorization.js';
import type { AuthorizationServer } from './server.js';

/** A callback that passed every check: the code to exchange, and every parameter received. */
export interface ValidatedCallback {
  readonly code: string;
  readonly params: URLSearchParams;
}

/** Options of {@link validateCallback}. */
export interface CallbackOptions {
  readonly limits?: Partial<Limits>;
  readonly clock?: Clock;
}

const IMPLICIT_PARAMS = ['access_token', 'id_token', 'token_type', 'response'];

/**
 * Checks the redirect back from the authorization server against the transaction it answers, in
 * this order: each of `iss`, `state`, `error`, `code` at most once; `iss` equal to the expected
 * issuer, and present when the server advertises RFC 9207 support (mix-up defence, RFC 9700
 * §4.4); `state` equal to the stored one (CSRF, RFC 6749 §10.12); the transaction not expired;
 * an `error` turned into {@link AuthorizationResponseError} (§4.1.2.1); implicit or JARM
 * parameters refused (RFC 9700 §2.1.2); `code` present.
 *
 * `state` is one-time: the caller takes the transaction out of its store before calling this
 * (see {@link MemoryTransactionStore.take}).
 * @throws {CallbackError} {@link AuthorizationResponseError} {@link LimitExceededError}
 */
export function validateCallback(
  server: AuthorizationServer,
  transaction: AuthorizationTransaction,
  input: CallbackInput,
  options: CallbackOptions = {},
): ValidatedCallback {
  const limits = resolveLimits(options.limits);
  const params = callbackParams(input, limits);
  for (const name of ['code', 'error', 'error_description']) singleParam(params, name);

  const iss = singleParam(params, 'iss');
  if (iss === undefined) {
    if (server.issParameterSupported === true)
      throw new CallbackError(
        'ERR_ISSUER_MISSING',
        'iss',
        'the callback has no "iss" parameter, though the server advertises authorization_response_iss_parameter_supported (RFC 9207)',
      );
  } else if (transaction.issuer === undefined || iss !== transaction.issuer) {
    throw new CallbackError(
      'ERR_ISSUER_MISMATCH',
      'iss',
      `the callback's "iss" ${JSON.stringify(iss)} is not the issuer this transaction was sent to (RFC 9207)`,
    );
  }

  const state = singleParam(params, 'state');
  if (state === undefined || !timingSafeEqual(state, transaction.state))
    throw new CallbackError(
      'ERR_STATE_MISMATCH',
      'state',
      state === undefined
        ? 'the callback has no "state" parameter'
        : 'the callback\'s "state" is not the one stored for this transaction',
    );

  const age = (options.clock ?? Date.now)() - transaction.createdAt;
  if (age > limits.transactionTtlMs)
    throw new CallbackError(
      'ERR_TRANSACTION_EXPIRED',
      'state',
      `the transaction began ${age} ms ago, over limits.transactionTtlMs (${limits.transactionTtlMs})`,
    );

  const error = params.get('error');
  if (error !== null)
    throw new AuthorizationResponseError(
      error,
      params.get('error_description') ?? undefined,
      params.get('error_uri') ?? undefined,
    );

  for (const name of IMPLICIT_PARAMS)
    if (params.has(name))
      throw new CallbackError(
        'ERR_UNSUPPORTED_RESPONSE',
        name,
        `the callback carries "${name}": implicit, hybrid and JARM responses are not accepted (RFC 9700 §2.1.2)`,
      );

  return { code: requiredParam(params, 'code', 'the callback'), params };
}
