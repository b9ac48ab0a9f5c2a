// Check a user's password against the access file and get the user's APIs: with bcryptjs and a JSON map.
import { readFile } from 'node:fs/promises';
import bcrypt from 'bcryptjs';

type Users = Record<string, { hash: string; apis: string[] }>;

export async function login(path: string, user: string, password: string) {
  const users: Users = JSON.parse(await readFile(path, 'utf8'));
  const entry = Object.hasOwn(users, user) ? users[user] : undefined;
  if (entry === undefined || !(await bcrypt.compare(password, entry.hash))) return null;
  return entry.apis;
}
