/**
 * The legacy v1 part of the catalogue: events that exist only in Argyle's v1 API (docs/argyle-protocol.md §6.10,
 * plus `forms.removed` and `forms.ocr_*` from DOCS `guides/reference/forms-*`). v2 has no activities, payouts or
 * profiles; they became gigs/paystubs and identities. Names v1 shares with v2 (`accounts.*`, `vehicles.*`,
 * `users.fully_synced`) live in the v2 part. v1 docs mark every payload field optional, so only `account` and
 * `user` are required here.
 */
import * as z from 'zod/mini';
import { accountResource } from './account-resource.js';
import { accountAndUser, count, id, nullableString, nullableTimestamp } from './fields.js';

const optionalSyncWindow = {
  available_from: z.optional(nullableTimestamp),
  available_to: z.optional(nullableTimestamp),
  available_count: z.optional(count),
};

const fullySynced = z.lazy(() => z.looseObject({ ...accountAndUser, ...optionalSyncWindow }));
const partiallySynced = z.lazy(() =>
  z.looseObject({
    ...accountAndUser,
    ...optionalSyncWindow,
    days_synced: z.optional(count),
  }),
);
const added = z.lazy(() =>
  z.looseObject({
    ...accountAndUser,
    ...optionalSyncWindow,
    added_count: z.optional(count),
    added_from: z.optional(nullableTimestamp),
    added_to: z.optional(nullableTimestamp),
  }),
);
const updatedWindow = {
  ...accountAndUser,
  ...optionalSyncWindow,
  updated_count: z.optional(count),
  updated_from: z.optional(nullableTimestamp),
  updated_to: z.optional(nullableTimestamp),
};

/** DOCS `guides/reference/activities-updated`. */
const activitiesUpdated = z.lazy(() =>
  z.looseObject({ ...updatedWindow, updated_activities: z.optional(z.array(id)) }),
);
/** DOCS `guides/reference/activities-removed`. */
const activitiesRemoved = z.lazy(() =>
  z.looseObject({
    ...accountAndUser,
    ...optionalSyncWindow,
    removed_count: z.optional(count),
    removed_from: z.optional(nullableTimestamp),
    removed_to: z.optional(nullableTimestamp),
    removed_activities: z.optional(z.array(id)),
  }),
);
/** DOCS `guides/reference/payouts-updated`. */
const payoutsUpdated = z.lazy(() =>
  z.looseObject({ ...updatedWindow, updated_payouts: z.optional(z.array(id)) }),
);

const profile = z.lazy(() => z.looseObject({ ...accountAndUser, profile: id }));
const document = z.lazy(() => z.looseObject({ ...accountAndUser, document: id }));
const form = z.lazy(() => z.looseObject({ ...accountAndUser, form: id }));
/**
 * `forms.ocr_completed`/`forms.ocr_failed`: the docs' field table says `form`, their example says `document`, so
 * both are optional.
 */
const formOcr = z.lazy(() =>
  z.looseObject({ ...accountAndUser, form: z.optional(id), document: z.optional(id) }),
);
const payAllocation = z.lazy(() => z.looseObject({ ...accountAndUser, pay_allocation: id }));
const reputation = z.lazy(() => z.looseObject({ ...accountAndUser, reputation: id }));

/** DOCS `guides/reference/accounts-pay-distribution-updated`: `allocation_id` may be `null`; `type` is `bank_account` or `card`. */
const payDistributionUpdated = z.lazy(() =>
  z.looseObject({
    ...accountAndUser,
    allocation_id: z.optional(z.nullable(id)),
    type: z.optional(z.string()),
    resource: z.optional(accountResource),
  }),
);
/** DOCS `guides/reference/accounts-pay-distribution-failed`. */
const payDistributionFailed = z.lazy(() =>
  z.looseObject({
    ...accountAndUser,
    error_code: z.optional(nullableString),
    error_message: z.optional(nullableString),
    resource: z.optional(accountResource),
  }),
);

export const LEGACY_V1_DATA_SCHEMAS = {
  'activities.added': added,
  'activities.updated': activitiesUpdated,
  'activities.removed': activitiesRemoved,
  'activities.partially_synced': partiallySynced,
  'activities.fully_synced': fullySynced,
  'payouts.added': added,
  'payouts.updated': payoutsUpdated,
  'payouts.partially_synced': partiallySynced,
  'payouts.fully_synced': fullySynced,
  'profiles.added': profile,
  'profiles.updated': profile,
  'documents.added': document,
  'documents.updated': document,
  'documents.removed': document,
  'documents.ocr_completed': document,
  'documents.ocr_failed': document,
  'forms.submitted': form,
  'forms.removed': form,
  'forms.ocr_completed': formOcr,
  'forms.ocr_failed': formOcr,
  'pay_allocations.added': payAllocation,
  'pay_allocations.updated': payAllocation,
  'pay_allocations.removed': payAllocation,
  'reputations.added': reputation,
  'reputations.updated': reputation,
  'accounts.pay_distribution_updated': payDistributionUpdated,
  'accounts.pay_distribution_failed': payDistributionFailed,
} as const;
