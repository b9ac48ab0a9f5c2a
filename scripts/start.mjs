#!/usr/bin/env node
// `pnpm start`: runs the built reference node (`convene-node start`), passing on flags and signals.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const bin = fileURLToPath(new URL('../apps/node/dist/cli.js', import.meta.url));
if (!existsSync(bin)) {
  console.error('apps/node is not built: run `pnpm build` first (`pnpm start` builds it for you).');
  process.exit(1);
}
const child = spawn(process.execPath, [bin, 'start', ...process.argv.slice(2)], {
  stdio: 'inherit',
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 128 : 0)));
