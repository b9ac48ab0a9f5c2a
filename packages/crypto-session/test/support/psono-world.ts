// A small Psono world for tests: a server key, a user with an API key, one password datastore
// holding one secret, all encrypted the way Psono stores them, and the routes that serve them.
import { randomUUID } from 'node:crypto';
import {
  type ApiKeyRecord,
  NONCE_BYTES,
  type Route,
  randomBytes,
  secretboxSeal,
  signPublicKey,
  toHex,
} from '../../src/index.ts';

const text = new TextEncoder();

/** Encrypts `plain` (text) under a hex key: `{ text, nonce }` in hex, as Psono's encrypt_symmetric. */
export function encryptSymmetric(plain: string, keyHex: string): { text: string; nonce: string } {
  const nonce = randomBytes(NONCE_BYTES);
  return {
    text: toHex(secretboxSeal(text.encode(plain), nonce, Buffer.from(keyHex, 'hex'))),
    nonce: toHex(nonce),
  };
}

/** Everything a test needs to play client or server; also written as JSON for the Python peers. */
export interface PsonoWorld {
  serverSigningKey: string;
  serverVerifyKey: string;
  serverPublicKey: string;
  apiKeyId: string;
  apiKeyPrivateKey: string;
  apiKeyVerifyKey: string;
  apiKeySecretKey: string;
  userId: string;
  username: string;
  userPublicKey: string;
  userPrivateKey: string;
  userSecretKey: string;
  user: ApiKeyRecord['user'];
  datastoreList: {
    datastores: { id: string; type: string; description: string; is_default: boolean }[];
  };
  datastores: Record<string, Record<string, unknown>>;
  secrets: Record<string, Record<string, unknown>>;
  /** Plaintexts, for assertions. */
  datastoreContent: {
    items: { id: string; name: string; type: string; secret_id: string; secret_key: string }[];
  };
  secretContent: { website_password_title: string; website_password_password: string };
}

/** A fresh world with random keys. */
export function createWorld(): PsonoWorld {
  const serverSigningKey = toHex(randomBytes(32));
  const apiKeyPrivateKey = toHex(randomBytes(32));
  const apiKeySecretKey = toHex(randomBytes(32));
  const userPrivateKey = toHex(randomBytes(32));
  const userSecretKey = toHex(randomBytes(32));
  const userPublicKey = toHex(randomBytes(32));
  const privateBox = encryptSymmetric(userPrivateKey, apiKeySecretKey);
  const secretBox = encryptSymmetric(userSecretKey, apiKeySecretKey);
  const datastoreId = randomUUID();
  const secretId = randomUUID();
  const datastoreKey = toHex(randomBytes(32));
  const secretKey = toHex(randomBytes(32));
  const secretContent = {
    website_password_title: 'Example',
    website_password_password: 'correct horse battery staple',
  };
  const datastoreContent = {
    items: [
      {
        id: randomUUID(),
        name: 'Example',
        type: 'website_password',
        secret_id: secretId,
        secret_key: secretKey,
      },
    ],
  };
  const dsKeyBox = encryptSymmetric(datastoreKey, userSecretKey);
  const dsData = encryptSymmetric(JSON.stringify(datastoreContent), datastoreKey);
  const secretData = encryptSymmetric(JSON.stringify(secretContent), secretKey);
  return {
    serverSigningKey,
    serverVerifyKey: toHex(signPublicKey(Buffer.from(serverSigningKey, 'hex'))),
    serverPublicKey: toHex(randomBytes(32)),
    apiKeyId: randomUUID(),
    apiKeyPrivateKey,
    apiKeyVerifyKey: toHex(signPublicKey(Buffer.from(apiKeyPrivateKey, 'hex'))),
    apiKeySecretKey,
    userId: randomUUID(),
    username: 'alice@example.com',
    userPublicKey,
    userPrivateKey,
    userSecretKey,
    user: {
      username: 'alice@example.com',
      public_key: userPublicKey,
      private_key: privateBox.text,
      private_key_nonce: privateBox.nonce,
      secret_key: secretBox.text,
      secret_key_nonce: secretBox.nonce,
    },
    datastoreList: {
      datastores: [{ id: datastoreId, type: 'password', description: 'Default', is_default: true }],
    },
    datastores: {
      [datastoreId]: {
        data: dsData.text,
        data_nonce: dsData.nonce,
        type: 'password',
        description: 'Default',
        secret_key: dsKeyBox.text,
        secret_key_nonce: dsKeyBox.nonce,
        is_default: true,
      },
    },
    secrets: {
      [secretId]: { data: secretData.text, data_nonce: secretData.nonce, type: 'website_password' },
    },
    datastoreContent,
    secretContent,
  };
}

/** The API key record of the world, with overrides. */
export function apiKeyOf(world: PsonoWorld, overrides: Partial<ApiKeyRecord> = {}): ApiKeyRecord {
  return {
    id: world.apiKeyId,
    userId: world.userId,
    verifyKey: world.apiKeyVerifyKey,
    active: true,
    restrictToSecrets: false,
    allowInsecureAccess: false,
    read: true,
    write: false,
    user: world.user,
    ...overrides,
  };
}

/** Psono's datastore and secret read routes over the world. */
export function psonoRoutes(world: PsonoWorld): Route {
  return (_session, { method, path, data }) => {
    if (method === 'GET' && path === '/datastore/') return { data: world.datastoreList };
    const datastore = /^\/datastore\/([0-9a-f-]{36})\/$/.exec(path);
    if (method === 'GET' && datastore) {
      const found = world.datastores[datastore[1] as string];
      return found && { data: found };
    }
    const secret = /^\/secret\/([0-9a-f-]{36})\/$/.exec(path);
    if (method === 'GET' && secret) {
      const found = world.secrets[secret[1] as string];
      return found && { data: found };
    }
    if (method === 'POST' && path === '/echo/') return { data: { echo: data } };
    return undefined;
  };
}
