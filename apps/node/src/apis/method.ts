// A JSON-RPC method of the node: argument count checked, input errors as -32602.
import {
  type CallContext,
  type Handler,
  InvalidParamsError,
  LimitExceededError as RpcLimitExceededError,
} from '@convene/rpc-core';
import { InvalidInputError, LimitExceededError, NotFoundError } from '../errors.js';
import { argumentCount } from './arguments.js';

/**
 * A JSON-RPC method taking `min`…`max` positional arguments. The node's input errors (a bad
 * field, an unknown id) become -32602 with the message naming the field, and its limits -32002
 * naming the limit; anything else is left to rpc-core, which answers -32603 without detail.
 */
export function method(
  min: number,
  max: number,
  run: (args: readonly unknown[], ctx: CallContext) => unknown,
): Handler<unknown[], unknown> {
  // Not an async function: a method that answers at once (a cached read) stays on rpc-core's
  // synchronous path, with no promise hop.
  return (args, ctx) => {
    try {
      argumentCount(args, min, max);
      const result = run(args, ctx);
      return isPromiseLike(result) ? Promise.resolve(result).catch(rethrowForRpc) : result;
    } catch (error) {
      return rethrowForRpc(error);
    }
  };
}

const isPromiseLike = (value: unknown): value is PromiseLike<unknown> =>
  typeof (value as PromiseLike<unknown> | null)?.then === 'function';

/** Throws `error` as rpc-core's kind of it: input errors as -32602, limits as -32002. */
function rethrowForRpc(error: unknown): never {
  if (error instanceof InvalidInputError || error instanceof NotFoundError) {
    throw new InvalidParamsError(error.message, { field: error.field });
  }
  if (error instanceof LimitExceededError) {
    throw new RpcLimitExceededError(error.message, { limit: error.limit, max: error.max });
  }
  throw error;
}
