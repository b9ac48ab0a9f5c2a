// Check a user's password against the access file and get the user's APIs: with @convene/api-access.
import { AccessPolicy } from '../../src/index.ts';

export async function login(path: string, user: string, password: string) {
  const policy = await AccessPolicy.open(path);
  return (await policy.authenticate(user, password))?.apis ?? null;
}
