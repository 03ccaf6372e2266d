/**
 * `data` of the `verifications.*` events (docs/argyle-protocol.md §6.9, and argyle-all.yaml 1.0.111 for
 * `verifications.connection_added`). `verifications.updated` and `verifications.creation_failed` exist for
 * partners too (`/partners/v2/webhooks`), whose payloads add `client`.
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

/**
 * `verifications.creation_failed`. `client` is optional: the docs show it, but the example in Argyle's published
 * spec (argyle-all.yaml 1.0.111) has none; partner deliveries carry it.
 */
export const verificationCreationFailedData = z.lazy(() =>
  z.looseObject({
    user: id,
    client: z.optional(id),
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

/**
 * `verifications.connection_added`: a data source was connected to a verification. Argyle's published spec
 * (argyle-all.yaml 1.0.111) gives one example, `{user, verification, connection: {id, data_source,
 * connected_at}}`; the ids are required, the connection's details are typed but optional.
 */
export const verificationConnectionAddedData = z.lazy(() =>
  z.looseObject({
    user: id,
    verification: id,
    /** Partner deliveries, as for the other verifications events. */
    client: z.optional(id),
    connection: z.optional(
      z.looseObject({
        id: z.optional(id),
        /** E.g. `banking`, `payroll`. */
        data_source: z.optional(z.string()),
        connected_at: z.optional(timestamp),
      }),
    ),
  }),
);
