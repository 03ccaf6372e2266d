/**
 * `data` of `reports.ready` and `reports.generated` (docs/argyle-protocol.md §6.8).
 */
import * as z from 'zod/mini';
import { id, nullableString, nullableTimestamp } from './fields.js';

const reportAccount = z.looseObject({ id, last_synced_at: nullableTimestamp });

/**
 * Shape (a), the older one: the accounts sit directly in `data`. It has no `resource`; saying so lets TypeScript
 * tell the shapes apart with `if (data.resource)`.
 */
export const reportsReadyFlatData = z.lazy(() =>
  z.looseObject({
    user: id,
    resource: z.optional(z.undefined()),
    external_id: z.optional(nullableString),
    accounts: z.array(reportAccount),
  }),
);

/** Shape (b), the newer one: the same facts, plus the documents, inside `resource`. */
export const reportsReadyResourceData = z.lazy(() =>
  z.looseObject({
    user: id,
    resource: z.looseObject({
      user: z.optional(id),
      external_id: z.optional(nullableString),
      accounts: z.array(reportAccount),
      documents: z.optional(z.array(z.unknown())),
    }),
  }),
);

/** `reports.ready` is documented in both shapes, so either is accepted. Narrow with `if (data.resource)`. */
export const reportsReadyData = z.lazy(() => z.union([reportsReadyFlatData, reportsReadyResourceData]));

/**
 * `reports.generated`: the payload is UNCONFIRMED (§6.8). The docs example starts with `user` and `type`
 * (`voie`); only `user` is required.
 */
export const reportsGeneratedData = z.lazy(() =>
  z.looseObject({
    user: id,
    type: z.optional(z.string()),
  }),
);
