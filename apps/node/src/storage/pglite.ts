// The embedded store: PGlite in the data directory, made durable.

import { once } from 'node:events';
import {
  chmodSync,
  closeSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readdirSync,
  statSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { PGlite, type PGliteOptions } from '@electric-sql/pglite';
import { NodeFS } from '@electric-sql/pglite/nodefs';
import { lockDataDir } from './data-dir-lock.js';
import type { Database, Queryable, Row } from './database.js';

interface EmscriptenStream {
  nfd?: number;
}
interface EmscriptenNode {
  mode: number;
}
interface EmscriptenModule {
  NODEFS: {
    stream_ops: { fsync?: (stream: EmscriptenStream) => number };
    node_ops: { mknod: (...args: unknown[]) => EmscriptenNode };
    realPath: (node: EmscriptenNode) => string;
  };
  FS: { isDir: (mode: number) => boolean };
}

/** Modes of the store's folders and files: its owner's alone, whatever the umask. */
const DIRECTORY_MODE = 0o700;
const FILE_MODE = 0o600;

/** Sets `mode` on `path` unless it has it: a needless chmod would wake file watchers. */
function ensureMode(path: string, mode: number): void {
  if ((statSync(path).mode & 0o777) !== mode) chmodSync(path, mode);
}

/** Forces a file (or, but on Windows, a folder's entries) to disk. */
function syncPath(path: string): void {
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/**
 * Gives `dir` and everything in it the owner-only modes (stores made by earlier versions too);
 * with `sync`, also forces each file and folder to disk, as initdb does with a new cluster.
 */
function restrictModes(dir: string, sync = false): void {
  ensureMode(dir, DIRECTORY_MODE);
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) restrictModes(path, sync);
    else if (entry.isFile()) {
      ensureMode(path, FILE_MODE);
      if (sync) syncPath(path);
    }
  }
  if (sync && process.platform !== 'win32') syncPath(dir);
}

/**
 * PGlite's Node file system with a working fsync, creating owner-only files. Out of the box PGlite starts PostgreSQL with
 * `-F` (fsync off), and Emscripten's NODEFS has no fsync either: writes reach the kernel at once
 * (so they survive the process being killed) but nothing forces them to the disk (so a power cut
 * could lose acknowledged commits). This gives NODEFS streams a real `fsync(2)`, and the node then
 * starts PostgreSQL with fsync on and `wal_sync_method=fsync` (Emscripten's `fdatasync` is a
 * no-op, its `fsync` reaches the stream), so each commit is on disk before it is acknowledged and
 * checkpoints flush the data files, as on a PostgreSQL server.
 */
class DurableNodeFS extends NodeFS {
  override async init(pg: PGlite, opts: Parameters<NodeFS['init']>[1]) {
    const result = await super.init(pg, opts);
    const preRun = result.emscriptenOpts.preRun;
    const patch = (module: unknown) => {
      const { NODEFS, FS } = module as EmscriptenModule;
      NODEFS.stream_ops.fsync = (stream) => {
        if (typeof stream.nfd === 'number') fsyncSync(stream.nfd);
        return 0;
      };
      // Emscripten creates files 0666 and folders 0777 (less the umask): make them owner-only.
      const mknod = NODEFS.node_ops.mknod;
      NODEFS.node_ops.mknod = (...args) => {
        const node = mknod(...args);
        chmodSync(NODEFS.realPath(node), FS.isDir(node.mode) ? DIRECTORY_MODE : FILE_MODE);
        return node;
      };
    };
    result.emscriptenOpts.preRun = [...(Array.isArray(preRun) ? preRun : []), patch];
    return result;
  }
}

/**
 * How the node starts the embedded PostgreSQL: durable (see {@link DurableNodeFS}), and with 32 MB
 * of shared buffers instead of 128 MB. Its files are read through the operating system's cache
 * already, and the node keeps what it serves in memory of its own: the smaller pool takes about
 * 130 MiB less resident memory for cold reads within a few percent.
 */
const durableStartParams = [
  ...PGlite.defaultStartParams.filter((param) => param !== '-F'),
  '-c',
  'fsync=on',
  '-c',
  'wal_sync_method=fsync',
  '-c',
  'shared_buffers=32MB',
];

/** What the worker of {@link createCluster} runs: CommonJS, as an evaluated worker must be. */
const CREATE_CLUSTER = `
const { workerData: { pglite, nodefs, pgdata } } = require('node:worker_threads');
const { PGlite } = require(pglite);
const { NodeFS } = require(nodefs);
PGlite.create({ fs: new NodeFS(pgdata) }).then((db) => db.close());
`;

/**
 * Creates a new cluster in `pgdata` in a worker thread. PGlite runs initdb in a second instance,
 * and the instance that asked keeps about 400 MiB of it for as long as it lives; a worker's memory
 * goes when the worker ends, so the node then opens the cluster at a third of that footprint.
 */
async function createCluster(pgdata: string): Promise<void> {
  const require = createRequire(import.meta.url);
  const workerData = {
    pglite: require.resolve('@electric-sql/pglite'),
    nodefs: require.resolve('@electric-sql/pglite/nodefs'),
    pgdata,
  };
  const [code] = await once(new Worker(CREATE_CLUSTER, { eval: true, workerData }), 'exit');
  if (code !== 0)
    throw new Error(`creating the PostgreSQL cluster in ${pgdata} failed (exit ${code})`);
}

async function rows<R extends Row>(
  runner: Pick<PGlite, 'query'>,
  text: string,
  params?: readonly unknown[],
): Promise<R[]> {
  return (await runner.query<R>(text, params ? [...params] : undefined)).rows;
}

/**
 * Opens (creating on first use) the embedded PostgreSQL in `dir`, locked against a second
 * process, durable as described at {@link DurableNodeFS}; `dir` and everything in it are readable
 * and writable by the owner only (folders 0700, files 0600), whatever the umask.
 */
export async function openPglite(dir: string): Promise<Database> {
  mkdirSync(dir, { recursive: true, mode: DIRECTORY_MODE });
  const unlock = lockDataDir(join(dir, 'convene-node.lock'));
  let db: PGlite;
  try {
    restrictModes(dir);
    const pgdata = join(dir, 'pgdata');
    if (!existsSync(join(pgdata, 'PG_VERSION'))) {
      await createCluster(pgdata);
      // The worker's PGlite writes the new cluster's files with the umask's modes and without
      // fsync: they are made owner-only and forced to disk before use.
      restrictModes(pgdata, true);
    }
    const options: PGliteOptions = {
      fs: new DurableNodeFS(pgdata),
      startParams: durableStartParams,
    };
    db = await PGlite.create(options);
    // What PGlite wrote without going through the file system's mknod (pg_internal.init).
    restrictModes(dir);
  } catch (error) {
    unlock();
    throw error;
  }
  return {
    kind: 'pglite',
    query: (text, params) => rows(db, text, params),
    transaction: (fn) =>
      db.transaction((tx) => fn({ query: (text, params) => rows(tx, text, params) } as Queryable)),
    listen: async (channel, onPayload) => {
      const unlisten = await db.listen(channel, onPayload);
      return async () => {
        if (!db.closed) await unlisten();
      };
    },
    close: async () => {
      try {
        if (!db.closed) await db.close();
      } finally {
        unlock();
      }
    },
  };
}
