// Writes that announce their change: in this process after commit, to other nodes by NOTIFY.
import type { Change } from '../model.js';
import type { Database, Queryable } from './database.js';
import type { Written } from './write-queries.js';

/** The PostgreSQL channel on which every node announces its committed changes. */
export const CHANGES_CHANNEL = 'convene_changes';

/** The NOTIFY payload: the node that wrote, and what it changed. */
interface ChangeMessage {
  origin: string;
  changes: Change[];
}

/**
 * The schedule's storage as the node uses it: reads go straight to {@link Store.db}; writes go
 * through {@link Store.write}, which announces the change twice: with a NOTIFY inside the writing
 * transaction (so other nodes hear of it exactly when it commits), and to `onCommitted` in this
 * process once the commit is acknowledged.
 */
export class Store {
  constructor(
    readonly db: Database,
    /** This node's id in NOTIFY payloads, so that it ignores its own. */
    readonly origin: string,
    private readonly onCommitted: (changes: Change[]) => void,
  ) {}

  /** Runs `fn` in a transaction and announces its change; resolves to the id written. */
  async write(fn: (tx: Queryable) => Promise<Written>): Promise<string> {
    const written = await this.db.transaction(async (tx) => {
      const result = await fn(tx);
      const message: ChangeMessage = { origin: this.origin, changes: [result.change] };
      await tx.query('SELECT pg_notify($1, $2)', [CHANGES_CHANNEL, JSON.stringify(message)]);
      return result;
    });
    this.onCommitted([written.change]);
    return written.id;
  }

  /** Calls `onChanges` with the changes other nodes commit. Resolves to a stop function. */
  listenToOthers(onChanges: (changes: Change[]) => void): Promise<() => Promise<void>> {
    return this.db.listen(CHANGES_CHANNEL, (payload) => {
      const message = parseMessage(payload);
      if (message && message.origin !== this.origin) onChanges(message.changes);
    });
  }
}

function parseMessage(payload: string): ChangeMessage | undefined {
  try {
    const message = JSON.parse(payload) as ChangeMessage;
    return typeof message.origin === 'string' && Array.isArray(message.changes)
      ? message
      : undefined;
  } catch {
    return undefined;
  }
}
