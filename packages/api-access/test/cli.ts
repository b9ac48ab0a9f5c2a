// Runs the api-access CLI from its source as a user would: with piped stdin, or on a real
// pseudo-terminal (python3's pty) that types answers after each prompt.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { asciiJson, runPython } from './python.ts';

export const packageDir = fileURLToPath(new URL('..', import.meta.url));
export const cli = ['node', '--import', 'tsx', 'src/bin/cli.ts'];
const ptySession = fileURLToPath(new URL('./fixtures/pty-session.py', import.meta.url));

/** Runs the CLI with `input` piped to its stdin. */
export function piped(args: string[], input: string) {
  const [command = 'node', ...rest] = cli;
  return spawnSync(command, [...rest, ...args], {
    cwd: packageDir,
    input,
    encoding: 'utf8',
    timeout: 60_000,
  });
}

/** Runs `command` on a pseudo-terminal, typing `keys` after each prompt. */
export function onTerminal(command: string[], answers: [prompt: string, keys: string][]) {
  const out = runPython([ptySession, asciiJson(command), asciiJson(answers)], {
    cwd: packageDir,
    timeout: 120_000,
  });
  return JSON.parse(out) as { shown: string; code: number };
}
