/**
 * What {@link ArgyleWebhookMonitoring} alarms on, and when: each alarm as an {@link AlarmSpec} (its metric,
 * threshold and a description that says what happened and what to do), the settings' defaults and limits
 * (shared with the cdk.json configuration) and their checks. The construct creates the alarms, in this order.
 */
import { Duration, Token } from 'aws-cdk-lib';
import { ComparisonOperator, type IMetric, Stats, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { RECEIVER_METRIC, RECEIVER_METRIC_DIMENSION } from '../../functions/shared/contract.js';
import { MONITORING_DEFAULTS, MONITORING_LIMITS } from '../defaults.js';
import { emailProblem, integerRangeProblem } from '../validation.js';
import type { ArgyleWebhookArchive } from './argyle-webhook-archive.js';
import type { ArgyleWebhookIngest } from './argyle-webhook-ingest.js';
import type { ReceiverMetrics } from './receiver-metrics.js';

export { MONITORING_DEFAULTS, MONITORING_LIMITS };

export const FIVE_MINUTES = Duration.minutes(5);

/** A queue the receiver sends to, with the name alarms and the dashboard use for it. */
export interface WatchedQueue {
  /** `accounts` for route `accounts`, `catch-all` for the catch-all queue. */
  readonly name: string;
  /** `route "accounts"'s queue` or `the catch-all queue`, for descriptions. */
  readonly what: string;
  readonly queue: IQueue;
  /** Undefined for a queue the ingest construct did not create. */
  readonly deadLetterQueue?: IQueue;
}

/** One alarm: its name (the construct id and the end of the alarm name), and how it is raised. */
export interface AlarmSpec {
  readonly name: string;
  readonly metric: IMetric;
  readonly threshold: number;
  readonly description: string;
  readonly comparisonOperator?: ComparisonOperator;
  readonly evaluationPeriods?: number;
  /** Of the evaluation periods, how many must breach. @default all of them */
  readonly datapointsToAlarm?: number;
  readonly treatMissingData?: TreatMissingData;
}

/** A message in a created dead-letter queue; then, for every queue, its oldest message older than the limit. */
export function queueAlarms(queues: readonly WatchedQueue[], oldestMessageAge: Duration): AlarmSpec[] {
  const specs: AlarmSpec[] = [];
  for (const watched of queues) {
    if (watched.deadLetterQueue === undefined) continue;
    specs.push({
      name: `DeadLetters-${watched.name}`,
      metric: watched.deadLetterQueue.metricApproximateNumberOfMessagesVisible({
        statistic: Stats.MAXIMUM,
        period: FIVE_MINUTES,
      }),
      threshold: 1,
      description:
        `Messages are waiting in the dead-letter queue of ${watched.what}: a consumer received them ` +
        'maxReceiveCount times without deleting them. Read one to find the cause (aws sqs receive-message ' +
        '--queue-url <dead-letter queue URL from the stack outputs>), fix the consumer, then move them back: ' +
        `aws sqs start-message-move-task --source-arn ${watched.deadLetterQueue.queueArn}. They expire after 14 days.`,
    });
  }
  for (const watched of queues) {
    specs.push({
      name: `OldestMessage-${watched.name}`,
      metric: watched.queue.metricApproximateAgeOfOldestMessage({
        statistic: Stats.MAXIMUM,
        period: FIVE_MINUTES,
      }),
      threshold: oldestMessageAge.toSeconds(),
      description:
        `The oldest message in ${watched.what} has waited more than ` +
        `${oldestMessageAge.toMinutes()} minutes: its consumers are stopped, too slow or failing. Check that ` +
        'they run and what they log, their concurrency and the visibility timeout; messages are deleted when ' +
        'the retention period ends.',
    });
  }
  return specs;
}

/** 5xx answers, receiver errors, signature failures and receiver throttles. */
export function receiverAlarms(
  ingest: ArgyleWebhookIngest,
  receiverMetrics: ReceiverMetrics,
  signatureFailures: number,
): AlarmSpec[] {
  return [
    // Errors.
    {
      name: 'ApiServerErrors',
      metric: ingest.api.deploymentStage.metricServerError({ statistic: Stats.SUM, period: FIVE_MINUTES }),
      threshold: 1,
      description:
        'API Gateway answered 5xx to Argyle, which will retry: a queue refused a message (SendFailures metric), ' +
        'the signing secret could not be read (SecretUnavailable), or the receiver failed. Search the ' +
        'receiver\'s log group for "delivery not stored", "signing secret unavailable" or "receiver failed".',
    },
    {
      name: 'ReceiverErrors',
      metric: ingest.receiver.metricErrors({ statistic: Stats.SUM, period: FIVE_MINUTES }),
      threshold: 1,
      description:
        'The receiver function crashed or timed out (it answers every expected failure itself, so this is a ' +
        'bug, a broken deployment or a timeout). Read the ERROR lines and "Task timed out" in its log group; ' +
        'Argyle got a 5xx and will retry.',
    },
    // Probing.
    {
      name: 'SignatureFailures',
      metric: receiverMetrics.metric(RECEIVER_METRIC.REJECTED, {
        [RECEIVER_METRIC_DIMENSION.REASON]: 'signature',
      }),
      threshold: signatureFailures,
      description:
        `At least ${signatureFailures} deliveries in 5 minutes failed the X-Argyle-Signature check. Either ` +
        'someone is sending forged deliveries (look up sourceIp in the access log, consider the WAF), or the ' +
        "secret in Secrets Manager no longer matches the Argyle subscription's: after a rotation, update both.",
    },
    // Throttling.
    {
      name: 'ReceiverThrottles',
      metric: ingest.receiver.metricThrottles({ statistic: Stats.SUM, period: FIVE_MINUTES }),
      threshold: 1,
      description:
        "Lambda refused to run the receiver for lack of concurrency (the account's limit, shared with every " +
        'other function): Argyle got errors and will retry. Raise the Lambda concurrency quota, or reserve ' +
        'concurrency for the receiver.',
    },
  ];
}

/** 429 answers of the API stage, counted from the access log. */
export function apiThrottlesAlarm(throttled: IMetric): AlarmSpec {
  return {
    name: 'ApiThrottles',
    metric: throttled,
    threshold: 1,
    description:
      'The API stage answered 429 Too Many Requests: more requests arrived than throttling.rateLimit and ' +
      'throttling.burstLimit allow. Argyle does not document whether it retries a 429, so each may be a lost ' +
      "delivery. If the access log shows them coming from Argyle's addresses, raise the limits (docs/capacity.md) " +
      'and ask Argyle to resend; otherwise someone is flooding the endpoint.',
  };
}

/** No accepted delivery for `noDeliveryFor`. */
export function noDeliveriesAlarm(receiverMetrics: ReceiverMetrics, noDeliveryFor: Duration): AlarmSpec {
  const hours = noDeliveryFor.toHours();
  return {
    name: 'NoDeliveries',
    metric: receiverMetrics.metric(RECEIVER_METRIC.ACCEPTED).with({ period: Duration.hours(1) }),
    threshold: 1,
    comparisonOperator: ComparisonOperator.LESS_THAN_THRESHOLD,
    evaluationPeriods: hours,
    treatMissingData: TreatMissingData.BREACHING,
    description:
      `No delivery was accepted for ${hours} hours. Check that the Argyle subscription exists and points ` +
      'at the WebhookUrl output, and look at the 4xx and 5xx answers on the dashboard: 401s mean the ' +
      "signing secret no longer matches the subscription's, 403s a changed source address.",
  };
}

/** How long the archive queue's oldest message may wait before the archiver counts as stuck. */
export const ARCHIVE_BACKLOG = Duration.hours(1);

/** The archive's dead letters, its backlog and the archiver's errors. */
export function archiveAlarms(archive: ArgyleWebhookArchive): AlarmSpec[] {
  return [
    {
      name: 'ArchiveDeadLetters',
      metric: archive.deadLetterQueue.metricApproximateNumberOfMessagesVisible({
        statistic: Stats.MAXIMUM,
        period: FIVE_MINUTES,
      }),
      threshold: 1,
      description:
        'Deliveries the archiver could not write to the archive bucket 5 times are waiting in the archive ' +
        "dead-letter queue (they reached their route queues all the same). Read the archiver's ERROR lines " +
        '("archive object not written"), fix the cause (bucket policy, KMS key), then move them back: ' +
        'npx argyle-subscriptions redrive archive --stack <stack>. They expire after 14 days.',
    },
    {
      name: 'ArchiveBacklog',
      metric: archive.queue.metricApproximateAgeOfOldestMessage({
        statistic: Stats.MAXIMUM,
        period: FIVE_MINUTES,
      }),
      threshold: ARCHIVE_BACKLOG.toSeconds(),
      description:
        `The archive queue's oldest delivery has waited more than ${ARCHIVE_BACKLOG.toHours()} hour: the archiver ` +
        'is not draining it (throttled, disabled event source mapping, or failing). Check its invocations and ' +
        'errors on the dashboard; the queue keeps deliveries 14 days, so nothing is lost yet.',
    },
    {
      name: 'ArchiverErrors',
      metric: archive.archiver.metricErrors({ statistic: Stats.SUM, period: FIVE_MINUTES }),
      threshold: 1,
      description:
        'The archiver function crashed or timed out (it reports failed writes itself, so this is a bug, a broken ' +
        'deployment or a timeout). Its batch comes back after the visibility timeout; read its log group.',
    },
  ];
}

/** The queues the receiver sends to, each once: routes' queues in route order, then the catch-all. */
export function watchedQueues(ingest: ArgyleWebhookIngest): WatchedQueue[] {
  const seen = new Set<IQueue>();
  const watched: WatchedQueue[] = [];
  const add = (queue: WatchedQueue) => {
    if (seen.has(queue.queue)) return;
    seen.add(queue.queue);
    watched.push(queue);
  };
  for (const [name, queues] of ingest.routeQueues) add({ name, what: `route "${name}"'s queue`, ...queues });
  add({
    name: 'catch-all',
    what: 'the catch-all queue',
    queue: ingest.catchAllQueue,
    deadLetterQueue: ingest.catchAllDeadLetterQueue,
  });
  return watched;
}

/** Throws one error listing every problem of the props, one per line. */
export function validateMonitoringProps(
  scope: Construct,
  signatureFailures: number,
  oldestMessageAge: Duration,
  noDeliveryFor: Duration | undefined,
  alarmEmail: string | undefined,
): void {
  const problems: string[] = [];
  const check = (field: string, value: number, limits: { min: number; max: number }, unit: string) => {
    if (Token.isUnresolved(value)) return;
    const problem = integerRangeProblem(value, limits.min, limits.max, unit);
    if (problem !== undefined) problems.push(`${field}: ${problem}`);
  };
  check(
    'signatureFailuresPer5Minutes',
    signatureFailures,
    MONITORING_LIMITS.signatureFailuresPer5Minutes,
    'failures',
  );
  check(
    'oldestMessageAge',
    oldestMessageAge.toMinutes({ integral: false }),
    MONITORING_LIMITS.oldestMessageAgeMinutes,
    'minutes',
  );
  if (noDeliveryFor !== undefined) {
    check(
      'noDeliveryFor',
      noDeliveryFor.toHours({ integral: false }),
      MONITORING_LIMITS.noDeliveryHours,
      'hours',
    );
  }
  if (alarmEmail !== undefined && !Token.isUnresolved(alarmEmail)) {
    const problem = emailProblem(alarmEmail);
    if (problem !== undefined) problems.push(`alarmEmail: ${problem}`);
  }
  if (problems.length > 0) {
    throw new Error(
      `invalid ArgyleWebhookMonitoring props at ${scope.node.path}:\n${problems.map((p) => `  ${p}`).join('\n')}`,
    );
  }
}
