// The sender that stands for every sender.

/**
 * The sender that stands for every sender. A receiver connected for `ANY` (the default) is
 * called whatever the sender of a send is; `disconnect(receiver, ANY)` removes it from all.
 */
export const ANY: unique symbol = Symbol('ANY');

/** The type of {@link ANY}. */
export type Any = typeof ANY;
