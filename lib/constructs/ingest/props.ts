/**
 * The ingest construct's props, their defaults and the public constants that go with them. Types and
 * constants only, apart from {@link resolveIngestProps}, which fills in the defaults.
 */
import type { Duration } from 'aws-cdk-lib';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { ARGYLE_SOURCE_IPS, INGEST_DEFAULTS } from '../../defaults.js';

export { ARGYLE_SOURCE_IPS, INGEST_DEFAULTS };

/** The API's one stage. */
export const STAGE_NAME = 'prod';

/** How long the receiver caches the signing secret; the contract's, re-exported where it always was. */
export { SECRET_TTL_SECONDS } from '../../../functions/shared/contract.js';

/** Settings of a queue the construct creates. */
export interface ArgyleQueueOptions {
  /**
   * How many times a message is received before it moves to the queue's dead-letter queue.
   *
   * @default 5
   */
  readonly maxReceiveCount?: number;
  /**
   * How long a received message stays hidden from other consumers.
   *
   * @default Duration.seconds(30)
   */
  readonly visibilityTimeout?: Duration;
  /**
   * How long SQS keeps a message that nobody deletes.
   *
   * @default Duration.days(4) for a route's queue, Duration.days(14) for the catch-all queue
   */
  readonly retentionPeriod?: Duration;
}

/** One routing rule: deliveries whose event matches one of `events` go to the route's queue. */
export interface ArgyleRoute extends ArgyleQueueOptions {
  /**
   * Names the route, its queue and its outputs: 1 to 40 lower-case letters, digits or "-", starting with a
   * letter; unique; not `catch-all`.
   */
  readonly name: string;
  /** Event patterns: `*`, or `<resource>.<action>` where either part may be `*` (`accounts.*`). */
  readonly events: readonly string[];
  /**
   * Argyle subscription names (the envelope's `name`); when given, the route takes only deliveries from them.
   *
   * @default - deliveries from every subscription
   */
  readonly subscriptions?: readonly string[];
  /**
   * Whether the route's queue (and its dead-letter queue) is FIFO. FIFO queues the construct creates use
   * high-throughput mode (deduplication and throughput quota per message group, i.e. per Argyle account). For a
   * given `queue`, leave it out or make it agree with `queue.fifo`.
   *
   * @default - `queue.fifo` when `queue` is given, otherwise false
   */
  readonly fifo?: boolean;
  /**
   * An existing queue to deliver to. The construct then creates no queue and no dead-letter queue for the route,
   * and the queue options (`maxReceiveCount`, `visibilityTimeout`, `retentionPeriod`) do not apply.
   *
   * @default - a new queue with its own dead-letter queue
   */
  readonly queue?: IQueue;
}

/** API Gateway stage throttling. */
export interface ArgyleThrottling {
  /**
   * Steady-state requests per second.
   *
   * @default 1000
   */
  readonly rateLimit?: number;
  /**
   * Requests that may arrive at once.
   *
   * @default 1000
   */
  readonly burstLimit?: number;
}

