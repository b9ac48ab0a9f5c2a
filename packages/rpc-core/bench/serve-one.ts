// One bench server alone in its process (ours or a peer, named on the command line), so that a
// profiler or valgrind sees only the server's work: prints its port, its CPU time used so far on
// SIGUSR2 (`cpu USER SYSTEM` in microseconds), and stops on SIGTERM.
import { httpServers, oursServer, type Served, wsServers } from './peers.ts';

export const SERVERS: Record<string, () => Promise<Served>> = {
  ours: oursServer,
  'jayson-http': httpServers.jayson,
  'json-rpc-2.0-http': httpServers.jsonRpc2,
  'bare-http': httpServers.bare,
  'json-rpc-2.0-ws': wsServers.jsonRpc2,
  'rpc-websockets': wsServers.rpcWebsockets,
  'raw-ws-echo': wsServers.rawEcho,
};

const name = process.argv[2] ?? '';
const start = SERVERS[name];
if (start === undefined) throw new Error(`unknown server ${name}: ${Object.keys(SERVERS)}`);
const served = await start();
process.on('SIGTERM', () => process.exit(0));
process.on('SIGUSR2', () => {
  const { user, system } = process.cpuUsage();
  process.stdout.write(`cpu ${user} ${system}\n`);
});
process.stdout.write(`port ${served.port}\n`);
