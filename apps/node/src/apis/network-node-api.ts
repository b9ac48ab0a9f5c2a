// The restricted network_node API: who this node is and who is connected.
import type { ApiMethods, RpcServer } from '@convene/rpc-core';
import type { StorageKind } from '../storage/database.js';
import type { Subscriptions } from '../subscriptions.js';
import { method } from './method.js';

/** What `get_info` reports besides the live figures. */
export interface NodeIdentity {
  version: string;
  nodeId: string;
  storage: StorageKind;
  startedAt: number;
}

/** The restricted `network_node` API: who this node is and who is connected. */
export function networkNodeApi(
  server: RpcServer,
  identity: NodeIdentity,
  subscriptions: Subscriptions,
): ApiMethods {
  return {
    get_info: method(0, 0, () => ({
      version: identity.version,
      node_id: identity.nodeId,
      storage: identity.storage,
      started_at: new Date(identity.startedAt).toISOString(),
      uptime_seconds: Math.floor((Date.now() - identity.startedAt) / 1000),
      connections: server.connections.length,
      subscriptions: subscriptions.size,
    })),
    get_connections: method(0, 0, () =>
      server.connections.map((connection) => ({
        id: connection.id,
        transport: connection.transport,
        remote_address: connection.remoteAddress,
        user: connection.grant?.user ?? null,
        apis: [...(connection.grant?.apis ?? [])],
      })),
    ),
  };
}
