// The dispatcher the in-process dispatch benchmarks measure: an `echo` method on API 0, open to
// an anonymous WebSocket session, with the default limits.
import { DEFAULT_LIMITS } from '../dist/limits.js';
import { Dispatcher } from '../dist/server/dispatch.js';
import { LoginApi } from '../dist/server/login-api.js';
import { ApiRegistry } from '../dist/server/registry.js';
import { Session } from '../dist/server/session.js';

/** A dispatcher serving `echo`, and the session its messages arrive on. */
export function echoDispatcher(): { dispatcher: Dispatcher; session: Session } {
  const registry = new ApiRegistry();
  registry.register('database', { echo: ([value]) => value });
  const authenticator = {
    anonymous: () => ({ user: null, apis: ['database_api'] }),
    authenticate: () => null,
  };
  const dispatcher = new Dispatcher(
    registry,
    new LoginApi(registry, authenticator),
    DEFAULT_LIMITS,
    {},
  );
  const session = new Session(1, 'ws', '127.0.0.1', authenticator.anonymous(), () => true);
  return { dispatcher, session };
}
