// What `api-key create` makes on the client side: the key's signing seed and secret key, the
// user's keys sealed under it, and for a user's first key an empty default datastore.
import { randomUUID } from 'node:crypto';
import { boxPublicKey, fromHex, randomBytes, signPublicKey, toHex } from '@convene/crypto-session';
import type { EncryptedUserKeys, NewApiKey } from '../server-surface/key-records.js';
import { newKey, openText, sealText } from '../vault/sealed-text.js';

/** The variables of Psono's example script, as `api-key create` writes them to the key file. */
export interface KeyFile {
  server_url: string;
  api_key_id: string;
  api_key_private_key: string;
  api_key_secret_key: string;
  server_public_key: string;
  server_signature: string;
  /** Seconds a session of this key asks for, when set at creation. */
  session_duration?: number;
}

/** The user's own keys in clear (hex), which only clients ever hold. */
export interface UserKeys {
  privateKey: string;
  secretKey: string;
}

/** Psono's datastore content: folders and items, each item naming its secret and its key. */
export interface DatastoreContent {
  datastore_id: string;
  folders: unknown[];
  items: { id: string; name: string; type: string; secret_id: string; secret_key: string }[];
}

/** Seals the user's keys under an API key's secret key. */
function sealUserKeys(user: UserKeys, apiSecretKey: string): EncryptedUserKeys {
  const privateKey = sealText(user.privateKey, apiSecretKey);
  const secretKey = sealText(user.secretKey, apiSecretKey);
  return {
    private_key: privateKey.data,
    private_key_nonce: privateKey.nonce,
    secret_key: secretKey.data,
    secret_key_nonce: secretKey.nonce,
  };
}

/** Opens the user's keys sealed under an API key's secret key. @throws {TamperedError} */
export function openUserKeys(keys: EncryptedUserKeys, apiSecretKey: string): UserKeys {
  return {
    privateKey: openText(
      keys.private_key,
      keys.private_key_nonce,
      apiSecretKey,
      'user private key',
    ),
    secretKey: openText(keys.secret_key, keys.secret_key_nonce, apiSecretKey, 'user secret key'),
  };
}

/** Options of {@link makeApiKey}. */
export interface MakeApiKeyOptions {
  username: string;
  write: boolean;
  restrictToSecrets: boolean;
  sessionDuration?: number;
  /**
   * The user's keys when the user has some already (another key's vault); else new ones, with an
   * empty default datastore. Keys restricted to secrets get no user keys.
   */
  existingUser?: UserKeys;
}

/** A new API key: the row to store and the secret half for the key file. */
export function makeApiKey(options: MakeApiKeyOptions): {
  record: NewApiKey;
  secrets: { api_key_id: string; api_key_private_key: string; api_key_secret_key: string };
} {
  const seed = randomBytes(32);
  const apiSecretKey = newKey();
  const id = randomUUID();
  let user = options.existingUser;
  let newUser: NewApiKey['newUser'];
  if (user === undefined && !options.restrictToSecrets) {
    user = { privateKey: newKey(), secretKey: newKey() };
    const datastoreId = randomUUID();
    const datastoreKey = newKey();
    const content: DatastoreContent = { datastore_id: datastoreId, folders: [], items: [] };
    const data = sealText(JSON.stringify(content), datastoreKey);
    const key = sealText(datastoreKey, user.secretKey);
    newUser = {
      publicKey: toHex(boxPublicKey(fromHex(user.privateKey, 'user private key', 32))),
      datastore: {
        id: datastoreId,
        type: 'password',
        description: 'default',
        data: data.data,
        data_nonce: data.nonce,
        secret_key: key.data,
        secret_key_nonce: key.nonce,
      },
    };
  }
  const record: NewApiKey = {
    id,
    username: options.username,
    verifyKey: toHex(signPublicKey(seed)),
    restrictToSecrets: options.restrictToSecrets,
    write: options.write,
    ...(options.restrictToSecrets || user === undefined
      ? {}
      : { userKeys: sealUserKeys(user, apiSecretKey) }),
    ...(options.sessionDuration === undefined ? {} : { sessionDuration: options.sessionDuration }),
    ...(newUser === undefined ? {} : { newUser }),
  };
  return {
    record,
    secrets: { api_key_id: id, api_key_private_key: toHex(seed), api_key_secret_key: apiSecretKey },
  };
}
