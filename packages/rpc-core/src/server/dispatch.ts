// From one message to its answer: JSON-RPC envelopes, batches, Graphene routing, permissions.
import { DATABASE_API_ID } from '../api.js';
import { isAllowed, isLoginThrottled, permissionFor } from '../auth.js';
import {
  ErrorCode,
  InvalidParamsError,
  LimitExceededError,
  loginThrottledError,
  MethodNotFoundError,
  RpcError,
  RpcTimeoutError,
  UnauthorizedError,
} from '../errors.js';
import { parseMessage } from '../json.js';
import type { Limits } from '../limits.js';
import { RequestContext } from './context.js';
import { type CallInfo, type RpcHooks, runHook } from './hooks.js';
import type { LoginApi } from './login-api.js';
import { type ApiRegistry, type RegisteredMethod, validateArgs } from './registry.js';
import type { Session } from './session.js';

/** What one incoming message produced. */
export interface DispatchResult {
  /** The answer to send, or null when nothing is owed (notifications only). */
  readonly answer: string | null;
  /** True when the message was not JSON-RPC at all (HTTP answers it with 400). */
  readonly malformed: boolean;
  /** Bytes of results this answer holds in the session's budget, to release once it is written. */
  readonly bytes: number;
}

/** The result bytes admitted for one message so far (a batch adds up its answers). */
interface Ledger {
  bytes: number;
  /** Batches only: the bound on the sum, `maxBatchAnswerBytes`. */
  readonly batchBudget: number;
}

type Id = string | number | null;

const invalid = (message: string) =>
  new RpcError(ErrorCode.InvalidRequest, `Invalid Request: ${message}`);

const INTERNAL = new RpcError(ErrorCode.InternalError, 'Internal error');

/** The error the client sees for anything a handler threw. */
function toRpcError(error: unknown): RpcError {
  if (error instanceof RpcError) return error;
  if (isLoginThrottled(error)) return loginThrottledError(error.retryAfterMs);
  return INTERNAL;
}

/** The result of a message that is not JSON-RPC at all. */
const malformed = (text: string): DispatchResult => ({
  answer: text,
  malformed: true,
  bytes: 0,
});

/** The result of a request or batch answered with `text` (null: nothing owed). */
const answered = (text: string | null, ledger: Ledger): DispatchResult => ({
  answer: text,
  malformed: false,
  bytes: ledger.bytes,
});

/** What a notification's settled call leaves to answer. */
const nothing = (): null => null;

function errorText(id: Id, error: RpcError): string {
  return JSON.stringify({ id, jsonrpc: '2.0', error: error.toJSON() });
}

/** `params` as positional arguments; JSON-RPC 2.0 §4.2: absent means none. */
function argumentsOf(params: unknown): readonly unknown[] {
  if (params === undefined) return [];
  if (Array.isArray(params)) return params;
  if (typeof params === 'object' && params !== null) {
    throw new InvalidParamsError(
      'Invalid params: named parameters are not supported, use an array',
    );
  }
  throw invalid('params must be an array');
}

function withTimeout<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new RpcTimeoutError(`${what} timed out after ${ms} ms`)),
      ms,
    );
    work.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}

/**
 * Turns messages into answers: JSON-RPC 2.0 envelopes and batches, Graphene's `call` routing to
 * numbered or named API sets, plain methods to API 0, a permission check on every call.
 */
export class Dispatcher {
  readonly #registry: ApiRegistry;
  readonly #login: LoginApi;
  readonly #limits: Limits;
  readonly #hooks: RpcHooks;

  constructor(registry: ApiRegistry, login: LoginApi, limits: Limits, hooks: RpcHooks) {
    this.#registry = registry;
    this.#login = login;
    this.#limits = limits;
    this.#hooks = hooks;
  }

