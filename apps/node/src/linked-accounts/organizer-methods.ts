// The organizer API's linked-account methods: list, unlink, announcements on or off.
import { type ApiMethods, InvalidParamsError, RpcError } from '@convene/rpc-core';
import { id } from '../apis/arguments.js';
import { method } from '../apis/method.js';
import { InvalidInputError } from '../errors.js';
import type { Queryable } from '../storage/database.js';
import { LinkError } from './errors.js';
import type { LinkedAccounts } from './linked-accounts.js';
import { snapshotTalks } from './x-announcer.js';

/** The JSON-RPC error code of a provider that failed or could not be reached. */
export const PROVIDER_FAILED = -32010;

function providerName(value: unknown): string {
  if (typeof value !== 'string' || !/^[a-z][a-z0-9_-]{0,31}$/.test(value))
    throw new InvalidInputError('provider', 'expected a provider name such as "stripe" or "x"');
  return value;
}

/** A method whose link errors become JSON-RPC errors: -32602 unknown, -32010 provider failed. */
function linkMethod(min: number, max: number, run: (args: readonly unknown[]) => Promise<unknown>) {
  return method(min, max, async (args) => {
    try {
      return await run(args);
    } catch (error) {
      if (!(error instanceof LinkError)) throw error;
      if (error.status === 502)
        throw new RpcError(PROVIDER_FAILED, error.message, { reason: 'provider_failed' });
      throw new InvalidParamsError(error.message, { field: 'provider' });
    }
  });
}

/**
 * `get_linked_accounts(event_id)`: provider, account id, display name, scopes, linked at and by,
 * announce — never a token. `unlink_account(event_id, provider)`: deauthorizes (Stripe), revokes
 * (OAuth 2.0) or forgets (X), answers `true`. `set_announcements(event_id, on)`: whether changed
 * talks are posted from the event's X account; answers the account.
 */
export function linkedAccountMethods(linked: LinkedAccounts, db: Queryable): ApiMethods {
  return {
    get_linked_accounts: linkMethod(1, 1, ([eventId]) => linked.list(id(eventId, 'event_id'))),
    unlink_account: linkMethod(2, 2, async ([eventId, provider]) => {
      await linked.unlink(id(eventId, 'event_id'), providerName(provider));
      return true;
    }),
    set_announcements: linkMethod(2, 2, async ([eventId, on]) => {
      const event = id(eventId, 'event_id');
      if (typeof on !== 'boolean') throw new InvalidInputError('on', 'expected true or false');
      if (on) await snapshotTalks(db, event);
      if (!(await linked.accounts.setAnnounce(event, 'x', on)))
        throw new InvalidInputError(
          'event_id',
          `no X account is linked to event ${event}: link one at /events/${event}/link/x first`,
        );
      const accounts = await linked.list(event);
      return accounts.find((account) => account.provider === 'x');
    }),
  };
}
