/**
 * `@convene/signals`: named, typed signals in namespaces, after Python's blinker. A signal
 * decouples "something changed" from "what must happen because of it": receivers connect for
 * every sender or for one, a send calls them in connection order and returns what they answered,
 * and tests can mute a signal or a whole namespace. This module is the package's one public door.
 *
 * @packageDocumentation
 */

/** The sender that stands for every sender. */
export { ANY, type Any } from './any.js';
/** Errors thrown by this package, with stable `code`s. */
export { SignalArgumentError, SignalError, type SignalErrorCode } from './errors.js';
/** Namespaces of named signals, the default one, and `signal(name)` in it. */
export { defaultNamespace, Namespace, namespace, signal } from './namespace.js';
/** The type of any receiver, as the connect and disconnect meta-signals report it. */
export type { AnyReceiver } from './receivers.js';
/** The signal itself and the types of its API. */
export {
  type ConnectOptions,
  type MuteState,
  type NextOptions,
  type NextSend,
  type Receiver,
  type ReceiverConnected,
  type ReceiverDisconnected,
  type SendAsyncOptions,
  type SendOutcome,
  type SendResults,
  Signal,
  type SignalOptions,
} from './signal.js';
