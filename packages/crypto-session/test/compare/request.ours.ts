// Send an encrypted request in a session and read the server's encrypted answer: with @convene/crypto-session.
import type { ClientSession } from '../../src/index.ts';

export async function request(session: ClientSession, data: unknown): Promise<unknown> {
  return session.request('POST', '/echo/', data);
}