  /**
   * Answers one message (a request or a batch) received on `session`. Never throws; answers
   * synchronously when every handler involved did.
   */
  handleText(session: Session, text: string): DispatchResult | Promise<DispatchResult> {
    let message: unknown;
    try {
      message = parseMessage(text, this.#limits.maxDepth);
    } catch (error) {
      return malformed(errorText(null, toRpcError(error)));
    }
    if (Array.isArray(message)) {
      const ledger: Ledger = { bytes: 0, batchBudget: this.#limits.maxBatchAnswerBytes };
      return this.#batch(session, message, ledger).then((answer) => answered(answer, ledger));
    }
    if (typeof message !== 'object' || message === null) {
      return malformed(errorText(null, invalid('expected an object or an array')));
    }
    const ledger: Ledger = { bytes: 0, batchBudget: Infinity };
    const answer = this.#request(session, message, ledger);
    return answer instanceof Promise
      ? answer.then((settled) => answered(settled, ledger))
      : answered(answer, ledger);
  }

  async #batch(session: Session, items: unknown[], ledger: Ledger): Promise<string | null> {
    if (items.length === 0) return errorText(null, invalid('empty batch'));
    const max = this.#limits.maxBatchLength;
    if (items.length > max) {
      return errorText(
        null,
        LimitExceededError.of('maxBatchLength', max, `Batch of ${items.length} requests`),
      );
    }
    const answers = await Promise.all(items.map((item) => this.#request(session, item, ledger)));
    const sent = answers.filter((answer) => answer !== null);
    if (sent.length === 0) return null;
    try {
      return `[${sent.join(',')}]`;
    } catch {
      // Only with maxBatchAnswerBytes raised past what one JavaScript string can hold.
      const max = this.#limits.maxBatchAnswerBytes;
      return errorText(
        null,
        LimitExceededError.of('maxBatchAnswerBytes', max, 'The answers of the batch'),
      );
    }
  }

  #request(
    session: Session,
    request: unknown,
    ledger: Ledger,
  ): string | null | Promise<string | null> {
    if (typeof request !== 'object' || request === null || Array.isArray(request)) {
      return errorText(null, invalid('expected an object'));
    }
    const fields = request as Record<string, unknown>;
    const hasId = Object.hasOwn(fields, 'id');
    const id = fields.id;
    if (hasId && id !== null && typeof id !== 'string' && typeof id !== 'number') {
      return errorText(null, invalid('id must be a string, a number or null'));
    }
    const replyId = hasId ? (id as Id) : null;
    const hasVersion = Object.hasOwn(fields, 'jsonrpc');
    if (hasVersion && fields.jsonrpc !== '2.0') {
      return errorText(replyId, invalid('jsonrpc must be "2.0" when present'));
    }
    const method = fields.method;
    if (typeof method !== 'string' || method === '') {
      return errorText(replyId, invalid('method must be a non-empty string'));
    }
    // Graphene (fc) also treats `"id": null` without `jsonrpc` as a JSON-RPC 1.0 notification.
    const notification = !hasId || (id === null && !hasVersion);
    let args: readonly unknown[];
    try {
      args = argumentsOf(fields.params);
    } catch (error) {
      return notification ? null : errorText(replyId, toRpcError(error));
    }
    const barrier = session.loginBarrier;
    if (barrier !== null) {
      return barrier.then(() => this.#answer(session, ledger, notification, replyId, method, args));
    }
    return this.#answer(session, ledger, notification, replyId, method, args);
  }

  /**
   * Runs the call and turns its outcome into the answer text (null for a notification). A call
   * whose handler answered synchronously is answered without a promise or a closure.
   */
  #answer(
    session: Session,
    ledger: Ledger,
    notification: boolean,
    id: Id,
    method: string,
    args: readonly unknown[],
  ): string | null | Promise<string | null> {
    let result: unknown;
    try {
      result = this.#route(session, method, args);
    } catch (error) {
      return notification ? null : errorText(id, toRpcError(error));
    }
    if (notification) {
      return result instanceof Promise ? result.then(nothing, nothing) : null;
    }
    if (result instanceof Promise) {
      return result.then(
        (value) => this.#resultText(session, ledger, id, value),
        (error: unknown) => errorText(id, toRpcError(error)),
      );
    }
    return this.#resultText(session, ledger, id, result);
  }

  /**
   * The answer carrying `result`, or an error answer naming the limit it would break: the size of
   * one answer, of the batch's answers together, or of the answers the connection has not flushed.
   */
  #resultText(session: Session, ledger: Ledger, id: Id, result: unknown): string {
    const limits = this.#limits;
    let text: string;
    try {
      text = JSON.stringify({ id, jsonrpc: '2.0', result: result === undefined ? null : result });
    } catch (error) {
      // V8 refuses strings past ~512 MiB with a RangeError; anything else is not JSON.
      if (!(error instanceof RangeError)) return errorText(id, INTERNAL);
      return errorText(
        id,
        LimitExceededError.of('maxAnswerBytes', limits.maxAnswerBytes, 'The answer'),
      );
    }
    const bytes = Buffer.byteLength(text);
    if (bytes > limits.maxAnswerBytes) {
      return errorText(
        id,
        LimitExceededError.of(
          'maxAnswerBytes',
          limits.maxAnswerBytes,
          `An answer of ${bytes} bytes`,
        ),
      );
    }
    if (ledger.bytes + bytes > ledger.batchBudget) {
      const max = limits.maxBatchAnswerBytes;
      return errorText(
        id,
        LimitExceededError.of('maxBatchAnswerBytes', max, 'The answers of the batch'),
      );
    }
    if (!session.reserve(bytes)) {
      const max = limits.maxBufferedBytesPerConnection;
      return errorText(
        id,
        LimitExceededError.of(
          'maxBufferedBytesPerConnection',
          max,
          'Answers the client has not read',
        ),
      );
    }
    ledger.bytes += bytes;
    return text;
  }

  #route(session: Session, method: string, args: readonly unknown[]): unknown {
    if (method === 'call') {
      const [api, name, callArgs] = args;
      if (args.length !== 3 || typeof name !== 'string' || !Array.isArray(callArgs)) {
        throw new InvalidParamsError(
          'Invalid params for call: expected [api id or name, method name, [arguments]]',
        );
      }
      let apiId: number;
      if (typeof api === 'string') apiId = this.#login.resolve(session, api);
      else if (typeof api === 'number' && Number.isSafeInteger(api) && api >= 0) apiId = api;
      else {
        throw new InvalidParamsError(
          'Invalid params for call: params[0] must be an API id (integer >= 0) or an API name',
        );
      }
      return this.#invoke(session, apiId, name, callArgs);
    }
    if (method === 'notice' || method === 'callback') {
      throw new MethodNotFoundError(`Method '${method}' is sent by the server, not served`);
    }
    return this.#invoke(session, DATABASE_API_ID, method, args);
  }

