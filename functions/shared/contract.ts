/**
 * The contract between the CDK side (`lib/`) and the Lambda runtime (`functions/`), and between the receiver
 * and the consumers of its queues. It holds names and limits only: no logic, no imports. The boundary between the
 * two sides (which modules of `functions/` code outside it may import) is drawn in the module it names,
 * `functions/shared/boundaries.ts`; test/architecture/boundaries.test.ts holds the code to it.
 */

/**
 * How long the receiver caches the signing secret, in seconds: what the stack sets in
 * {@link RECEIVER_ENV.SECRET_TTL_SECONDS}, and what the receiver uses when the variable is not set.
 */
export const SECRET_TTL_SECONDS = 300;

/** The receiver's Powertools service name: the `service` of its log lines and the dimension of its metrics. */
export const RECEIVER_SERVICE_NAME = 'argyle-webhook-receiver';

/** The CloudWatch namespace of the receiver's metrics, which the alarms and the dashboard read. */
export const RECEIVER_METRIC_NAMESPACE = 'ArgyleWebhooks';

/**
 * Variables every receiver gets (the construct merges the caller's over them; the dev mode and the benchmarks
 * set them too). The receiver falls back to the same service name and namespace when they are not set.
 */
export const RECEIVER_DEFAULT_ENVIRONMENT: Readonly<Record<string, string>> = {
  POWERTOOLS_SERVICE_NAME: RECEIVER_SERVICE_NAME,
  POWERTOOLS_METRICS_NAMESPACE: RECEIVER_METRIC_NAMESPACE,
  POWERTOOLS_LOG_LEVEL: 'INFO',
};

/** Environment variables the stack sets on the receiver function. */
export const RECEIVER_ENV = {
  /** ARN of the Secrets Manager secret whose string value is the webhook signing secret. */
  SIGNING_SECRET_ARN: 'ARGYLE_SIGNING_SECRET_ARN',
  /** Routing table, JSON of type {@link RoutingTable}. */
  ROUTES: 'ARGYLE_ROUTES',
  /** Prefix that, followed by a queue name from the routing table, gives the queue URL. */
  QUEUE_URL_PREFIX: 'ARGYLE_QUEUE_URL_PREFIX',
  /** Largest accepted request body, in bytes. */
  MAX_BODY_BYTES: 'ARGYLE_MAX_BODY_BYTES',
  /** How long the signing secret is cached, in seconds. */
  SECRET_TTL_SECONDS: 'ARGYLE_SECRET_TTL_SECONDS',
  /**
   * Optional: URL of the archive queue. When set, every accepted delivery is also sent there (the same message
   * as to its route queues), and a 2xx means the archive queue took it too (docs/archive.md).
   */
  ARCHIVE_QUEUE_URL: 'ARGYLE_ARCHIVE_QUEUE_URL',
} as const;

/**
 * The routing table as it reaches the receiver. Queue names, not URLs, keep it small: every queue lives in the
 * receiver's own account and region, so the URL is {@link RECEIVER_ENV.QUEUE_URL_PREFIX} plus the name.
 */
export interface RoutingTable {
  /**
   * Queues, each either a name (the URL is {@link RECEIVER_ENV.QUEUE_URL_PREFIX} plus the name) or, for a queue
   * the stack did not create, a full URL starting with `https://` or `http://`. Rules and the catch-all refer
   * to them by index.
   */
  readonly queues: readonly string[];
  /** Index into `queues` of the queue that takes what no rule matches, and what cannot be parsed. */
  readonly catchAll: number;
  readonly rules: readonly RoutingRule[];
}

/**
 * The routing table with the prefix that turns its queue names into URLs: what the stack publishes as its
 * `ReceiverRouting` output (with the archive on), and what `argyle-subscriptions replay` routes by.
 */
export interface PublishedRouting extends RoutingTable {
  readonly queueUrlPrefix: string;
}

export interface RoutingRule {
  /** Event patterns, each matching {@link EVENT_PATTERN}. */
  readonly events: readonly string[];
  /** When present, only deliveries from these Argyle subscriptions (the envelope's `name`) match. */
  readonly subscriptions?: readonly string[];
  /** Index into `queues` of the rule's target. */
  readonly queue: number;
}

