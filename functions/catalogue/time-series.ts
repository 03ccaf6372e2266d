/**
 * `data` of the v2 time-series events: paystubs, gigs and shifts, each `.added`, `.updated`, `.removed`,
 * `.partially_synced` and `.fully_synced` (docs/argyle-protocol.md §6.4). The sync window is
 * `available_from`/`available_to` (null when the count is 0) and `available_count`.
 */
import * as z from 'zod/mini';
import { accountAndUser, count, id, nullableTimestamp } from './fields.js';

const syncWindow = {
  available_from: nullableTimestamp,
  available_to: nullableTimestamp,
  available_count: count,
};

const optionalSyncWindow = {
  available_from: z.optional(nullableTimestamp),
  available_to: z.optional(nullableTimestamp),
  available_count: z.optional(count),
};

/** `*.fully_synced`: the initial sync is complete (IVCBV fixtures `webhook_{paystubs,gigs}.fully_synced.json`). */
export const fullySyncedData = z.lazy(() => z.looseObject({ ...accountAndUser, ...syncWindow }));

/**
 * `paystubs.partially_synced`, `shifts.partially_synced`: `days_synced` days of history are in. `days_synced` is
 * the number actually synced and may exceed the subscription's threshold.
 */
export const partiallySyncedData = z.lazy(() =>
  z.looseObject({ ...accountAndUser, ...syncWindow, days_synced: count }),
);

/**
 * `gigs.partially_synced` may also name the Item: every captured delivery (Jan 2026) has `item_id`, but the
 * example in Argyle's published spec (argyle-all.yaml 1.0.111) has none, so it is optional.
 */
export const gigsPartiallySyncedData = z.lazy(() =>
  z.looseObject({
    ...accountAndUser,
    item_id: z.optional(id),
    ...syncWindow,
    days_synced: count,
  }),
);

/** `*.added`: new records found by an ongoing refresh (DOCS `api-reference/gigs-webhooks/added`). */
export const addedData = z.lazy(() =>
  z.looseObject({
    ...accountAndUser,
    ...syncWindow,
    added_count: count,
    added_from: nullableTimestamp,
    added_to: nullableTimestamp,
  }),
);

/**
 * `*.updated`: the v2 payload is UNCONFIRMED (§6.4). Only account and user are required; the fields of the v1
 * analogue `activities.updated` are typed but optional, including the id list `updated_<resource>`.
 */
const updatedBase = z.looseObject({
  ...accountAndUser,
  ...optionalSyncWindow,
  updated_count: z.optional(count),
  updated_from: z.optional(nullableTimestamp),
  updated_to: z.optional(nullableTimestamp),
});
export const paystubsUpdatedData = z.lazy(() =>
  z.extend(updatedBase, { updated_paystubs: z.optional(z.array(id)) }),
);
export const gigsUpdatedData = z.lazy(() => z.extend(updatedBase, { updated_gigs: z.optional(z.array(id)) }));
export const shiftsUpdatedData = z.lazy(() =>
  z.extend(updatedBase, { updated_shifts: z.optional(z.array(id)) }),
);

/**
 * `*.removed`: the v2 payload is UNCONFIRMED, and so is whether `paystubs.removed` exists at all (§6.4). Only
 * account and user are required; the fields of the v1 analogue `activities.removed` are typed but optional.
 */
const removedBase = z.looseObject({
  ...accountAndUser,
  ...optionalSyncWindow,
  removed_count: z.optional(count),
  removed_from: z.optional(nullableTimestamp),
  removed_to: z.optional(nullableTimestamp),
});
export const paystubsRemovedData = z.lazy(() =>
  z.extend(removedBase, { removed_paystubs: z.optional(z.array(id)) }),
);
export const gigsRemovedData = z.lazy(() => z.extend(removedBase, { removed_gigs: z.optional(z.array(id)) }));
export const shiftsRemovedData = z.lazy(() =>
  z.extend(removedBase, { removed_shifts: z.optional(z.array(id)) }),
);
