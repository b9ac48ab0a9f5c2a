// Log in with a Psono API key, checking the server's signature and opening the user's keys: with tweetnacl, following Psono's example script.
import nacl from 'tweetnacl';

export interface Config {
  serverUrl: string;
  apiKeyId: string;
  apiKeyPrivateKey: string;
  apiKeySecretKey: string;
  serverVerifyKey: string;
}

export interface Session {
  serverUrl: string;
  token: string;
  sessionKey: Uint8Array;
  username: string;
  userKeys: { privateKey: string; secretKey: string };
}

const hex = (text: string) => new Uint8Array(Buffer.from(text, 'hex'));
const utf8 = new TextEncoder();

export async function login(config: Config): Promise<Session> {
  const sessionKeys = nacl.box.keyPair();
  const info = JSON.stringify({
    api_key_id: config.apiKeyId,
    session_public_key: Buffer.from(sessionKeys.publicKey).toString('hex'),
    device_description: 'Console Client',
  });
  const { secretKey } = nacl.sign.keyPair.fromSeed(hex(config.apiKeyPrivateKey));
  const signature = Buffer.from(nacl.sign.detached(utf8.encode(info), secretKey)).toString('hex');
  const response = await fetch(`${config.serverUrl}/api-key/login/`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ info, signature }),
  });
  if (!response.ok) throw new Error(`login refused: ${response.status}`);
  const answer = (await response.json()) as {
    login_info: string;
    login_info_nonce: string;
    login_info_signature: string;
    server_session_public_key: string;
  };
  const signed = nacl.sign.detached.verify(
    utf8.encode(answer.login_info),
    hex(answer.login_info_signature),
    hex(config.serverVerifyKey),
  );
  if (!signed) throw new Error('login_info is not signed by the server');
  const opened = nacl.box.open(
    hex(answer.login_info),
    hex(answer.login_info_nonce),
    hex(answer.server_session_public_key),
    sessionKeys.secretKey,
  );
  if (opened === null) throw new Error('login_info does not open');
  const { token, session_secret_key, user } = JSON.parse(new TextDecoder().decode(opened));
  const openUserKey = (text: string, nonce: string) => {
    const key = nacl.secretbox.open(hex(text), hex(nonce), hex(config.apiKeySecretKey));
    if (key === null) throw new Error('user key does not open');
    return new TextDecoder().decode(key);
  };
  return {
    serverUrl: config.serverUrl,
    token,
    sessionKey: hex(session_secret_key),
    username: user.username,
    userKeys: {
      privateKey: openUserKey(user.private_key, user.private_key_nonce),
      secretKey: openUserKey(user.secret_key, user.secret_key_nonce),
    },
  };
}
