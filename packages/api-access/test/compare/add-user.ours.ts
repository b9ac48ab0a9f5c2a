// Add a user with a hashed password and its APIs to the access file: with @convene/api-access.
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { hashPassword } from '../../src/index.ts';

export async function addUser(path: string, user: string, password: string, apis: string[]) {
  const file = existsSync(path) ? JSON.parse(await readFile(path, 'utf8')) : { permission_map: [] };
  file.permission_map.push([user, { ...(await hashPassword(password)), allowed_apis: apis }]);
  await writeFile(path, JSON.stringify(file, null, 2));
}
