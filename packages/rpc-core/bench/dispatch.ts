// pnpm --filter @convene/rpc-core bench:dispatch — rpc-core's dispatch in one process, no sockets:
// the parse, route, permission check and answer of one message, as every transport runs it.
import { runCases } from '../../../bench/report.ts';
import { DEFAULT_LIMITS } from '../src/limits.ts';
import { Dispatcher } from '../src/server/dispatch.ts';
import { LoginApi } from '../src/server/login-api.ts';
import { ApiRegistry } from '../src/server/registry.ts';
import { Session } from '../src/server/session.ts';

const BATCH = 1000;
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
const payload = { event: 'fosdem-2026', talks: [1, 2, 3], room: 'K.1.105' };
const plain = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'echo', params: [payload] });
const call = JSON.stringify({ id: 1, method: 'call', params: [0, 'echo', [payload]] });
const batch = JSON.stringify(
  Array.from({ length: 10 }, (_, id) => ({
    jsonrpc: '2.0',
    id,
    method: 'echo',
    params: [payload],
  })),
);

const repeat = (text: string) => () => {
  for (let i = 0; i < BATCH; i++) dispatcher.handleText(session, text);
};
const repeatAsync = (text: string) => async () => {
  for (let i = 0; i < BATCH; i++) await dispatcher.handleText(session, text);
};

await runCases(
  [
    {
      name: 'dispatch of one message in process (messages/s)',
      batch: BATCH,
      subjects: [
        { name: '@convene/rpc-core plain request', run: repeat(plain) },
        { name: '@convene/rpc-core call [0, …]', run: repeat(call) },
        { name: '@convene/rpc-core batch of 10', run: repeatAsync(batch) },
      ],
    },
  ],
  { out: new URL('./dispatch.json', import.meta.url), ours: '@convene/rpc-core' },
);
