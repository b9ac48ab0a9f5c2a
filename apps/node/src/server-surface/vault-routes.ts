// Psono's datastore and secret routes over the node's vault tables: the bodies are ciphertext and
// nonces the client made, checked for shape, stored and handed back as they came.
import { randomUUID } from 'node:crypto';
import {
  ForbiddenError,
  fromHex,
  MalformedError,
  NotFoundError,
  type Route,
  type RouteResult,
  type ServerSession,
} from '@convene/crypto-session';
import type { Queryable } from '../storage/database.js';

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const DATASTORE_PATH = new RegExp(`^/datastore/(${UUID})/$`);
const SECRET_PATH = new RegExp(`^/secret/(${UUID})/$`);
/** The most hex digits of one encrypted datastore or secret (the body limit bounds it too). */
const MAX_DATA_HEX = 512 * 1024;

function object(data: unknown, what: string): Record<string, unknown> {
  if (typeof data !== 'object' || data === null || Array.isArray(data))
    throw new MalformedError(`${what} must be a JSON object`);
  return data as Record<string, unknown>;
}

/** `{data, data_nonce}` as a client encrypted it: hex of at least a tag, and a 24-byte nonce. */
function encrypted(body: Record<string, unknown>, what: string) {
  const data = body.data;
  if (typeof data !== 'string' || data.length > MAX_DATA_HEX)
    throw new MalformedError(`${what}.data must be hex of at most ${MAX_DATA_HEX} digits`);
  if (fromHex(data, `${what}.data`).length < 16)
    throw new MalformedError(`${what}.data is shorter than a Poly1305 tag`);
  fromHex(body.data_nonce, `${what}.data_nonce`, 24);
  return { data, data_nonce: body.data_nonce as string };
}

function optionalId(body: Record<string, unknown>, field: string, what: string) {
  const value = body[field];
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string' || !new RegExp(`^${UUID}$`).test(value))
    throw new MalformedError(`${what}.${field} must be a lowercase UUID`);
  return value;
}

function requireWrite(session: ServerSession): void {
  if (!session.summary.write) throw new ForbiddenError('This API key is read-only');
}

/**
 * The datastore and secret routes of one user's vault (the session's user):
 * `GET /datastore/`, `GET|PUT /datastore/{id}/`, `POST /secret/`, `GET|PUT /secret/{id}/`.
 * Writes need a key with write access.
 */
export function vaultRoutes(db: Queryable): Route {
  const listDatastores = async (username: string): Promise<RouteResult> => ({
    data: {
      datastores: await db.query(
        `SELECT id, type, description, is_default FROM vault_datastores
         WHERE username = $1 ORDER BY is_default DESC, id`,
        [username],
      ),
    },
  });

  const readDatastore = async (username: string, id: string): Promise<RouteResult> => {
    const [row] = await db.query(
      `SELECT data, data_nonce, type, description, secret_key, secret_key_nonce, is_default
       FROM vault_datastores WHERE id = $1 AND username = $2`,
      [id, username],
    );
    if (!row) throw new NotFoundError('No such datastore of this user');
    return { data: row };
  };

  const updateDatastore = async (session: ServerSession, id: string, body: unknown) => {
    requireWrite(session);
    const { data, data_nonce } = encrypted(object(body, 'datastore'), 'datastore');
    const rows = await db.query(
      `UPDATE vault_datastores SET data = $3, data_nonce = $4, write_date = now()
       WHERE id = $1 AND username = $2 RETURNING id`,
      [id, session.summary.userId, data, data_nonce],
    );
    if (rows.length === 0) throw new NotFoundError('No such datastore of this user');
    return { data: { datastore_id: id } };
  };

  const readSecret = async (username: string, id: string): Promise<RouteResult> => {
    const [row] = await db.query(
      `SELECT id, data, data_nonce, datastore_id, link_id,
              to_char(write_date AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS write_date
       FROM vault_secrets WHERE id = $1 AND username = $2`,
      [id, username],
    );
    if (!row) throw new NotFoundError('No such secret of this user');
    return { data: row };
  };

  const createSecret = async (session: ServerSession, body: unknown): Promise<RouteResult> => {
    requireWrite(session);
    const fields = object(body, 'secret');
    const { data, data_nonce } = encrypted(fields, 'secret');
    const datastore = optionalId(fields, 'parent_datastore_id', 'secret');
    const link = optionalId(fields, 'link_id', 'secret');
    const username = session.summary.userId;
    if (datastore !== null) await readDatastore(username, datastore);
    const id = randomUUID();
    await db.query(
      `INSERT INTO vault_secrets (id, username, datastore_id, link_id, data, data_nonce)
       VALUES ($1, $2, $3, $4, $5, $6)`,
      [id, username, datastore, link, data, data_nonce],
    );
    return { status: 201, data: { secret_id: id } };
  };

  const updateSecret = async (session: ServerSession, id: string, body: unknown) => {
    requireWrite(session);
    const { data, data_nonce } = encrypted(object(body, 'secret'), 'secret');
    const rows = await db.query(
      `UPDATE vault_secrets SET data = $3, data_nonce = $4, write_date = now()
       WHERE id = $1 AND username = $2 RETURNING id`,
      [id, session.summary.userId, data, data_nonce],
    );
    if (rows.length === 0) throw new NotFoundError('No such secret of this user');
    return { data: { secret_id: id } };
  };

  return (session, { method, path, data }) => {
    const username = session.summary.userId;
    if (path === '/datastore/' && method === 'GET') return listDatastores(username);
    if (path === '/secret/' && method === 'POST') return createSecret(session, data);
    const datastore = DATASTORE_PATH.exec(path)?.[1];
    if (datastore !== undefined) {
      if (method === 'GET') return readDatastore(username, datastore);
      if (method === 'PUT') return updateDatastore(session, datastore, data);
    }
    const secret = SECRET_PATH.exec(path)?.[1];
    if (secret !== undefined) {
      if (method === 'GET') return readSecret(username, secret);
      if (method === 'PUT') return updateSecret(session, secret, data);
    }
    return undefined;
  };
}
