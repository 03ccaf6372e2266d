/**
 * `data` of `users.fully_synced` (docs/argyle-protocol.md §6.2): the user id and, always, the user object as
 * `resource`.
 */
import * as z from 'zod/mini';
import { anyObject, id, nullableString, timestamp } from './fields.js';

export const userResource = z.lazy(() =>
  z.looseObject({
    id,
    /**
     * Accounts whose connection is `connected` or `error`. Optional because the legacy v1 event of the same name
     * lists `data_providers_connected` instead (§6.2).
     */
    accounts_connected: z.optional(z.array(id)),
    items_connected: z.optional(z.array(id)),
    employers_connected: z.optional(z.array(z.string())),
    external_metadata: z.optional(z.nullable(anyObject)),
    external_id: z.optional(nullableString),
    created_at: z.optional(timestamp),
  }),
);

export const usersFullySyncedData = z.lazy(() =>
  z.looseObject({
    user: id,
    resource: userResource,
  }),
);
