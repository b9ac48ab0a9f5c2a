// The two storages every end-to-end file runs on: the embedded store in a fresh folder, and a
// fresh database on the PostgreSQL test server.
import { createServerDatabase, createTempDir } from './databases.js';

/** Where one test node keeps its data. */
export interface NodeStorage {
  kind: 'pglite' | 'postgresql';
  dataDir: string;
  databaseUrl?: string;
  cleanup: () => Promise<void>;
}

/** Fresh storage of the given kind. */
export async function freshStorage(kind: NodeStorage['kind']): Promise<NodeStorage> {
  const temp = createTempDir();
  if (kind === 'pglite') {
    return { kind, dataDir: temp.dir, cleanup: async () => temp.remove() };
  }
  const server = await createServerDatabase();
  return {
    kind,
    dataDir: temp.dir,
    databaseUrl: server.url,
    cleanup: async () => {
      await server.drop();
      temp.remove();
    },
  };
}

/** Both kinds, for `describe.each`. */
export const STORAGE_KINDS: NodeStorage['kind'][] = ['pglite', 'postgresql'];
