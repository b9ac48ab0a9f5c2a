// Send an encrypted request in a session and read the server's encrypted answer: with tweetnacl, following Psono's example script.
import nacl from 'tweetnacl';
import type { Session } from './login.peer.ts';

const hex = (text: string) => new Uint8Array(Buffer.from(text, 'hex'));

export async function request(session: Session, data: unknown): Promise<unknown> {
  const nonce = nacl.randomBytes(nacl.secretbox.nonceLength);
  const sealed = nacl.secretbox(
    new TextEncoder().encode(JSON.stringify(data)),
    nonce,
    session.sessionKey,
  );
  const response = await fetch(`${session.serverUrl}/echo/`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Token ${session.token}` },
    body: JSON.stringify({
      text: Buffer.from(sealed).toString('hex'),
      nonce: Buffer.from(nonce).toString('hex'),
    }),
  });
  if (!response.ok) throw new Error(`request refused: ${response.status}`);
  const answer = (await response.json()) as { text: string; nonce: string };
  const opened = nacl.secretbox.open(hex(answer.text), hex(answer.nonce), session.sessionKey);
  if (opened === null) throw new Error('the answer does not open');
  return JSON.parse(new TextDecoder().decode(opened));
}
