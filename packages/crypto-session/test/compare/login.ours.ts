// Log in with a Psono API key, checking the server's signature and opening the user's keys: with @convene/crypto-session.
import { ApiKeyClient, type ClientSession } from '../../src/index.ts';

export interface Config {
  serverUrl: string;
  apiKeyId: string;
  apiKeyPrivateKey: string;
  apiKeySecretKey: string;
  serverVerifyKey: string;
}

export async function login(config: Config): Promise<ClientSession> {
  return new ApiKeyClient(config).login();
}
