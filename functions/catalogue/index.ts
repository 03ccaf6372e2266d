/**
 * The Argyle event catalogue: zod/mini schemas for every webhook event, the types derived from them, the
 * receiver's schema check and generated examples. Bundles that need only one part (the receiver needs only
 * `check-event.ts`) can import that module directly and skip building the envelope schemas.
 */
export {
  ARGYLE_DATA_SCHEMAS,
  ARGYLE_EVENT_NAMES,
  type ArgyleEventData,
  type ArgyleEventListing,
  type ArgyleEventName,
  dataSchemaFor,
  eventListing,
  isArgyleEventName,
  isLegacyV1EventName,
  isPublishedEventName,
  LEGACY_V1_EVENT_NAMES,
  type LegacyV1EventName,
  PUBLISHED_EVENT_NAMES,
  PUBLISHED_SPEC_VERSION,
  type PublishedEventName,
  UNCONFIRMED_EVENT_NAMES,
  UNPUBLISHED_EVENT_NAMES,
} from './catalogue.js';
export { checkEvent, type EnvelopeToCheck } from './check-event.js';
export {
  ARGYLE_EVENT_SCHEMAS,
  type ArgyleEnvelopeSchema,
  type ArgyleEvent,
  type ArgyleEventOf,
  argyleEventSchema,
} from './envelopes.js';
export { type ExampleIdRole, type ExampleOptions, exampleEvent } from './examples.js';
export { describeSchemaProblems, MAX_SCHEMA_PROBLEMS } from './schema-problems.js';
