/**
 * The account object that `accounts.*` events carry as `data.resource` when the subscription has
 * `{"include_resource": true}` (docs/argyle-protocol.md §5, §6.1). Only `id` is required; the fields seen in
 * captured deliveries are typed but optional, and anything else passes through.
 */
import * as z from 'zod/mini';
import { count, id, nullableString, nullableTimestamp, timestamp } from './fields.js';

/** `connection` and `direct_deposit_switch`: a status (`connected`, `error`, `idle`, …) and its error, if any. */
const statusWithError = z.looseObject({
  status: z.string(),
  error_code: z.optional(nullableString),
  error_message: z.optional(nullableString),
  updated_at: z.optional(nullableTimestamp),
});

/** One entry of `availability`: `null` until the data set is looked at, then `in_progress` or `synced`. */
const availabilityEntry = z.nullable(
  z.looseObject({
    status: z.string(),
    updated_at: z.optional(nullableTimestamp),
    available_count: z.optional(count),
    available_from: z.optional(nullableTimestamp),
    available_to: z.optional(nullableTimestamp),
  }),
);

export const accountResource = z.lazy(() =>
  z.looseObject({
    id,
    user: z.optional(id),
    employers: z.optional(z.array(z.string())),
    item: z.optional(z.nullable(id)),
    source: z.optional(z.string()),
    created_at: z.optional(timestamp),
    updated_at: z.optional(timestamp),
    scanned_at: z.optional(nullableTimestamp),
    connection: z.optional(statusWithError),
    direct_deposit_switch: z.optional(statusWithError),
    /** Keyed by data set (`gigs`, `paystubs`, `identities`, …); new data sets may appear. */
    availability: z.optional(z.record(z.string(), availabilityEntry)),
    ongoing_refresh: z.optional(z.looseObject({ status: z.optional(z.string()) })),
  }),
);
