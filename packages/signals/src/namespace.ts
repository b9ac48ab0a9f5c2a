// Namespaces: registries of named signals that can be muted together.
import { SignalArgumentError } from './errors.js';
import { MuteSwitch } from './scoped.js';
import { Signal } from './signal.js';

/**
 * A registry of named signals: `ns.signal(name)` returns the same signal for the same name.
 * Muting a namespace mutes every signal in it, including those created while it is muted.
 */
export class Namespace {
  // biome-ignore lint/suspicious/noExplicitAny: signals of every payload type live in one registry
  readonly #signals = new Map<string, Signal<any, any, any>>();
  readonly #scope = new MuteSwitch();

  /**
   * The signal named `name`, created on first use. The type parameters describe the payload,
   * sender and result; a `doc` given after the first call is ignored.
   *
   * @throws {SignalArgumentError} when `name` is not a non-empty string.
   */
  signal<P extends object = Record<string, unknown>, S = unknown, R = unknown>(
    name: string,
    doc?: string,
  ): Signal<P, S, R> {
    const existing = this.#signals.get(name);
    if (existing !== undefined) return existing;
    if (typeof name !== 'string' || name === '') {
      throw new SignalArgumentError(
        'ERR_INVALID_NAME',
        `namespace.signal expects a non-empty string name, got ${name === '' ? 'an empty string' : typeof name}`,
      );
    }
    const created = new Signal<P, S, R>(
      doc === undefined ? { name, mutedWith: this.#scope } : { name, doc, mutedWith: this.#scope },
    );
    this.#signals.set(name, created);
    return created;
  }

  /** Whether a signal of this name exists. */
  has(name: string): boolean {
    return this.#signals.has(name);
  }

  /** The names of the signals created so far, in creation order. */
  names(): string[] {
    return [...this.#signals.keys()];
  }

  /** Whether the signals of this namespace are muted now. */
  get isMuted(): boolean {
    return this.#scope.isMuted;
  }

  /**
   * Runs `fn` with every signal of this namespace muted, restored when `fn` returns, throws or
   * its promise settles. Mutes nest.
   */
  muted<T>(fn: () => T): T {
    return this.#scope.run(fn);
  }
}

/** Creates a namespace of its own, e.g. one per library or application. */
export function namespace(): Namespace {
  return new Namespace();
}

/** The namespace that {@link signal} uses. */
export const defaultNamespace: Namespace = new Namespace();

/** The signal named `name` in the default namespace. */
export function signal<P extends object = Record<string, unknown>, S = unknown, R = unknown>(
  name: string,
  doc?: string,
): Signal<P, S, R> {
  return defaultNamespace.signal<P, S, R>(name, doc);
}
