// The registered APIs of a server, by name, with their methods and argument schemas.
import type { ApiMethods, Handler, ValidatedMethod } from '../api.js';
import { InvalidParamsError } from '../errors.js';
import type { StandardSchemaIssue, StandardSchemaV1 } from '../standard-schema.js';

/** A registered method, ready to run. */
export interface RegisteredMethod {
  readonly handler: Handler<readonly unknown[], unknown>;
  readonly params: StandardSchemaV1<unknown, readonly unknown[]> | null;
}

const NAME = /^[A-Za-z_][A-Za-z0-9_.]*$/;

/** The APIs of a server, by name; methods are kept in Maps so no prototype key can be reached. */
export class ApiRegistry {
  readonly #apis = new Map<string, Map<string, RegisteredMethod>>();
  #names: readonly string[] = [];

  /** Adds `methods` to the API `name` (created on first use). Throws on a bad name or a duplicate. */
  register(name: string, methods: ApiMethods): void {
    if (!NAME.test(name))
      throw new TypeError(`API name ${JSON.stringify(name)} is not an identifier`);
    if (name.endsWith('_api')) {
      throw new TypeError(
        `API name '${name}' ends in _api: register '${name.slice(0, -4)}', whose permission is '${name}'`,
      );
    }
    let api = this.#apis.get(name);
    if (api === undefined) {
      api = new Map();
      this.#apis.set(name, api);
      this.#names = [...this.#apis.keys()];
    }
    for (const [method, definition] of Object.entries(methods)) {
      if (api.has(method)) throw new TypeError(`API '${name}' already has a method '${method}'`);
      api.set(method, compile(definition));
    }
  }

  has(name: string): boolean {
    return this.#apis.has(name);
  }

  method(api: string, method: string): RegisteredMethod | undefined {
    return this.#apis.get(api)?.get(method);
  }

  /** The registered API names; the same array until an API is added. */
  names(): readonly string[] {
    return this.#names;
  }
}

function compile(
  definition: Handler<readonly unknown[], unknown> | ValidatedMethod<readonly unknown[], unknown>,
): RegisteredMethod {
  if (typeof definition === 'function') return { handler: definition, params: null };
  return { handler: definition.handler, params: definition.params };
}

const pathOf = (issue: StandardSchemaIssue): string =>
  (issue.path ?? [])
    .map((segment) => (typeof segment === 'object' ? segment.key : segment))
    .map((key) => (typeof key === 'number' ? `[${key}]` : `.${String(key)}`))
    .join('');

/** Runs a method's schema on `args`; throws -32602 naming the first issue's path. */
export async function validateArgs(
  schema: StandardSchemaV1<unknown, readonly unknown[]>,
  args: readonly unknown[],
  where: string,
): Promise<readonly unknown[]> {
  const result = await schema['~standard'].validate(args);
  if (result.issues === undefined) return result.value;
  const issues = result.issues.map((issue) => ({
    path: `params${pathOf(issue)}`,
    message: issue.message,
  }));
  const first = issues[0];
  throw new InvalidParamsError(
    `Invalid params for ${where}: ${first ? `${first.path}: ${first.message}` : 'rejected'}`,
    { issues },
  );
}
