// The server of bench case (c), in its own process so that its RSS is its own: every connection
// subscribes once; `broadcast(rounds)` sends a notice per round to every subscriber.
import { type Connection, RpcServer } from '@convene/rpc-core';

const subscribers = new Map<Connection, number>();
// Every bench connection comes from 127.0.0.1: the per-address bound must let them all in.
const limits = { maxConnections: 20_000, maxConnectionsPerAddress: 20_000 };
const server = new RpcServer({ limits }).register('database', {
  subscribe: ([callbackId]: [number], ctx) => {
    subscribers.set(ctx.connection, callbackId);
    ctx.connection.onClose(() => subscribers.delete(ctx.connection));
    return null;
  },
  broadcast: ([rounds]: [number]) => {
    for (let round = 0; round < rounds; round++) {
      for (const [connection, callbackId] of subscribers) connection.notify(callbackId, { round });
    }
    return subscribers.size * rounds;
  },
  rss: () => process.memoryUsage().rss,
});
const { url } = await server.listen(0, '127.0.0.1');
console.log(`listening on ${url}`);
process.once('SIGTERM', () => void server.close().then(() => process.exit(0)));
