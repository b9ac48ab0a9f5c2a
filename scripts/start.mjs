#!/usr/bin/env node
// Starts the reference node once it exists; until then says so.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';

const bin = new URL('../apps/node/dist/cli.js', import.meta.url);
if (!existsSync(bin)) {
  console.log('The reference node (apps/node) is not built yet: it arrives with its own release.');
  console.log('Meanwhile every package can be tried on its own: see README.md.');
  process.exit(0);
}
const child = spawn(process.execPath, [bin.pathname, 'start', ...process.argv.slice(2)], {
  stdio: 'inherit',
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code) => process.exit(code ?? 0));
