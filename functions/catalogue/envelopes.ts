/**
 * Full envelope schemas, `{ event, name, data }`, one per event in the catalogue, and their discriminated union
 * for consumers that parse whole deliveries. Narrowing an {@link ArgyleEvent} on `event` narrows `data`. The
 * receiver's hot path does not need this module; it uses `check-event.ts`.
 */
import * as z from 'zod/mini';
import { ARGYLE_DATA_SCHEMAS, ARGYLE_EVENT_NAMES, type ArgyleEventName } from './catalogue.js';

/** Schema of the whole delivery for event `N`. Unknown fields pass through at every level. */
export type ArgyleEnvelopeSchema<N extends ArgyleEventName> = z.ZodMiniObject<
  {
    event: z.ZodMiniLiteral<N>;
    /** The name of the Argyle subscription that produced the delivery. */
    name: z.ZodMiniString<string>;
    data: (typeof ARGYLE_DATA_SCHEMAS)[N];
  },
  z.core.$loose
>;

/** The union of every event's envelope schema (one member per event, so that it discriminates). */
type AnyArgyleEnvelopeSchema = { [N in ArgyleEventName]: ArgyleEnvelopeSchema<N> }[ArgyleEventName];

function envelopeSchema<N extends ArgyleEventName>(event: N): ArgyleEnvelopeSchema<N> {
  return z.looseObject({ event: z.literal(event), name: z.string(), data: ARGYLE_DATA_SCHEMAS[event] });
}

/** The envelope schema of each event, keyed by event name. */
export const ARGYLE_EVENT_SCHEMAS = Object.freeze(
  Object.fromEntries(ARGYLE_EVENT_NAMES.map((event) => [event, envelopeSchema(event)])),
) as { readonly [N in ArgyleEventName]: ArgyleEnvelopeSchema<N> };

/** Any delivery in the catalogue, discriminated on `event`. */
export const argyleEventSchema = z.discriminatedUnion(
  'event',
  Object.values(ARGYLE_EVENT_SCHEMAS) as [AnyArgyleEnvelopeSchema, ...AnyArgyleEnvelopeSchema[]],
);

/** A parsed delivery of any event in the catalogue. */
export type ArgyleEvent = z.infer<typeof argyleEventSchema>;

/** A parsed delivery of event `N`. */
export type ArgyleEventOf<N extends ArgyleEventName> = z.infer<ArgyleEnvelopeSchema<N>>;
