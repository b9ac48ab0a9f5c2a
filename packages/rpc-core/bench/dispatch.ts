// pnpm --filter @convene/rpc-core bench:dispatch — rpc-core's dispatch in one process, no sockets:
// the parse, route, permission check and answer of one message, as every transport runs it.
import { runCases } from '../../../bench/report.ts';
import { echoDispatcher } from './echo-dispatcher.ts';

const BATCH = 1000;
const { dispatcher, session } = echoDispatcher();
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
