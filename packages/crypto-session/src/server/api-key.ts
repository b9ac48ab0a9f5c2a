// What the server needs to know about an API key, supplied by the caller's own lookup.
import type { LoginUser } from '../wire.js';

/**
 * An API key as the caller's database holds it (Psono's `API_Key` joined with its user). The
 * user's key fields are returned to unrestricted keys exactly as stored: encrypted under the API
 * key's secret key, which only the client holds.
 */
export interface ApiKeyRecord {
  /** The key's id, as the client sends it in `info.api_key_id`. */
  readonly id: string;
  /** The owner's id, used to list and end a user's sessions. */
  readonly userId: string;
  /** The ed25519 public key verifying the login signature, 64 hex digits or 32 bytes. */
  readonly verifyKey: string | Uint8Array;
  /** An inactive key refuses logins and ends its live sessions at their next request. */
  readonly active: boolean;
  /** A restricted key gets no user keys and may use only the routes the server allows it. */
  readonly restrictToSecrets: boolean;
  readonly allowInsecureAccess: boolean;
  readonly read: boolean;
  readonly write: boolean;
  /** `username`, `public_key` and the encrypted user keys with their nonces. */
  readonly user: LoginUser;
}

/** Finds an API key by id; `undefined` when there is none. */
export type FindApiKey = (
  id: string,
) => Promise<ApiKeyRecord | undefined> | ApiKeyRecord | undefined;
