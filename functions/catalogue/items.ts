/**
 * `data` of `items.updated` and `items.removed` (docs/argyle-protocol.md §6.7). These are about an Item (an
 * employer or platform Argyle connects to), not about a user, so they carry **no** `account` or `user`.
 */
import * as z from 'zod/mini';
import { anyObject, id, nullableString } from './fields.js';

export const itemUpdatedData = z.lazy(() =>
  z.looseObject({
    item: id,
    name: z.optional(z.string()),
    /** E.g. `healthy`, `issues`. */
    status: z.optional(z.string()),
    status_details: z.optional(nullableString),
    mapping_status: z.optional(z.string()),
    known_limitations: z.optional(nullableString),
    logo_url: z.optional(nullableString),
    features: z.optional(anyObject),
    field_coverage: z.optional(anyObject),
  }),
);

export const itemRemovedData = z.lazy(() => z.looseObject({ item: id }));