/**
 * Grammar of an event pattern in a routing rule: `*` alone (every event), or `<resource>.<action>` where
 * either part may be `*` (`accounts.*`, `*.fully_synced`, `accounts.connected`).
 */
export const EVENT_PATTERN = /^(?:\*|(?:\*|[a-z][a-z0-9_]*)\.(?:\*|[a-z][a-z0-9_]*))$/;

/**
 * The version of the message contract below (bodies and attributes), documented in docs/message-contract.md.
 * 2 (0.3.0): `argyle.content-sha256` is gone (consumers compute it from the body; `parseArgyleRecord` does) and
 * its place holds `argyle.replay`, set on messages a replay sent again. 1: the contract of 0.1.0 and 0.2.0.
 */
export const MESSAGE_CONTRACT_VERSION = 2;

/**
 * Message attributes of the message contract: nine the receiver puts on its messages, and `argyle.replay`, which
 * only a replay adds. SQS allows at most 10; these are all of them.
 * All are of type String, and an attribute is left off when it has no value. The four copied from the envelope
 * (event, subscription, account, user) are cut to {@link MAX_ATTRIBUTE_VALUE_CHARS} on a code point boundary,
 * and left off when what remains holds a character SQS refuses (see {@link ATTRIBUTE_ADJUSTMENT}); the body
 * always carries the full value.
 */
export const MESSAGE_ATTRIBUTE = {
  /** The envelope's `event`, e.g. `accounts.connected`. */
  EVENT: 'argyle.event',
  /** The envelope's `name`: the Argyle subscription that produced the delivery. */
  SUBSCRIPTION: 'argyle.subscription',
  /** `data.account`, when present. */
  ACCOUNT: 'argyle.account',
  /** `data.user`, when present. */
  USER: 'argyle.user',
  /** When API Gateway received the delivery, ISO 8601 UTC. */
  RECEIVED_AT: 'argyle.received-at',
  /** Identifier of this delivery (the API Gateway request id); the same on every queue it went to. */
  DELIVERY_ID: 'argyle.delivery-id',
  /** `base64` when the body could not travel verbatim (not UTF-8, or characters SQS refuses). */
  BODY_ENCODING: 'argyle.body-encoding',
  /** On messages in the catch-all queue only: why it is there, one of {@link CatchAllReason}. */
  CATCH_ALL_REASON: 'argyle.catch-all-reason',
  /** Result of checking the event against the catalogue's schema: one of {@link SchemaVerdict}. */
  SCHEMA: 'argyle.schema',
  /**
   * On messages a replay sent again only (never on the receiver's own): the replay run's id. The message is an
   * earlier delivery sent again on purpose; its other attributes and its body are the original's.
   */
  REPLAY: 'argyle.replay',
} as const;

/** Why a delivery went to the catch-all queue: one of {@link CATCH_ALL_REASONS}. */
export type CatchAllReason = (typeof CATCH_ALL_REASONS)[number];
export type SchemaVerdict = 'passed' | 'failed' | 'unknown-event';

/** Value of {@link MESSAGE_ATTRIBUTE.BODY_ENCODING} when the body is base64. */
export const BODY_ENCODING_BASE64 = 'base64';

/** FIFO message group for deliveries with no account, user or item. */
export const FIFO_FALLBACK_GROUP = 'argyle';

/**
 * Largest SQS message, body and attributes together, that the receiver ever sends. Every target queue must
 * accept it: its `MaximumMessageSize` must be at least this (256 KiB). Queues the stack creates leave the
 * setting at SQS's default, which is this or more (SQS allows up to 1 MiB since August 2025); a queue given by
 * URL with a smaller `MaximumMessageSize` would refuse the largest deliveries on every retry.
 */
export const SQS_MAX_MESSAGE_BYTES = 262_144;

/**
 * Bytes kept free for message attributes when sizing the largest body. The receiver caps each attribute value
 * at {@link MAX_ATTRIBUTE_VALUE_CHARS} characters, so the ten attributes stay below this.
 */
export const ATTRIBUTE_RESERVE_BYTES = 4_096;

