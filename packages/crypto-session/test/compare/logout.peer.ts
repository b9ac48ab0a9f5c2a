// End a session on the server, so that its token opens nothing more: with tweetnacl, following Psono's example script.
import type { Session } from './login.peer.ts';

export async function logout(session: Session): Promise<void> {
  const response = await fetch(`${session.serverUrl}/authentication/logout/`, {
    method: 'POST',
    headers: { authorization: `Token ${session.token}` },
  });
  if (!response.ok) throw new Error(`logout refused: ${response.status}`);
}
