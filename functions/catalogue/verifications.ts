/**
 * `data` of `verifications.updated` and `verifications.creation_failed` (docs/argyle-protocol.md §6.9). Both
 * exist for partners too (`/partners/v2/webhooks`), whose payloads add `client`.
 */
import * as z from 'zod/mini';
import { anyObject, id, nullableString, timestamp } from './fields.js';

/** The verification object, sent as `resource` with `{"include_resource": true}`. Only `id` is required. */
export const verificationResource = z.lazy(() =>
  z.looseObject({
    id,
    user: z.optional(id),
    client: z.optional(id),
    created_at: z.optional(timestamp),
    updated_at: z.optional(timestamp),
    channel: z.optional(z.string()),
    status: z.optional(
      z.looseObject({
        /** `PENDING`, `PROCESSING`, `PAUSED`, `CANCELLED` or `COMPLETED`. */
        state: z.string(),
        code: z.optional(z.string()),
        errors: z.optional(z.array(z.unknown())),
      }),
    ),
    report: z.optional(
      z.nullable(
        z.looseObject({
          id: z.optional(z.nullable(id)),
          type: z.optional(z.string()),
          file_url: z.optional(nullableString),
          json_url: z.optional(nullableString),
        }),
      ),
    ),
    employments: z.optional(z.array(anyObject)),
    loan: z.optional(z.nullable(anyObject)),
    billing: z.optional(z.nullable(anyObject)),
    data_source: z.optional(z.string()),
  }),
);

export const verificationUpdatedData = z.lazy(() =>
  z.looseObject({
    user: id,
    verification: id,
    /** Partner deliveries only. */
    client: z.optional(id),
    resource: z.optional(verificationResource),
  }),
);

export const verificationCreationFailedData = z.lazy(() =>
  z.looseObject({
    user: id,
    client: id,
    context: z.looseObject({
      user: z.optional(id),
      attempted_at: z.optional(timestamp),
      channel: z.optional(z.string()),
      data_source: z.optional(z.string()),
      report_type: z.optional(z.string()),
      loan: z.optional(z.nullable(anyObject)),
      billing: z.optional(z.nullable(anyObject)),
    }),
  }),
);
