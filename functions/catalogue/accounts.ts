/**
 * `data` of the v2 `accounts.*` events (docs/argyle-protocol.md §6.1): the account and user ids, plus the account
 * object as `resource` when the subscription asked for it.
 */
import * as z from 'zod/mini';
import { accountResource } from './account-resource.js';
import { accountAndUser, nullableString } from './fields.js';

/** accounts.added, accounts.connected, accounts.updated. */
export const accountData = z.lazy(() =>
  z.looseObject({
    ...accountAndUser,
    resource: z.optional(accountResource),
  }),
);

/**
 * accounts.failed. v1 documents `error_code` and `error_message`; whether v2 still sends them is UNCONFIRMED
 * (§6.1), so both are optional. In v2 the reason is in `resource.connection`.
 */
export const accountFailedData = z.lazy(() =>
  z.looseObject({
    ...accountAndUser,
    error_code: z.optional(nullableString),
    error_message: z.optional(nullableString),
    resource: z.optional(accountResource),
  }),
);

/** accounts.removed: child data is gone too, and no per-resource `.removed` events follow. */
export const accountRemovedData = z.lazy(() => z.looseObject({ ...accountAndUser }));
