// Runs a python3 snippet and returns its stdout parsed as JSON: the tests' independent reference.
import { execFileSync } from 'node:child_process';

export function python<T>(code: string, input = ''): T {
  const out = execFileSync('python3', ['-c', code], { input, encoding: 'utf8', timeout: 30_000 });
  return JSON.parse(out) as T;
}
