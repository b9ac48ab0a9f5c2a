// A tiny Graphene-like node: the APIs bitsharesjs-ws asks for at start-up, the login of the
// api_restrictions.md example (bytemaster / supersecret), and network_node.add_node.
// Run: pnpm --filter @convene/rpc-core example   (PORT=8090 by default, 127.0.0.1)
import { createHash, timingSafeEqual } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import { type Authenticator, type Grant, InvalidParamsError, RpcServer } from '../src/index.ts';

const PUBLIC_APIS = ['database_api', 'network_broadcast_api', 'history_api'];

// The doc's api-access.json entry for bytemaster: base64(sha256(password ‖ salt)).
const BYTEMASTER = {
  hash: Buffer.from('9e9GF7ooXVb9k4BoSfNIPTelXeGOZ5DrgOYMj94elaY=', 'base64'),
  salt: Buffer.from('INDdM6iCi/8=', 'base64'),
  apis: [...PUBLIC_APIS, 'network_node_api'],
};

/** The in-example authenticator: bytemaster/supersecret, everyone else gets the public APIs. */
export const exampleAuthenticator: Authenticator = {
  anonymous: (): Grant => ({ user: null, apis: PUBLIC_APIS }),
  authenticate(user, password) {
    if (user !== 'bytemaster') return null;
    const hash = createHash('sha256').update(password, 'utf8').update(BYTEMASTER.salt).digest();
    return timingSafeEqual(hash, BYTEMASTER.hash) ? { user, apis: BYTEMASTER.apis } : null;
  },
};

export const CHAIN_ID = '4018d7844c78f6a6c41c6a552b898022310fc5dec06da467ee7905a8dad512c8';

/** The account of the doc's get_accounts example. */
export const COMMITTEE_ACCOUNT = {
  id: '1.2.0',
  name: 'committee-account',
  registrar: '1.2.0',
  referrer: '1.2.0',
  lifetime_referrer: '1.2.0',
  network_fee_percentage: 2000,
  lifetime_referrer_fee_percentage: 8000,
  referrer_rewards_percentage: 0,
  statistics: '2.7.0',
};

const objects: Record<string, unknown> = {
  '1.2.0': COMMITTEE_ACCOUNT,
  '2.1.0': { id: '2.1.0', head_block_number: 1, head_block_id: '00000001' },
};

/** Builds the example server (not listening yet). */
export function createGrapheneLikeServer(): RpcServer {
  const nodes: string[] = [];
  const server = new RpcServer({ authenticator: exampleAuthenticator });
  server.register('database', {
    get_chain_id: () => CHAIN_ID,
    get_accounts: ([ids]: [unknown]) => {
      if (!Array.isArray(ids))
        throw new InvalidParamsError('get_accounts: params[0] must be an array of account ids');
      return ids.map((id) =>
        id === COMMITTEE_ACCOUNT.id || id === COMMITTEE_ACCOUNT.name ? COMMITTEE_ACCOUNT : null,
      );
    },
    get_objects: ([ids]: [unknown]) => {
      if (!Array.isArray(ids))
        throw new InvalidParamsError('get_objects: params[0] must be an array of object ids');
      return ids.map((id) => (typeof id === 'string' ? (objects[id] ?? null) : null));
    },
    // Pushes the dynamic global properties once, as a node does when a block arrives.
    set_subscribe_callback: ([callbackId]: [number], ctx) => {
      setImmediate(() => ctx.notify(callbackId, [objects['2.1.0']]));
      return null;
    },
  });
  server.register('network_broadcast', { broadcast_transaction: () => null });
  server.register('history', { get_account_history: () => [] });
  server.register('network_node', {
    add_node: ([endpoint]: [unknown]) => {
      if (typeof endpoint !== 'string')
        throw new InvalidParamsError('add_node: params[0] must be "host:port"');
      nodes.push(endpoint);
      return null;
    },
    get_info: () => ({ connection_count: server.connections.length, nodes }),
  });
  return server;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const server = createGrapheneLikeServer();
  const { url } = await server.listen(Number(process.env.PORT ?? 8090), '127.0.0.1');
  console.log(`graphene-like example listening on ${url} (ws:// on the same port)`);
  const stop = () => void server.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