  #invoke(session: Session, apiId: number, method: string, args: readonly unknown[]): unknown {
    const api = session.apiName(apiId);
    if (api === undefined)
      throw new MethodNotFoundError(`Unknown API id ${apiId} on this connection`);
    if (!isAllowed(session.grant, api)) {
      throw new UnauthorizedError(`Access denied: API '${api}' needs '${permissionFor(api)}'`);
    }
    const builtIn = api === 'login' && this.#login.has(method);
    const registered = builtIn ? undefined : this.#registry.method(api, method);
    if (!builtIn && registered === undefined) {
      throw new MethodNotFoundError(`Method '${method}' not found in API '${api}'`);
    }
    const hooks = this.#hooks;
    const call: CallInfo | null =
      hooks.onCallStart !== undefined || hooks.onCallEnd !== undefined
        ? { connection: session, api, method }
        : null;
    const started = call === null ? 0 : performance.now();
    if (call !== null) runHook(hooks.onCallStart, call);
    const context = new RequestContext(session);
    let result: unknown;
    try {
      result = builtIn
        ? this.#login.call(session, method, args)
        : this.#run(registered as RegisteredMethod, args, context, api, method);
    } catch (error) {
      this.#end(context, call, started, error, true);
      throw error;
    }
    if (!(result instanceof Promise)) {
      this.#end(context, call, started);
      return result;
    }
    return result.then(
      (value: unknown) => {
        this.#end(context, call, started);
        return value;
      },
      (error: unknown) => {
        this.#end(context, call, started, error, true);
        throw error;
      },
    );
  }

  /** Ends a call: its signal (aborted when it timed out), then `onCallEnd` when a hook observes. */
  #end(
    context: RequestContext,
    call: CallInfo | null,
    started: number,
    error?: unknown,
    failed = false,
  ): void {
    context.finish(error instanceof RpcTimeoutError ? error : undefined);
    if (call === null) return;
    const durationMs = performance.now() - started;
    const { connection, api, method } = call;
    // Literals, not spreads of `call`: V8 copies a spread object through a slow path (~1 µs).
    runHook(
      this.#hooks.onCallEnd,
      failed
        ? {
            connection,
            api,
            method,
            durationMs,
            outcome: 'error',
            code: toRpcError(error).code,
            error,
          }
        : { connection, api, method, durationMs, outcome: 'result' },
    );
  }

  #run(
    method: RegisteredMethod,
    args: readonly unknown[],
    context: RequestContext,
    api: string,
    name: string,
  ): unknown {
    if (method.params !== null) {
      const where = `${api}.${name}`;
      return validateArgs(method.params, args, where).then((checked) =>
        this.#call(method, checked, context, api, name),
      );
    }
    return this.#call(method, args, context, api, name);
  }

  #call(
    method: RegisteredMethod,
    args: readonly unknown[],
    context: RequestContext,
    api: string,
    name: string,
  ): unknown {
    const result = method.handler(args, context);
    // Any thenable a handler returns becomes a native promise; the rest of dispatch tests for those.
    if (typeof (result as { then?: unknown } | null)?.then !== 'function') return result;
    return withTimeout(Promise.resolve(result), this.#limits.requestTimeoutMs, `${api}.${name}`);
  }
}
