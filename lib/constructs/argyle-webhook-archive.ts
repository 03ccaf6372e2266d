/**
 * The archive (docs/archive.md): every delivery the receiver accepts is also sent to an encrypted archive queue,
 * as part of what its 2xx promises, and the archiver function drains that queue in batches into an S3 bucket,
 * one gzip JSON-lines object per (hour, event family). Replay, peek and audits read the bucket.
 */
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { type IGrantable, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import {
  ARCHIVE_KEY_PREFIX,
  ARCHIVER_ENV,
  ARCHIVER_SERVICE_NAME,
  RECEIVER_ENV,
} from '../../functions/shared/contract.js';
import { ARCHIVE_DEFAULTS, ARCHIVE_LIMITS } from '../defaults.js';
import { integerRangeProblem } from '../validation.js';
import type { ArgyleWebhookIngest } from './argyle-webhook-ingest.js';
import { functionDefaults } from './function-defaults.js';
import { acknowledgeArchiveFindings } from './nag-acknowledgements.js';

export { ARCHIVE_DEFAULTS, ARCHIVE_LIMITS };

/** How the archiver drains its queue: large batches, gathered for up to a minute, so objects stay few. */
export const ARCHIVER_SETTINGS = {
  /** Records per invocation at most (Lambda also stops a batch at 6 MB of payload). */
  batchSize: 1_000,
  maxBatchingWindowSeconds: 60,
  timeoutSeconds: 60,
  memoryMb: 512,
  /** Receives of a record before it moves to the archive's dead-letter queue. */
  maxReceiveCount: 5,
  /** The longest SQS keeps a message: an archiver or S3 outage of up to 14 days loses nothing. */
  queueRetentionDays: 14,
} as const;

export interface ArgyleWebhookArchiveProps {
  /** The ingest construct whose receiver feeds the archive. */
  readonly ingest: ArgyleWebhookIngest;
  /**
   * How long S3 keeps an archived delivery; whole days, 1 to 3650.
   *
   * @default Duration.days(30)
   */
  readonly retention?: Duration;
  /**
   * A customer managed KMS key for the bucket (SSE-KMS, with an S3 bucket key) and the archive queues.
   *
   * @default - S3-managed encryption (SSE-S3) for the bucket, SQS-managed for the queues
   */
  readonly encryptionKey?: IKey;
  /**
   * Retention of the archiver's log group.
   *
   * @default RetentionDays.ONE_MONTH
   */
  readonly logRetention?: RetentionDays;
}

/**
 * Archives every delivery the receiver of `ingest` accepts. The receiver sends each accepted delivery to the
 * archive queue too (the same message as to its route queues) and answers 2xx only when that send succeeded as
 * well; the archiver writes the queue's messages to the bucket and reports what it could not write, which SQS
 * hands out again and, after `maxReceiveCount` receives, keeps in the archive's dead-letter queue.
 *
 * The bucket blocks public access, refuses non-TLS requests, is encrypted and expires objects after
 * `retention`. It is kept when the stack is destroyed (its objects still expire). The archiver may only put
 * objects under `deliveries/v1/`; {@link grantRead} lets operators read them.
 */
export class ArgyleWebhookArchive extends Construct {
  readonly bucket: Bucket;
  /** The queue the receiver sends every accepted delivery to. */
  readonly queue: Queue;
  readonly deadLetterQueue: Queue;
  readonly archiver: LambdaFunction;

  constructor(scope: Construct, id: string, props: ArgyleWebhookArchiveProps) {
    super(scope, id);
    const retention = props.retention ?? Duration.days(ARCHIVE_DEFAULTS.retentionDays);
    const days = retention.toDays({ integral: false });
    const problem = integerRangeProblem(
      days,
      ARCHIVE_LIMITS.retentionDays.min,
      ARCHIVE_LIMITS.retentionDays.max,
      'days',
    );
    if (problem !== undefined)
      throw new Error(`invalid ArgyleWebhookArchive props at ${this.node.path}: retention: ${problem}`);
    const key = props.encryptionKey;

    this.bucket = new Bucket(this, 'Bucket', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      ...(key
        ? { encryption: BucketEncryption.KMS, encryptionKey: key, bucketKeyEnabled: true }
        : { encryption: BucketEncryption.S3_MANAGED }),
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      lifecycleRules: [
        {
          id: 'expire-archived-deliveries',
          expiration: retention,
          abortIncompleteMultipartUploadAfter: Duration.days(1),
        },
      ],
      removalPolicy: RemovalPolicy.RETAIN,
    });

    const encryption = key
      ? { encryption: QueueEncryption.KMS, encryptionMasterKey: key }
      : { encryption: QueueEncryption.SQS_MANAGED };
    const retentionPeriod = Duration.days(ARCHIVER_SETTINGS.queueRetentionDays);
    this.deadLetterQueue = new Queue(this, 'DeadLetterQueue', {
      ...encryption,
      enforceSSL: true,
      retentionPeriod,
    });
    const timeout = Duration.seconds(ARCHIVER_SETTINGS.timeoutSeconds);
    this.queue = new Queue(this, 'Queue', {
      ...encryption,
      enforceSSL: true,
      retentionPeriod,
      // AWS's advice for an SQS event source: at least six times the function's timeout.
      visibilityTimeout: Duration.seconds(timeout.toSeconds() * 6),
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: ARCHIVER_SETTINGS.maxReceiveCount },
    });

    const logGroup = new LogGroup(this, 'ArchiverLogGroup', {
      retention: props.logRetention ?? RetentionDays.ONE_MONTH,
    });
    this.archiver = new LambdaFunction(this, 'Archiver', {
      ...functionDefaults('archiver'),
      memorySize: ARCHIVER_SETTINGS.memoryMb,
      timeout,
      description:
        'Writes the deliveries of the archive queue to the archive bucket, one object per hour and event family',
      logGroup,
      environment: {
        [ARCHIVER_ENV.BUCKET]: this.bucket.bucketName,
        POWERTOOLS_SERVICE_NAME: ARCHIVER_SERVICE_NAME,
        POWERTOOLS_LOG_LEVEL: 'INFO',
      },
    });
    this.archiver.addEventSource(
      new SqsEventSource(this.queue, {
        batchSize: ARCHIVER_SETTINGS.batchSize,
        maxBatchingWindow: Duration.seconds(ARCHIVER_SETTINGS.maxBatchingWindowSeconds),
        reportBatchItemFailures: true,
      }),
    );
    // Least privilege: put objects under the archive's prefix, nothing else (no read, list or delete).
    this.archiver.addToRolePolicy(
      new PolicyStatement({
        actions: ['s3:PutObject'],
        resources: [this.bucket.arnForObjects(`${ARCHIVE_KEY_PREFIX}*`)],
      }),
    );
    if (key) {
      this.archiver.addToRolePolicy(
        new PolicyStatement({ actions: ['kms:GenerateDataKey'], resources: [key.keyArn] }),
      );
    }

    const receiver = props.ingest.receiver;
    receiver.addEnvironment(RECEIVER_ENV.ARCHIVE_QUEUE_URL, this.queue.queueUrl);
    this.queue.grantSendMessages(receiver);
    acknowledgeArchiveFindings(this);
  }

  /** Lets `grantee` list and read the archived deliveries (what replay and peek need). */
  grantRead(grantee: IGrantable) {
    return this.bucket.grantRead(grantee, `${ARCHIVE_KEY_PREFIX}*`);
  }
}
