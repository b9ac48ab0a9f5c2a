/**
 * `@convene/node`: the Convene reference node, an event-schedule API composed of the Convene
 * packages. Started by its `convene-node` command; this module exposes its parts for tests and
 * for embedding.
 *
 * @packageDocumentation
 */

/** The change signals the node sends, and their kinds. */
export { CHANGE_KINDS, type ChangeSignal, ChangeSignals } from './change-signals.js';
/** The command line and config file of `convene-node start`. */
export {
  type Command,
  HELP,
  LOG_FORMATS,
  LOG_LEVELS,
  type LogFormat,
  type LogLevel,
  type NodeConfig,
  parseCommandLine,
} from './config.js';
/** The demo conference the node loads on first start, and its generator's options. */
export { type DemoOptions, demoConference } from './demo.js';
/** Errors thrown by the node, with stable `code`s. */
export {
  ConfigError,
  DataDirLockedError,
  InvalidInputError,
  LimitExceededError,
  ListenError,
  NodeError,
  type NodeErrorCode,
  NotFoundError,
  StorageError,
} from './errors.js';
/** The node's own limits and their defaults (rpc-core's and api-access's apply besides). */
export { DEFAULT_LIMITS, type NodeLimits } from './limits.js';
/** The node's pino logger: lines for people on a terminal, JSON otherwise. */
export { createLogger } from './logger.js';
/** The schedule's types as the wire shows them. */
export type {
  Change,
  ChangeKind,
  ConferenceEvent,
  EventInput,
  RefetchNotice,
  Room,
  RoomInput,
  Schedule,
  Speaker,
  SpeakerInput,
  Talk,
  TalkInput,
  Ticket,
  TicketInput,
} from './model.js';
/** Starting a node in this process. */
export { type RunningNode, startNode } from './node.js';
/** The schedule page at `/`, rendered server-side. */
export { renderSchedulePage, type SchedulePageInput } from './page/schedule-page.js';
/** The storage interface both PostgreSQLs are used through. */
export type { Database, Queryable, StorageKind } from './storage/database.js';
/** Loading a whole conference at once. */
export { type ConferenceSeed, importConference } from './storage/import-conference.js';
/** The versioned schema and its runner. */
export { type Migration, type MigrationResult, migrate, migrations } from './storage/migrations.js';
/** Opening the embedded store or a PostgreSQL server. */
export { openDatabase, type StorageOptions } from './storage/open.js';
