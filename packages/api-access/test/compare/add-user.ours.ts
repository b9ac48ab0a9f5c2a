// Add a user with a hashed password and its APIs to the access file: with @convene/api-access.
import { addUser as add } from '../../src/index.ts';

export async function addUser(path: string, user: string, password: string, apis: string[]) {
  await add(path, user, password, { apis, create: true });
}
