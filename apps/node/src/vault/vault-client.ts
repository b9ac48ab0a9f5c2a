// The organizer vault as a client of the node's `/server` surface: logs in with an API key,
// decrypts the default datastore locally, and reads or writes one named secret.
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { ApiKeyClient, type ClientSession } from '@convene/crypto-session';
import type { DatastoreContent, KeyFile } from '../api-keys/key-material.js';
import { ConfigError } from '../errors.js';
import { newKey, openText, sealText } from './sealed-text.js';

/** A secret's content, as Psono's notes hold it. */
interface NoteContent {
  note_title: string;
  note_notes: string;
}

interface DefaultDatastore {
  id: string;
  key: string;
  content: DatastoreContent;
}

/** Runs `work` in a fresh session of the key, logging out afterwards. */
async function withSession<T>(key: KeyFile, work: (session: ClientSession) => Promise<T>) {
  const client = new ApiKeyClient({
    serverUrl: key.server_url,
    apiKeyId: key.api_key_id,
    apiKeyPrivateKey: key.api_key_private_key,
    apiKeySecretKey: key.api_key_secret_key,
    serverVerifyKey: key.server_signature,
    deviceDescription: `convene-node vault ${hostname()}`,
    ...(key.session_duration === undefined ? {} : { sessionDuration: key.session_duration }),
  });
  const session = await client.login();
  try {
    return await work(session);
  } finally {
    await client.logout(session).catch(() => {});
  }
}

async function defaultDatastore(session: ClientSession): Promise<DefaultDatastore> {
  const userSecretKey = session.state.userKeys?.secretKey;
  if (userSecretKey === undefined)
    throw new ConfigError('this API key is restricted to secrets: it cannot open the vault');
  const { datastores } = (await session.request('GET', '/datastore/')) as {
    datastores: { id: string; is_default: boolean }[];
  };
  const found = datastores.find((d) => d.is_default);
  if (found === undefined) throw new ConfigError('this user has no default datastore');
  const stored = (await session.request('GET', `/datastore/${found.id}/`)) as Record<
    string,
    string
  >;
  const key = openText(
    stored.secret_key as string,
    stored.secret_key_nonce as string,
    userSecretKey,
    'datastore key',
  );
  const content = JSON.parse(
    openText(stored.data as string, stored.data_nonce as string, key, 'datastore'),
  ) as DatastoreContent;
  return { id: found.id, key, content };
}

/**
 * Stores `value` under `name` in the key user's default datastore: a new secret (and an item in
 * the datastore), or a new version of the secret the name has. Resolves once the node has it.
 */
export async function vaultPut(
  key: KeyFile,
  name: string,
  value: string,
): Promise<'created' | 'updated'> {
  return withSession(key, async (session) => {
    const datastore = await defaultDatastore(session);
    const note: NoteContent = { note_title: name, note_notes: value };
    const item = datastore.content.items.find((i) => i.name === name);
    if (item !== undefined) {
      const sealed = sealText(JSON.stringify(note), item.secret_key);
      await session.request('PUT', `/secret/${item.secret_id}/`, {
        data: sealed.data,
        data_nonce: sealed.nonce,
      });
      return 'updated';
    }
    const secretKey = newKey();
    const sealed = sealText(JSON.stringify(note), secretKey);
    const { secret_id } = (await session.request('POST', '/secret/', {
      data: sealed.data,
      data_nonce: sealed.nonce,
      parent_datastore_id: datastore.id,
      link_id: randomUUID(),
    })) as { secret_id: string };
    datastore.content.items.push({
      id: randomUUID(),
      name,
      type: 'note',
      secret_id,
      secret_key: secretKey,
    });
    const content = sealText(JSON.stringify(datastore.content), datastore.key);
    await session.request('PUT', `/datastore/${datastore.id}/`, {
      data: content.data,
      data_nonce: content.nonce,
    });
    return 'created';
  });
}

/** The value stored under `name`. @throws {ConfigError} no such name in the vault. */
export async function vaultGet(key: KeyFile, name: string): Promise<string> {
  return withSession(key, async (session) => {
    const datastore = await defaultDatastore(session);
    const item = datastore.content.items.find((i) => i.name === name);
    if (item === undefined) throw new ConfigError(`the vault holds nothing named "${name}"`);
    const stored = (await session.request('GET', `/secret/${item.secret_id}/`)) as Record<
      string,
      string
    >;
    const note = JSON.parse(
      openText(stored.data as string, stored.data_nonce as string, item.secret_key, 'secret'),
    ) as NoteContent;
    return note.note_notes;
  });
}
