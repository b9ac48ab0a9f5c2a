// The dispatcher the in-process dispatch benchmarks measure: an `echo` method on API 0, open to
// an anonymous WebSocket session, with the default limits.
import { DEFAULT_LIMITS } from '../src/limits.ts';
import { Dispatcher } from '../src/server/dispatch.ts';
import { LoginApi } from '../src/server/login-api.ts';
import { ApiRegistry } from '../src/server/registry.ts';
import { Session } from '../src/server/session.ts';

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
