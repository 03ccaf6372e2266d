/**
 * `data` of `direct_deposit_switches.completed` (docs/argyle-protocol.md §6.6). Known only from the docs, never
 * seen in a capture: account and user are required, the rest is typed but optional.
 */
import * as z from 'zod/mini';
import { accountAndUser, anyObject, id, nullableString } from './fields.js';

export const directDepositSwitchCompletedData = z.lazy(() =>
  z.looseObject({
    ...accountAndUser,
    /** The deposit destination that was switched to, or `null`. */
    deposit_destination: z.optional(z.nullable(id)),
    direct_deposit_changed: z.optional(z.boolean()),
    /** E.g. `ach_deposit_account`. */
    type: z.optional(z.string()),
    /** E.g. `update`. */
    flow: z.optional(z.string()),
    details: z.optional(nullableString),
    /** Documented as an object, shown as `{}` in the example. */
    resource: z.optional(anyObject),
  }),
);
