// Senders as map keys: by value for primitives, by identity for objects.

/**
 * A map from senders to values. String senders, the common case, live in a null-prototype
 * object, whose lookups V8 makes faster than a Map's; every other sender (numbers, objects,
 * symbols) lives in a Map, by value or by identity.
 */
export class SenderIndex<V> {
  #strings: Record<string, V> = Object.create(null);
  #stringCount = 0;
  readonly #others = new Map<unknown, V>();

  get size(): number {
    return this.#stringCount + this.#others.size;
  }

  get(sender: unknown): V | undefined {
    return typeof sender === 'string' ? this.#strings[sender] : this.#others.get(sender);
  }

  set(sender: unknown, value: V): void {
    if (typeof sender !== 'string') {
      this.#others.set(sender, value);
      return;
    }
    if (!(sender in this.#strings)) this.#stringCount++;
    this.#strings[sender] = value;
  }

  delete(sender: unknown): void {
    if (typeof sender !== 'string') {
      this.#others.delete(sender);
    } else if (sender in this.#strings) {
      delete this.#strings[sender];
      this.#stringCount--;
    }
  }

  clear(): void {
    this.#strings = Object.create(null);
    this.#stringCount = 0;
    this.#others.clear();
  }
}
