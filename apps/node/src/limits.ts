// The node's own bounds (beside rpc-core's and api-access's), with their safe defaults.

/** Bounds on what clients may make the node hold; each names itself in the error past it. */
export interface NodeLimits {
  /** `set_subscribe_callback` subscriptions one WebSocket may hold. Default 100. */
  readonly maxSubscriptionsPerConnection: number;
  /** Subscriptions all connections from one remote address may hold together. Default 1,000. */
  readonly maxSubscriptionsPerAddress: number;
  /** Subscriptions the node holds over all connections. Default 100,000. */
  readonly maxSubscriptions: number;
}

/** The limits a node starts with unless its config says otherwise. */
export const DEFAULT_LIMITS: NodeLimits = Object.freeze({
  maxSubscriptionsPerConnection: 100,
  maxSubscriptionsPerAddress: 1000,
  maxSubscriptions: 100_000,
});

/** The names of the limits, as config files spell them. */
export const LIMIT_NAMES = Object.keys(DEFAULT_LIMITS) as (keyof NodeLimits)[];

/**
 * `DEFAULT_LIMITS` with `limits` over them.
 *
 * @throws {RangeError} for an unknown name or a value that is not a whole number of at least 1.
 */
export function resolveLimits(limits: Partial<NodeLimits> = {}): NodeLimits {
  for (const [name, value] of Object.entries(limits)) {
    if (!(LIMIT_NAMES as string[]).includes(name)) {
      throw new RangeError(`limits.${name}: unknown limit (known: ${LIMIT_NAMES.join(', ')})`);
    }
    if (value !== undefined && !(Number.isSafeInteger(value) && value >= 1)) {
      throw new RangeError(`limits.${name}: expected a whole number of at least 1, got ${value}`);
    }
  }
  return Object.freeze({ ...DEFAULT_LIMITS, ...withoutUndefined(limits) });
}

const withoutUndefined = <T extends object>(value: T): Partial<T> =>
  Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
