// The typed view of a remote API: each property a method that calls the server.
/**
 * The client-side view of an API `T` whose methods are declared as plain functions:
 * `interface DatabaseApi { get_accounts(ids: string[]): Account[] }` becomes
 * `{ get_accounts(ids: string[]): Promise<Account[]> }`.
 */
export type ApiProxy<T> = {
  readonly [K in keyof T]: T[K] extends (...args: infer A) => infer R
    ? (...args: A) => Promise<Awaited<R>>
    : never;
};

/** A proxy whose every property is a method calling `method` of the API with its arguments. */
export function apiProxy<T>(
  call: (method: string, args: unknown[]) => Promise<unknown>,
): ApiProxy<T> {
  return new Proxy(Object.create(null) as object, {
    get(_target, property) {
      // `then` stays undefined so that awaiting a proxy does not call the server.
      if (typeof property !== 'string' || property === 'then') return undefined;
      return (...args: unknown[]) => call(property, args);
    },
  }) as ApiProxy<T>;
}
