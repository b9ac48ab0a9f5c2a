// Starts the built node (dist/cli.js) as a child process on a free port, as a user would, and
// reads what it prints: the organizer password and the URL from its "listening" log line.
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';

const cli = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));

/** A node running in a child process. */
export interface NodeProcess {
  child: ChildProcess;
  url: string;
  wsUrl: string;
  port: number;
  /** The organizer password, when this start generated it. */
  password: string | undefined;
  /** Everything printed so far (stdout and stderr). */
  output: () => string;
  /** Sends `signal` and resolves with the exit code (or signal name). */
  stop: (signal?: NodeJS.Signals) => Promise<number | string>;
}

/** Options of {@link startNodeProcess}. */
export interface StartOptions {
  dataDir: string;
  databaseUrl?: string;
  apiAccess?: string;
  demo?: boolean;
  extraArgs?: string[];
  /** The file-mode creation mask to start the node with (through `sh -c umask`). */
  umask?: number;
}

/** Starts `convene-node start` on 127.0.0.1 port 0 and waits for its "listening" line. */
export async function startNodeProcess(options: StartOptions): Promise<NodeProcess> {
  const args = [
    cli,
    'start',
    '--rpc-endpoint',
    '127.0.0.1:0',
    '--data-dir',
    options.dataDir,
    '--log-level',
    'info',
  ];
  if (options.databaseUrl) args.push('--database-url', options.databaseUrl);
  if (options.apiAccess) args.push('--api-access', options.apiAccess);
  if (options.demo === false) args.push('--no-demo');
  args.push(...(options.extraArgs ?? []));
  const [command, argv] =
    options.umask === undefined
      ? [process.execPath, args]
      : [
          '/bin/sh',
          ['-c', `umask ${options.umask.toString(8)} && exec "$0" "$@"`, process.execPath, ...args],
        ];
  const child = spawn(command, argv, {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, CONVENE_DATABASE_URL: '' },
  });
  let output = '';
  const exited = once(child, 'exit');
  const listening = new Promise<{ url: string }>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      for (const line of output.split('\n')) {
        if (!line.startsWith('{')) continue;
        try {
          const entry = JSON.parse(line) as { msg?: string; url?: string };
          if (entry.msg?.startsWith('listening on') && entry.url) resolve({ url: entry.url });
        } catch {
          // a line still being written
        }
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
    });
    void exited.then(([code, signal]) =>
      reject(new Error(`node exited (${code ?? signal}) before listening:\n${output}`)),
    );
  });
  const { url } = await listening;
  const password = /password "([^"]+)"/.exec(output)?.[1];
  return {
    child,
    url,
    wsUrl: url.replace(/^http/, 'ws'),
    port: Number(new URL(url).port),
    password,
    output: () => output,
    stop: async (signal = 'SIGTERM') => {
      if (child.exitCode !== null || child.signalCode !== null) {
        return child.exitCode ?? child.signalCode ?? 'exited';
      }
      child.kill(signal);
      const [code, killedBy] = await exited;
      return code ?? killedBy;
    },
  };
}
