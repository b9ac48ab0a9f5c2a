// Decide whether a caller, logged in or anonymous ("*"), may use an API: with bcryptjs and a JSON map.
import { readFile } from 'node:fs/promises';
import bcrypt from 'bcryptjs';

type Users = Record<string, { hash?: string; apis: string[] }>;

export async function allows(path: string, login: [string, string] | null, api: string) {
  const users: Users = JSON.parse(await readFile(path, 'utf8'));
  if (login === null) return users['*']?.apis.includes(api) ?? false;
  const [user, password] = login;
  const entry = Object.hasOwn(users, user) ? users[user] : users['*'];
  if (entry?.hash !== undefined && !(await bcrypt.compare(password, entry.hash))) return false;
  return entry?.apis.includes(api) ?? false;
}
