// Add a user with a hashed password and its APIs to the access file: with bcryptjs and a JSON map.
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import bcrypt from 'bcryptjs';

export async function addUser(path: string, user: string, password: string, apis: string[]) {
  const users = existsSync(path) ? JSON.parse(await readFile(path, 'utf8')) : {};
  users[user] = { hash: await bcrypt.hash(password, 10), apis };
  await writeFile(path, JSON.stringify(users, null, 2));
}