/**
 * Attribute values longer than this many UTF-16 code units are cut to it, or one less when the cut would split
 * a surrogate pair. At most 3 UTF-8 bytes per unit, so ten values stay within {@link ATTRIBUTE_RESERVE_BYTES}.
 */
export const MAX_ATTRIBUTE_VALUE_CHARS = 256;

/**
 * What the receiver did to an attribute value SQS would have refused (the body is never changed): `cut` to
 * {@link MAX_ATTRIBUTE_VALUE_CHARS}, or `omitted` because it holds a character outside SQS's allowed set
 * (`#x9 | #xA | #xD | #x20-#xD7FF | #xE000-#xFFFD | #x10000-#x10FFFF`).
 */
export const ATTRIBUTE_ADJUSTMENT = { CUT: 'cut', OMITTED: 'omitted' } as const;
export type AttributeAdjustment = (typeof ATTRIBUTE_ADJUSTMENT)[keyof typeof ATTRIBUTE_ADJUSTMENT];

/**
 * The largest body the receiver can accept and still deliver: a body that must be base64-encoded grows by 4/3,
 * and it shares the message with its attributes.
 */
export const MAX_DELIVERABLE_BODY_BYTES =
  Math.floor((SQS_MAX_MESSAGE_BYTES - ATTRIBUTE_RESERVE_BYTES) / 4) * 3;

/** Name of the HTTP header that carries Argyle's signature (matched without regard to case). */
export const SIGNATURE_HEADER = 'x-argyle-signature';

/**
 * The receiver's CloudWatch metrics (embedded metric format, namespace from `POWERTOOLS_METRICS_NAMESPACE`), so
 * the alarms and the dashboard name exactly what the receiver emits. Each is a count.
 */
export const RECEIVER_METRIC = {
  /**
   * By {@link RECEIVER_METRIC_DIMENSION.EVENT_FAMILY}, by {@link RECEIVER_METRIC_DIMENSION.EVENT}, in total, and by
   * {@link RECEIVER_METRIC_DIMENSION.SUBSCRIPTION}: when a subscription last had a delivery accepted.
   */
  ACCEPTED: 'DeliveriesAccepted',
  /** By {@link RECEIVER_METRIC_DIMENSION.REASON}: one of {@link RejectionReason}. */
  REJECTED: 'DeliveriesRejected',
  /** By {@link RECEIVER_METRIC_DIMENSION.QUEUE}. */
  ROUTED: 'MessagesRouted',
  /** By {@link RECEIVER_METRIC_DIMENSION.REASON}: one of {@link CatchAllReason}. */
  CATCH_ALL: 'CatchAllDeliveries',
  /** By {@link RECEIVER_METRIC_DIMENSION.QUEUE}. */
  SEND_FAILURES: 'SendFailures',
  /** By {@link RECEIVER_METRIC_DIMENSION.EVENT_FAMILY}. */
  SCHEMA_FAILURES: 'SchemaFailures',
  SECRET_UNAVAILABLE: 'SecretUnavailable',
  SECRET_REFRESHES: 'SecretRefreshes',
  /**
   * Attribute values of stored messages that were cut or left out, by {@link RECEIVER_METRIC_DIMENSION.REASON}:
   * one of {@link AttributeAdjustment}. The message was stored all the same, its body intact.
   */
  ATTRIBUTES_ADJUSTED: 'AttributeValuesAdjusted',
} as const;

/** Why the receiver refused a delivery: one of {@link REJECTION_REASONS}. */
export type RejectionReason = (typeof REJECTION_REASONS)[number];

/**
 * Least time between two reads of the signing secret forced by failed signature checks in one receiver, so
 * that forged requests cannot drive calls to Secrets Manager.
 */
export const SECRET_REFRESH_INTERVAL_MS = 30_000;

/** Longest one read of the signing secret by the receiver can take before it fails (3 attempts, with backoff). */
export const SECRET_READ_TIMEOUT_MS = 10_000;

/**
 * How long a new signing secret value must have been readable before any Argyle subscription signs with it:
 * a warm receiver that read the secret just before the change reads it again, after a failed check, within
 * {@link SECRET_REFRESH_INTERVAL_MS} plus one read. Whatever creates a subscription with a value (the custom
 * resource, the CLI, a rotation) waits this long after reading it first.
 */
