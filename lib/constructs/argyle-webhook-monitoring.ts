import { Duration, Stack, Token } from 'aws-cdk-lib';
import {
  Alarm,
  ComparisonOperator,
  type Dashboard,
  type IMetric,
  type Metric,
  Stats,
  TreatMissingData,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { FilterPattern, MetricFilter } from 'aws-cdk-lib/aws-logs';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { RECEIVER_METRIC, RECEIVER_METRIC_DIMENSION } from '../../functions/shared/contract.js';
import { emailProblem, integerRangeProblem } from '../validation.js';
import { AlarmTopic } from './alarm-topic.js';
import type { ArgyleWebhookIngest } from './argyle-webhook-ingest.js';
import type { ArgyleWebhookWaf } from './argyle-webhook-waf.js';
import { createMonitoringDashboard } from './monitoring-dashboard.js';
import { ReceiverMetrics } from './receiver-metrics.js';

/** Defaults of {@link ArgyleWebhookMonitoringProps}, shared with the cdk.json configuration. */
export const MONITORING_DEFAULTS = {
  signatureFailuresPer5Minutes: 20,
  oldestMessageAgeMinutes: 30,
} as const;

/** Limits of the settings, shared with the cdk.json configuration. */
export const MONITORING_LIMITS = {
  signatureFailuresPer5Minutes: { min: 1, max: 1_000_000 },
  /** Up to the longest SQS retention, 14 days. */
  oldestMessageAgeMinutes: { min: 1, max: 20_160 },
  /** An alarm may look back at most one day. */
  noDeliveryHours: { min: 1, max: 24 },
} as const;

/** Metrics the stack derives from the API's access log (one count per request with that status). */
export const ACCESS_LOG_METRIC = {
  /** Status 429: the stage's throttling refused the request. */
  THROTTLED: 'ApiThrottledRequests',
  /** Status 403: the resource policy refused the caller's address (or the path does not exist). */
  FORBIDDEN: 'ApiForbiddenRequests',
  /** The dimension, from the access log's `apiId`. */
  DIMENSION: 'ApiId',
} as const;

const FIVE_MINUTES = Duration.minutes(5);

export interface ArgyleWebhookMonitoringProps {
  /** What to watch. */
  readonly ingest: ArgyleWebhookIngest;
  /**
   * The topic every alarm notifies, in ALARM and back in OK.
   *
   * @default - a new topic, encrypted with a new customer managed KMS key CloudWatch may use
   */
  readonly alarmTopic?: ITopic;
  /**
   * An e-mail address to subscribe to the alarm topic (AWS first sends it a confirmation link).
   *
   * @default - no subscription
   */
  readonly alarmEmail?: string;
  /**
   * Deliveries failing the signature check within 5 minutes that raise the signature alarm.
   *
   * @default 20
   */
  readonly signatureFailuresPer5Minutes?: number;
  /**
   * Age of the oldest message in a route's queue or the catch-all queue that raises that queue's alarm; whole
   * minutes, from 1 minute to 14 days.
   *
   * @default Duration.minutes(30)
   */
  readonly oldestMessageAge?: Duration;
  /**
   * When given, an alarm is raised when no delivery was accepted for this long; whole hours, 1 to 24. For
   * endpoints that receive deliveries around the clock.
   *
   * @default - no such alarm
   */
  readonly noDeliveryFor?: Duration;
  /**
   * The web ACL in front of the API, for the dashboard.
   *
   * @default - no WAF graphs
   */
  readonly waf?: ArgyleWebhookWaf;
}

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

/**
 * Alarms and a dashboard for {@link ArgyleWebhookIngest}. Every alarm notifies one SNS topic when it goes into
 * ALARM and when it is OK again, has a generated name (`<stack>-<id>-<what>`) and a description that says what
 * happened and what to do:
 *
 * - a message in any dead-letter queue the ingest construct created;
 * - the oldest message of a route's queue or the catch-all queue older than `oldestMessageAge`;
 * - any 5xx answer of the API, and any error (crash, timeout) of the receiver function;
 * - `signatureFailuresPer5Minutes` signature failures in 5 minutes;
 * - any throttling: of the receiver by Lambda, and (with access logs) of requests by the API stage;
 * - optionally, no accepted delivery for `noDeliveryFor`.
 */
export class ArgyleWebhookMonitoring extends Construct {
  /** The topic the alarms notify. */
  readonly alarmTopic: ITopic;
  /** Every alarm, in creation order. */
  readonly alarms: readonly Alarm[];
  /** The CloudWatch dashboard. */
  readonly dashboard: Dashboard;
  /** The queues watched, each once, routes first and the catch-all last. */
  readonly queues: readonly WatchedQueue[];

  private readonly alarmList: Alarm[] = [];
  private readonly namePrefix: string;

  constructor(scope: Construct, id: string, props: ArgyleWebhookMonitoringProps) {
    super(scope, id);
    const { ingest } = props;
    const signatureFailures =
      props.signatureFailuresPer5Minutes ?? MONITORING_DEFAULTS.signatureFailuresPer5Minutes;
    const oldestMessageAge =
      props.oldestMessageAge ?? Duration.minutes(MONITORING_DEFAULTS.oldestMessageAgeMinutes);
    validate(this, signatureFailures, oldestMessageAge, props.noDeliveryFor, props.alarmEmail);

    this.namePrefix = `${Stack.of(this).stackName}-${id}`.replace(/[^A-Za-z0-9_-]/g, '-');
    this.alarmTopic = props.alarmTopic ?? new AlarmTopic(this, 'AlarmTopic').topic;
    if (props.alarmEmail !== undefined)
      this.alarmTopic.addSubscription(new EmailSubscription(props.alarmEmail));
    this.queues = watchedQueues(ingest);
    const receiverMetrics = new ReceiverMetrics(ingest.receiver, FIVE_MINUTES);

    // Queues: dead letters, then messages piling up.
    for (const watched of this.queues) {
      if (watched.deadLetterQueue === undefined) continue;
      this.addAlarm(`DeadLetters-${watched.name}`, {
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
    for (const watched of this.queues) {
      this.addAlarm(`OldestMessage-${watched.name}`, {
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

    // Errors.
    this.addAlarm('ApiServerErrors', {
      metric: ingest.api.deploymentStage.metricServerError({ statistic: Stats.SUM, period: FIVE_MINUTES }),
      threshold: 1,
      description:
        'API Gateway answered 5xx to Argyle, which will retry: a queue refused a message (SendFailures metric), ' +
        'the signing secret could not be read (SecretUnavailable), or the receiver failed. Search the ' +
        'receiver\'s log group for "delivery not stored", "signing secret unavailable" or "receiver failed".',
    });
    this.addAlarm('ReceiverErrors', {
      metric: ingest.receiver.metricErrors({ statistic: Stats.SUM, period: FIVE_MINUTES }),
      threshold: 1,
      description:
        'The receiver function crashed or timed out (it answers every expected failure itself, so this is a ' +
        'bug, a broken deployment or a timeout). Read the ERROR lines and "Task timed out" in its log group; ' +
        'Argyle got a 5xx and will retry.',
    });

    // Probing.
    this.addAlarm('SignatureFailures', {
      metric: receiverMetrics.metric(RECEIVER_METRIC.REJECTED, {
        [RECEIVER_METRIC_DIMENSION.REASON]: 'signature',
      }),
      threshold: signatureFailures,
      description:
        `At least ${signatureFailures} deliveries in 5 minutes failed the X-Argyle-Signature check. Either ` +
        'someone is sending forged deliveries (look up sourceIp in the access log, consider the WAF), or the ' +
        "secret in Secrets Manager no longer matches the Argyle subscription's: after a rotation, update both.",
    });

    // Throttling.
    this.addAlarm('ReceiverThrottles', {
      metric: ingest.receiver.metricThrottles({ statistic: Stats.SUM, period: FIVE_MINUTES }),
      threshold: 1,
      description:
        "Lambda refused to run the receiver for lack of concurrency (the account's limit, shared with every " +
        'other function): Argyle got errors and will retry. Raise the Lambda concurrency quota, or reserve ' +
        'concurrency for the receiver.',
    });
    const accessLogMetrics = this.accessLogMetrics(ingest, receiverMetrics.namespace);
    if (accessLogMetrics) {
      this.addAlarm('ApiThrottles', {
        metric: accessLogMetrics.throttled,
        threshold: 1,
        description:
          'The API stage answered 429 Too Many Requests: more requests arrived than throttling.rateLimit and ' +
          'throttling.burstLimit allow. Argyle does not document whether it retries a 429, so each may be a lost ' +
          "delivery. If the access log shows them coming from Argyle's addresses, raise the limits (docs/capacity.md) " +
          'and ask Argyle to resend; otherwise someone is flooding the endpoint.',
      });
    }

    // Silence.
    if (props.noDeliveryFor !== undefined) {
      const hours = props.noDeliveryFor.toHours();
      this.addAlarm('NoDeliveries', {
        metric: receiverMetrics.metric(RECEIVER_METRIC.ACCEPTED).with({ period: Duration.hours(1) }),
        threshold: 1,
        comparisonOperator: ComparisonOperator.LESS_THAN_THRESHOLD,
        evaluationPeriods: hours,
        treatMissingData: TreatMissingData.BREACHING,
        description:
          `No delivery was accepted for ${hours} hours. Check that the Argyle subscription exists and points ` +
          'at the WebhookUrl output, and look at the 4xx and 5xx answers on the dashboard: 401s mean the ' +
          "signing secret no longer matches the subscription's, 403s a changed source address.",
      });
    }
    this.alarms = this.alarmList;

    this.dashboard = createMonitoringDashboard(this, 'Dashboard', {
      dashboardName: this.namePrefix,
      ingest,
      queues: this.queues,
      receiverMetrics,
      accessLogMetrics,
      waf: props.waf,
      alarms: this.alarms,
      period: FIVE_MINUTES,
    });
  }

  private addAlarm(
    name: string,
    options: {
      metric: IMetric;
      threshold: number;
      description: string;
      comparisonOperator?: ComparisonOperator;
      evaluationPeriods?: number;
      treatMissingData?: TreatMissingData;
    },
  ): Alarm {
    const evaluationPeriods = options.evaluationPeriods ?? 1;
    const alarm = new Alarm(this, name, {
      alarmName: `${this.namePrefix}-${name}`,
      alarmDescription: options.description,
      metric: options.metric,
      threshold: options.threshold,
      comparisonOperator: options.comparisonOperator ?? ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods,
      datapointsToAlarm: evaluationPeriods,
      treatMissingData: options.treatMissingData ?? TreatMissingData.NOT_BREACHING,
    });
    const action = new SnsAction(this.alarmTopic);
    alarm.addAlarmAction(action);
    alarm.addOkAction(action);
    this.alarmList.push(alarm);
    return alarm;
  }

  /** Counts of 429 and 403 answers, from the access log (API Gateway has no metric for either). */
  private accessLogMetrics(
    ingest: ArgyleWebhookIngest,
    namespace: string,
  ): { throttled: Metric; forbidden: Metric } | undefined {
    const logGroup = ingest.accessLogGroup;
    if (logGroup === undefined) return undefined;
    const count = (id: string, status: string, metricName: string) =>
      new MetricFilter(this, id, {
        logGroup,
        filterPattern: FilterPattern.stringValue('$.status', '=', status),
        metricNamespace: namespace,
        metricName,
        metricValue: '1',
        dimensions: { [ACCESS_LOG_METRIC.DIMENSION]: '$.apiId' },
      }).metric({
        statistic: Stats.SUM,
        period: FIVE_MINUTES,
        dimensionsMap: { [ACCESS_LOG_METRIC.DIMENSION]: ingest.api.restApiId },
      });
    return {
      throttled: count('ThrottledRequests', '429', ACCESS_LOG_METRIC.THROTTLED),
      forbidden: count('ForbiddenRequests', '403', ACCESS_LOG_METRIC.FORBIDDEN),
    };
  }
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

function validate(
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
