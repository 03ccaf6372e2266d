/**
 * The consumer entry point of the package (`argyle-webhooks-aws/consumer`): everything a service that reads
 * the receiver's queues needs, and nothing from the CDK. Schemas and types of every Argyle event, the message
 * attribute names, and `parseArgyleRecord`, which turns an SQS record into a typed event.
 */
export {
  ARGYLE_DATA_SCHEMAS,
  ARGYLE_EVENT_NAMES,
  type ArgyleEventData,
  type ArgyleEventListing,
  type ArgyleEventName,
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
} from '../catalogue/catalogue.js';
export {
  ARGYLE_EVENT_SCHEMAS,
  type ArgyleEnvelopeSchema,
  type ArgyleEvent,
  type ArgyleEventOf,
  argyleEventSchema,
} from '../catalogue/envelopes.js';
export { type ExampleOptions, exampleEvent } from '../catalogue/examples.js';
export {
  BODY_ENCODING_BASE64,
  type CatchAllReason,
  FIFO_FALLBACK_GROUP,
  MESSAGE_ATTRIBUTE,
  MESSAGE_CONTRACT_VERSION,
  type SchemaVerdict,
} from '../shared/contract.js';
export {
  type ArgyleMessage,
  ArgyleRecordError,
  type ArgyleRecordProblem,
  type LambdaSqsRecord,
  type ParseResult,
  parseArgyleRecord,
  type SdkSqsMessage,
  type SqsRecordLike,
  safeParseArgyleRecord,
} from './parse-record.js';
