#!/usr/bin/env node
// `convene-node`: reads flags and config, then starts the node (printing the organizer password
// once when it generated one, and shutting down gracefully on SIGINT or SIGTERM), or gives the
// organizer a new password.
import type { Logger } from 'pino';
import { PUBLIC_APIS, resetOrganizerPassword } from './access-file.js';
import { runAdminCommand } from './admin-commands.js';
import { type Command, HELP, type NodeConfig, parseCommandLine } from './config.js';
import { createLogger } from './logger.js';
import { type RunningNode, startNode } from './node.js';
import { redactUrl } from './storage/postgres.js';
import { VERSION } from './version.js';

/** The message of an error as one sentence for the terminal, without its stack. */
const sentence = (error: unknown) =>
  error instanceof Error ? error.message.replace(/\s+$/, '') : String(error);

/** Prints a password the user must see once, and where it is kept (as a hash only). */
function showPassword(password: string, file: string, how: string): void {
  console.log(
    [
      '',
      `  Organizer login (${how}): user "organizer", password "${password}"`,
      `  Stored only as a scrypt hash in ${file}; \`convene-node organizer-password --reset\` makes a new one.`,
      '',
    ].join('\n'),
  );
}

async function organizerPassword(command: Extract<Command, { kind: 'organizer-password' }>) {
  if (!command.reset) {
    console.error(
      `convene-node: the organizer password is kept only as a hash in ${command.apiAccess}, so it cannot be shown; pass --reset to make a new one`,
    );
    return 2;
  }
  try {
    showPassword(await resetOrganizerPassword(command.apiAccess), command.apiAccess, 'new');
    return 0;
  } catch (error) {
    console.error(`convene-node: ${sentence(error)}`);
    return 1;
  }
}

function logListening(log: Logger, node: RunningNode, config: NodeConfig): void {
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
    `listening on ${node.url} and ${wsUrl}: open ${node.url}/ for the schedule`,
  );
}

/** Waits for SIGINT or SIGTERM, closes the node, and resolves with the exit code. */
function runUntilSignalled(log: Logger, node: RunningNode): Promise<number> {
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

async function start(config: NodeConfig): Promise<number> {
  const log = createLogger(config.logLevel, config.logFormat);
  let node: RunningNode;
  try {
    node = await startNode(config, log);
  } catch (error) {
    // One sentence of what went wrong and what to do; the stack only at debug level.
    log.debug({ err: error }, 'start failed');
    log.fatal({ code: (error as { code?: unknown }).code }, `could not start: ${sentence(error)}`);
    return 1;
  }
  if (node.generatedPassword) {
    showPassword(node.generatedPassword, node.apiAccessFile, 'shown once');
  }
  logListening(log, node, config);
  return runUntilSignalled(log, node);
}

async function main(): Promise<number> {
  const admin = await runAdminCommand(process.argv.slice(2));
  if (admin !== undefined) return admin;
  let command: Command;
  try {
    command = parseCommandLine(process.argv.slice(2));
  } catch (error) {
    console.error(`convene-node: ${sentence(error)}`);
    return 2;
  }
  switch (command.kind) {
    case 'help':
      console.log(HELP);
      return 0;
    case 'version':
      console.log(VERSION);
      return 0;
    case 'organizer-password':
      return organizerPassword(command);
    case 'start':
      return start(command.config);
  }
}

main().then(
  (code) => {
    process.exitCode = code;
    // Pino writes asynchronously; give it its turn, then leave even if a handle lingers.
    setTimeout(() => process.exit(code), 50).unref();
  },
  (error: unknown) => {
    console.error(`convene-node: ${sentence(error)}`);
    process.exit(1);
  },
);
