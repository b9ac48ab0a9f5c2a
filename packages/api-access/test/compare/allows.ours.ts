// Decide whether a caller, logged in or anonymous ("*"), may use an API: with @convene/api-access.
import { AccessPolicy } from '../../src/index.ts';

export async function allows(path: string, login: [string, string] | null, api: string) {
  const policy = await AccessPolicy.open(path);
  const grant = login === null ? policy.anonymous() : await policy.authenticate(...login);
  return policy.allows(grant, api);
}
