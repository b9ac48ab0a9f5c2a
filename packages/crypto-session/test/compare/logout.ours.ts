// End a session on the server, so that its token opens nothing more: with @convene/crypto-session.
import type { ClientSession } from '../../src/index.ts';

export async function logout(session: ClientSession): Promise<void> {
  await session.logout();
}