export const SIGNING_SECRET_SETTLE_MS = SECRET_REFRESH_INTERVAL_MS + SECRET_READ_TIMEOUT_MS;

/**
 * Dimensions of {@link RECEIVER_METRIC}. Every metric carries `service` (Powertools' service name) and, on Lambda,
 * `FunctionName`, so two stacks in one account never share a metric; a metric with a dimension of its own (such
 * as `Queue`) has exactly the set `service`, `FunctionName` and that dimension.
 */
export const RECEIVER_METRIC_DIMENSION = {
  SERVICE: 'service',
  FUNCTION_NAME: 'FunctionName',
  EVENT_FAMILY: 'EventFamily',
  EVENT: 'Event',
  REASON: 'Reason',
  QUEUE: 'Queue',
  /**
   * The Argyle subscription (the envelope's `name`), cut to {@link MAX_ATTRIBUTE_VALUE_CHARS}; `other` when not
   * printable ASCII, `none` without one. {@link RECEIVER_METRIC.ACCEPTED} by it
   * (dimension set `service`, `FunctionName`, `Subscription`) tells the subscription watcher when the receiver
   * last accepted a delivery from each subscription (the `silent` finding).
   */
  SUBSCRIPTION: 'Subscription',
} as const;

// ---------------------------------------------------------------------------------------------------------------
// The archive (docs/archive.md): the archive queue, the archiver function that drains it into S3, and the objects
// it writes, which replay and peek read.
// ---------------------------------------------------------------------------------------------------------------

/** Environment variables of the archiver function. */
export const ARCHIVER_ENV = {
  /** Name of the bucket the archiver writes to. */
  BUCKET: 'ARGYLE_ARCHIVE_BUCKET',
} as const;

/** The archiver's Powertools service name. */
export const ARCHIVER_SERVICE_NAME = 'argyle-webhook-archiver';

/**
 * Where archive objects live: `deliveries/v1/date=YYYY-MM-DD/hour=HH/family=<family>/<first received-at>-<batch
 * id>.jsonl.gz`, one gzip JSON line per delivery, grouped by the hour (UTC) each delivery was received and its
 * event family, so a time range and a family are selected by prefix.
 */
export const ARCHIVE_KEY_PREFIX = 'deliveries/v1/';

// ---------------------------------------------------------------------------------------------------------------
// Argyle webhook subscriptions: the custom resource (`lib/constructs/argyle-subscriptions.ts`) and its handler
// (`functions/subscription/`). One resource per configured subscription.
// ---------------------------------------------------------------------------------------------------------------

/** CloudFormation type of the custom resource that registers one Argyle webhook subscription. */
export const SUBSCRIPTION_RESOURCE_TYPE = 'Custom::ArgyleWebhookSubscription';

/**
 * Resource properties of {@link SUBSCRIPTION_RESOURCE_TYPE}. CloudFormation hands every value to the handler as
 * a string (a list stays a list of strings). None of them is a secret: secrets are named, never passed.
 */
export const SUBSCRIPTION_PROPERTY = {
  /** The subscription's `name` in Argyle (and the envelope's `name` of its deliveries). */
  NAME: 'Name',
  /** Event names, or `['*']`. */
  EVENTS: 'Events',
  /** The subscription's `config` as a JSON object text, `{}` when none. */
  CONFIG: 'Config',
  /** Where Argyle delivers: the stack's webhook URL. */
  WEBHOOK_URL: 'WebhookUrl',
  /** ARN of the secret whose string value is the signing secret, read at run time. */
  SIGNING_SECRET_ARN: 'SigningSecretArn',
  /** Name of the secret holding the API credentials, JSON with {@link CREDENTIALS_SECRET_KEY} fields. */
  CREDENTIALS_SECRET_NAME: 'CredentialsSecretName',
  /** `sandbox` or `production`. */
  ENVIRONMENT: 'Environment',
  /** `v2` or `v1`. */
  API_VERSION: 'ApiVersion',
  /** Optional: origin to call instead of the environment's (a proxy). Absent when not configured. */
  API_BASE_URL: 'ApiBaseUrl',
  /**
   * A number the operator raises after rotating the signing secret. The value is never used; changing it makes
   * CloudFormation update the subscription, which then replaces it with one that signs with the new secret.
   */
  SIGNING_SECRET_GENERATION: 'SigningSecretGeneration',
  /**
   * Name of the DynamoDB table holding the ownership records (see {@link SUBSCRIPTION_STATE_KEY}). Its first
   * appearance is the property change that makes CloudFormation send the Update which migrates a stack whose
   * physical ids were Argyle ids; absent in the properties of stacks deployed before it.
   */
  STATE_TABLE: 'StateTable',
} as const;

