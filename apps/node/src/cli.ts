#!/usr/bin/env node
// `convene-node start`: reads flags and config, starts the node, prints the organizer password
// once when it generated one, and shuts down gracefully on SIGINT or SIGTERM.
import { PUBLIC_APIS } from './access-file.js';
import { type Command, HELP, parseCommandLine } from './config.js';
import { NodeError } from './errors.js';
import { createLogger } from './logger.js';
import { startNode } from './node.js';
import { redactUrl } from './storage/postgres.js';
import { VERSION } from './version.js';

async function main(): Promise<number> {
  let command: Command;
  try {
    command = parseCommandLine(process.argv.slice(2));
  } catch (error) {
    console.error(`convene-node: ${(error as Error).message}`);
    return 2;
  }
  if (command.kind === 'help') {
    console.log(HELP);
    return 0;
  }
  if (command.kind === 'version') {
    console.log(VERSION);
    return 0;
  }
  const { config } = command;
  const log = createLogger(config.logLevel);
  const node = await startNode(config, log).catch((error: unknown) => {
    log.fatal({ err: error }, 'could not start');
    return undefined;
  });
  if (!node) return 1;

  if (node.generatedPassword) {
    console.log(
      [
        '',
        `  Organizer login (shown once): user "organizer", password "${node.generatedPassword}"`,
        `  Stored only as a scrypt hash in ${node.apiAccessFile}; delete that file to get a new one.`,
        '',
      ].join('\n'),
    );
  }
  const wsUrl = node.url.replace(/^http/, 'ws');
  log.info(
    {
      url: node.url,
      ws: wsUrl,
      storage:
        node.storage === 'pglite'
          ? `pglite in ${config.dataDir}`
          : redactUrl(config.databaseUrl ?? ''),
      apiAccess: node.apiAccessFile,
      public: config.apiAccess ? 'as api-access.json grants "*"' : PUBLIC_APIS.join(', '),
    },
    `listening on ${node.url} and ${wsUrl}`,
  );

  return new Promise<number>((resolve) => {
    let stoppingSince = 0;
    const stop = (signal: NodeJS.Signals) => {
      if (stoppingSince > 0) {
        // Ctrl-C under `pnpm start` reaches the node twice at once (from the terminal's process
        // group and forwarded by the launcher): only a later, second request means "now".
        if (Date.now() - stoppingSince < 1000) return;
        log.warn({ signal }, 'second signal: exiting at once');
        resolve(130);
        return;
      }
      stoppingSince = Date.now();
      log.info({ signal }, 'shutting down: finishing requests in flight');
      node.close().then(
        () => {
          log.info('stopped');
          resolve(0);
        },
        (error: unknown) => {
          log.error({ err: error }, 'shutdown failed');
          resolve(1);
        },
      );
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

main().then(
  (code) => {
    process.exitCode = code;
    // Pino writes asynchronously; give it its turn, then leave even if a handle lingers.
    setTimeout(() => process.exit(code), 50).unref();
  },
  (error: unknown) => {
    console.error(error instanceof NodeError ? `convene-node: ${error.message}` : error);
    process.exit(1);
  },
);
