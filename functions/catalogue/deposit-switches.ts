/**
 * `data` of the `direct_deposit_switches.*` events (docs/argyle-protocol.md §6.6). Known only from the docs, never
 * seen in a capture: account and user are required, the rest is typed but optional.
 */
import * as z from 'zod/mini';
import { accountAndUser, anyObject, id, nullableString } from './fields.js';

/** `direct_deposit_switches.completed`. */
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

/**
 * `direct_deposit_switches.failed`: listed in argyle-all.yaml 1.0.111 (no example there); the shape is the one
 * docs.argyle.com/api-reference/direct-deposit-switches-webhooks/failed shows, `{account, user, error_code,
 * error_message, resource: {}}`. The reason is also in the account's `direct_deposit_switch` (an
 * `accounts.updated` always follows), so only the ids are required.
 */
export const directDepositSwitchFailedData = z.lazy(() =>
  z.looseObject({
    ...accountAndUser,
    /** E.g. `confirmation_timeout`, `account_disconnected`. */
    error_code: z.optional(nullableString),
    error_message: z.optional(nullableString),
    /** Shown as `{}` in the docs' example. */
    resource: z.optional(anyObject),
  }),
);
