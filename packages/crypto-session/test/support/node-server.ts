// Our server over real HTTP for tests: a world, a memory store, a clock the test can move.
import {
  type ApiKeyRecord,
  ApiKeyServer,
  type Limits,
  MemorySessionStore,
  type SessionStore,
} from '../../src/index.ts';
import { createRequestListener } from '../../src/node.ts';
import { listen } from './http.ts';
import { apiKeyOf, type PsonoWorld, psonoRoutes } from './psono-world.ts';

/** A running server and the handles a test needs. */
export interface RunningServer {
  server: ApiKeyServer;
  store: SessionStore;
  /** The base URL including the mount path `/server`. */
  url: string;
  /** Moves the server clock forward. */
  advance: (ms: number) => void;
  /** Replaces the API key record the server looks up (revocation, restriction). */
  setKey: (record: ApiKeyRecord | undefined) => void;
  close: () => Promise<void>;
}

/** Starts our server for `world` under `/server` on a free port. */
export async function startServer(
  world: PsonoWorld,
  options: { limits?: Partial<Limits>; store?: SessionStore; key?: Partial<ApiKeyRecord> } = {},
): Promise<RunningServer> {
  let offset = 0;
  const now = () => Date.now() + offset;
  let key: ApiKeyRecord | undefined = apiKeyOf(world, options.key);
  const store = options.store ?? new MemorySessionStore({ now });
  const server = new ApiKeyServer({
    signingKey: world.serverSigningKey,
    serverSecret: new Uint8Array(32).fill(7),
    findApiKey: (id) => (key && id === key.id ? key : undefined),
    store,
    now,
    ...(options.limits ? { limits: options.limits } : {}),
  });
  const http = await listen(
    createRequestListener(server, { route: psonoRoutes(world), mountPath: '/server' }),
  );
  return {
    server,
    store,
    url: `${http.url}/server`,
    advance: (ms) => {
      offset += ms;
    },
    setKey: (record) => {
      key = record;
    },
    close: http.close,
  };
}