/** Attributes the custom resource returns (`Data`); read them with `getAttString`. Never a secret. */
export const SUBSCRIPTION_ATTRIBUTE = {
  /**
   * Argyle's id of the subscription the last deploy registered (the physical id is `argyle-subscription/<name>/<n>`;
   * a repair or rotation since may have replaced it, see the ownership record).
   */
  ID: 'SubscriptionId',
  NAME: 'SubscriptionName',
} as const;

/** Environment variables the subscription handler (and the operators' CLI) read. */
export const SUBSCRIPTION_ENV = {
  /** When set and not empty, the Argyle API origin to call instead of the configured one (a proxy, a test). */
  API_BASE_URL: 'ARGYLE_API_BASE_URL',
  /**
   * Name of the DynamoDB table of ownership records, lease and markers. Set on every function that reads or
   * writes them; the custom resource needs it beside the {@link SUBSCRIPTION_PROPERTY.STATE_TABLE} property
   * because CloudFormation's Delete of a replaced physical id carries the old properties, which may predate it.
   */
  STATE_TABLE: 'ARGYLE_SUBSCRIPTION_STATE_TABLE',
} as const;

/**
 * The state table's partition key (a string), its only key: items are `record#<name>`, `lease` and
 * `marker#<name>`. The stack, the local stand-in and the store create and read the table with it.
 */
export const SUBSCRIPTION_STATE_KEY = 'pk';

// ---------------------------------------------------------------------------------------------------------------
// Rotation of the signing secret: the rotation function (`functions/subscription/rotation/`) that Secrets
// Manager invokes, and the rotation schedule the stack gives the secret (`lib/constructs/signing-secret-rotation.ts`).
// ---------------------------------------------------------------------------------------------------------------

/** Environment variables the stack sets on the rotation function (besides {@link SUBSCRIPTION_ENV}). */
export const ROTATION_ENV = {
  /** ARN of the signing secret: the one secret the function rotates (it refuses any other). */
  SIGNING_SECRET_ARN: 'ARGYLE_SIGNING_SECRET_ARN',
  /** Least time between two rotations, in hours (a whole number). */
  MINIMUM_INTERVAL_HOURS: 'ARGYLE_ROTATION_MINIMUM_INTERVAL_HOURS',
} as const;

/** Hours that must pass after a rotation before the next one starts, unless configured otherwise. */
export const DEFAULT_ROTATION_MINIMUM_INTERVAL_HOURS = 24;

/** Fields of the JSON object in the API credentials secret. */
export const CREDENTIALS_SECRET_KEY = {
  ID: 'api_key_id',
  SECRET: 'api_key_secret',
} as const;

// ---------------------------------------------------------------------------------------------------------------
// The subscription watcher (`functions/subscription/watcher/`, `lib/constructs/subscription-watcher.ts`): a
// scheduled function that compares the live Argyle subscriptions with the ownership records, reports drift and,
// when enabled, repairs it.
// ---------------------------------------------------------------------------------------------------------------

/** The watcher's Powertools service name: the `service` of its log lines and the dimension of its metrics. */
export const WATCHER_SERVICE_NAME = 'argyle-webhook-subscription-watcher';

/**
 * The watcher's CloudWatch metrics (embedded metric format, in {@link RECEIVER_METRIC_NAMESPACE}). Every one
 * carries `service` and, on Lambda, `FunctionName` (the watcher's), like the receiver's.
 */
