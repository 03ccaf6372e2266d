/**
 * Field schemas shared by every event in the catalogue: ids, timestamps, counts and the `{ account, user }` pair.
 * They are deliberately lenient where Argyle may change formats (see docs/argyle-protocol.md §6): an id is any
 * non-empty string, a timestamp any string, and a count a number or a string of digits.
 */
import * as z from 'zod/mini';

/**
 * An Argyle id. Real ids are UUIDs (`019bfb74-a974-e1fb-d876-0f4e094835f2`) or, for Items, `item_000029932`, and
 * the legacy examples show ids that are neither (`4334r6e-a964-45eef6-b201-64464`), so a new id format must not
 * fail: any non-empty string is accepted.
 */
export const id = z.string().check(z.minLength(1));

/** An ISO 8601 timestamp as Argyle sends it (`2026-01-26T17:58:05.460904Z`); the format is not enforced. */
export const timestamp = z.string();

/** A timestamp that is `null` when there is nothing to date, e.g. `available_from` when the count is 0. */
export const nullableTimestamp = z.nullable(timestamp);

/**
 * A count. Real payloads carry JSON numbers, but the v2 docs type the paystubs counts as `string`, so a string of
 * digits is accepted too (docs/argyle-protocol.md §6.4).
 */
export const count = z.union([z.int().check(z.nonnegative()), z.string().check(z.regex(/^\d+$/))]);

/** A string that Argyle may leave `null`. */
export const nullableString = z.nullable(z.string());

/** Any JSON object; unknown fields pass through. */
export const anyObject = z.looseObject({});

/** The pair that almost every event carries. Spread it into a shape. */
export const accountAndUser = { account: id, user: id };