export interface ArgyleWebhookIngestProps {
  /**
   * Routing rules, in order. A delivery goes to the queue of every route it matches, and to the catch-all
   * queue when it matches none (or cannot be parsed). An empty list sends everything to the catch-all queue.
   *
   * @default - one route, `all-events`, with events `["*"]`
   */
  readonly routes?: readonly ArgyleRoute[];
  /**
   * An existing standard queue to use as the catch-all queue; no catch-all queue or dead-letter queue is then
   * created. Give either this or `catchAll`.
   *
   * @default - a new standard queue with its own dead-letter queue, configured by `catchAll`
   */
  readonly catchAllQueue?: IQueue;
  /**
   * Settings of the catch-all queue the construct creates.
   *
   * @default - 5 receives, 30 s visibility timeout, 14 days retention
   */
  readonly catchAll?: ArgyleQueueOptions;
  /**
   * The secret whose string value is the webhook signing secret (the Argyle subscription's `secret`).
   *
   * @default - a new secret with a generated value of 64 letters and digits
   */
  readonly signingSecret?: ISecret;
  /**
   * Largest accepted request body in bytes; larger deliveries are refused with 413. At most
   * `MAX_DELIVERABLE_BODY_BYTES`, so any body fits one SQS message.
   *
   * @default 131072
   */
  readonly maxBodyBytes?: number;
  /**
   * Whether the API's resource policy denies callers outside `allowedSourceIps`.
   *
   * @default true
   */
  readonly restrictSourceIps?: boolean;
  /**
   * IP addresses or CIDR blocks allowed to call the webhook when `restrictSourceIps` is true.
   *
   * @default ARGYLE_SOURCE_IPS
   */
  readonly allowedSourceIps?: readonly string[];
  /**
   * Stage throttling.
   *
   * @default - 1000 requests per second, bursts of 1000 (docs/capacity.md)
   */
  readonly throttling?: ArgyleThrottling;
  /**
   * Whether API Gateway writes an access log (JSON, one line per request, without bodies) to a log group, and
   * its execution errors (ERROR level, never request or response data) to its execution log group.
   *
   * @default true
   */
  readonly accessLogging?: boolean;
  /**
   * Whether to create the account-wide role API Gateway uses to write to CloudWatch Logs, which access and
   * execution logging need. Set it to false when the account already has one (API Gateway settings,
   * "CloudWatch log role ARN").
   * Ignored without access logging.
   *
   * @default true
   */
  readonly createApiGatewayAccountRole?: boolean;
  /**
   * Retention of the receiver's and the API's log groups.
   *
   * @default RetentionDays.ONE_MONTH
   */
  readonly logRetention?: RetentionDays;
  /**
   * A customer managed KMS key to encrypt the queues this construct creates (and their dead-letter queues) and
   * the signing secret it creates, instead of SQS-managed encryption and the `aws/secretsmanager` key. Its key
   * policy must let IAM policies of this account grant its use (the default key policy does); the receiver
   * gets `kms:GenerateDataKey*` and `kms:Decrypt` on it through the queues' and the secret's grants, and
   * consumers get `kms:Decrypt` through {@link ArgyleWebhookIngest.grantConsume}. It must be in the stack's
   * region.
   *
   * @default - SQS-managed encryption, which other AWS services and accounts can also produce to
   */
  readonly encryptionKey?: IKey;
}

/** A route's queue and, when the construct created it, its dead-letter queue. */
export interface ArgyleRouteQueues {
  readonly queue: IQueue;
  /** Undefined for a queue the construct did not create. */
  readonly deadLetterQueue?: IQueue;
}

/** The props with their defaults filled in, as the construct's parts use them. */
export interface ResolvedIngestProps {
  readonly props: ArgyleWebhookIngestProps;
  readonly routes: readonly ArgyleRoute[];
  readonly maxBodyBytes: number;
  readonly restrictSourceIps: boolean;
  readonly allowedSourceIps: readonly string[];
  readonly accessLogging: boolean;
  readonly logRetention: RetentionDays;
  readonly throttling: Required<ArgyleThrottling>;
}

export function resolveIngestProps(props: ArgyleWebhookIngestProps): ResolvedIngestProps {
  return {
    props,
    routes: props.routes ?? [{ name: 'all-events', events: ['*'] }],
    maxBodyBytes: props.maxBodyBytes ?? INGEST_DEFAULTS.maxBodyBytes,
    restrictSourceIps: props.restrictSourceIps ?? true,
    allowedSourceIps: props.allowedSourceIps ?? ARGYLE_SOURCE_IPS,
    accessLogging: props.accessLogging ?? true,
    logRetention: props.logRetention ?? (INGEST_DEFAULTS.logRetentionDays as RetentionDays),
    throttling: {
      rateLimit: props.throttling?.rateLimit ?? INGEST_DEFAULTS.rateLimit,
      burstLimit: props.throttling?.burstLimit ?? INGEST_DEFAULTS.burstLimit,
    },
  };
}