export const WATCHER_METRIC = {
  /**
   * One per finding kind per configured subscription per run, by {@link WATCHER_METRIC_DIMENSION.KIND} and
   * {@link WATCHER_METRIC_DIMENSION.SUBSCRIPTION}, and by `Kind` alone (what the alarms read). Not emitted for
   * findings held back by a deploy in progress.
   */
  DRIFT: 'SubscriptionDrift',
  /** One per run that checked every record (the "watcher is not running" alarm reads it). */
  RUNS: 'SubscriptionWatcherRuns',
  /**
   * One per run that could not tell whether subscriptions are missing (Argyle's list passed the page bound), by
   * {@link WATCHER_METRIC_DIMENSION.REASON}.
   */
  UNCHECKED: 'SubscriptionChecksIncomplete',
  /**
   * One per repair action, by {@link WATCHER_METRIC_DIMENSION.OUTCOME} (one of {@link REPAIR_OUTCOMES}) and
   * {@link WATCHER_METRIC_DIMENSION.SUBSCRIPTION}.
   */
  REPAIRS: 'SubscriptionRepairs',
} as const;

export const WATCHER_METRIC_DIMENSION = {
  SERVICE: 'service',
  FUNCTION_NAME: 'FunctionName',
  /** One of {@link SUBSCRIPTION_DRIFT_KINDS}. */
  KIND: 'Kind',
  /** The configured subscription's name. */
  SUBSCRIPTION: 'Subscription',
  OUTCOME: 'Outcome',
  REASON: 'Reason',
} as const;

/**
 * Environment variables the stack sets on the watcher function, besides {@link SUBSCRIPTION_ENV.STATE_TABLE}
 * (the state table) and {@link SUBSCRIPTION_ENV.API_BASE_URL}.
 */
export const WATCHER_ENV = {
  /** `true` to repair missing, changed and secret-differing subscriptions; anything else reports only. */
  REPAIR: 'ARGYLE_WATCH_REPAIR',
  /** Minutes Argyle may have sent without the receiver accepting before a subscription is `silent`. */
  SILENT_AFTER_MINUTES: 'ARGYLE_WATCH_SILENT_AFTER_MINUTES',
  /** The receiver function's name: the `FunctionName` of its `DeliveriesAccepted` by `Subscription`. */
  RECEIVER_FUNCTION_NAME: 'ARGYLE_RECEIVER_FUNCTION_NAME',
  /** Namespace of the receiver's metrics (default {@link RECEIVER_METRIC_NAMESPACE}). */
  RECEIVER_METRIC_NAMESPACE: 'ARGYLE_RECEIVER_METRIC_NAMESPACE',
} as const;

// ---------------------------------------------------------------------------------------------------------------
// Lists of values (kept at the end of the module: the Lambda bundles leave out what they do not use).
// ---------------------------------------------------------------------------------------------------------------

/** The values of {@link MESSAGE_ATTRIBUTE.CATCH_ALL_REASON}, and of the catch-all metric's reason dimension. */
export const CATCH_ALL_REASONS = ['unmatched', 'invalid-json', 'invalid-envelope'] as const;

/** The values of {@link RECEIVER_METRIC.REJECTED}'s reason dimension: why the receiver refused a delivery. */
export const REJECTION_REASONS = ['signature', 'size', 'method', 'empty'] as const;

/**
 * The kinds of drift the subscription watcher and `argyle-subscriptions status` report, in the order they are
 * reported (`functions/subscription/drift.ts`); each is a value of the `Kind` dimension of
 * {@link WATCHER_METRIC.DRIFT}.
 */
export const SUBSCRIPTION_DRIFT_KINDS = [
  'missing',
  'changed',
  'secret-differs',
  'duplicate',
  'silent',
] as const;

/**
 * What a repair did for one configured subscription: `created` a subscription, `adopted` an identical live one,
 * `deleted` one the stack owned that was wrong, `recorded` the ownership record only, `skipped` (the lease was
 * busy or the record changed meanwhile: tried again next run), or `failed`.
 */
export const REPAIR_OUTCOMES = ['created', 'adopted', 'deleted', 'recorded', 'skipped', 'failed'] as const;
