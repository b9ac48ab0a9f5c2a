// What `pnpm test` and `pnpm bench` both set up before they run: the peer tools, a PostgreSQL
// server, and an environment without telemetry for the commands they start.
import { spawnSync } from 'node:child_process';
import { provideTestDatabase } from './test-postgres.mjs';
import { postgresBin, provisionTools } from './test-tools.mjs';

const root = new URL('..', import.meta.url).pathname;

/**
 * Provisions the database for `pnpm <command>`, and with `peers` the peer programs and the browser
 * the tests use (exiting with a one-line message when a tool cannot be had), and returns `step`, which runs a command in the workspace root with
 * that environment and returns its exit status, and `stopDatabase`.
 */
export async function prepareRun(command, { peers }) {
  const env = { ...process.env, TURBO_TELEMETRY_DISABLED: '1', DO_NOT_TRACK: '1' };
  try {
    provisionTools({ needPostgres: env.CONVENE_TEST_DATABASE_URL === undefined, peers });
  } catch (error) {
    console.error(`pnpm ${command}: ${error.message}`);
    process.exit(1);
  }
  const stopDatabase = await provideTestDatabase(env, postgresBin());
  const step = (program, args) =>
    spawnSync(program, args, { cwd: root, env, stdio: 'inherit' }).status ?? 1;
  return { step, stopDatabase };
}
