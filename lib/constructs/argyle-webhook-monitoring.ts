import { Duration, Stack } from 'aws-cdk-lib';
import {
  Alarm,
  ComparisonOperator,
  type Dashboard,
  type Metric,
  Stats,
  TreatMissingData,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { FilterPattern, MetricFilter } from 'aws-cdk-lib/aws-logs';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
import { AlarmTopic } from './alarm-topic.js';
import type { ArgyleWebhookArchive } from './argyle-webhook-archive.js';
import type { ArgyleWebhookIngest } from './argyle-webhook-ingest.js';
import type { ArgyleWebhookWaf } from './argyle-webhook-waf.js';
import {
  type AlarmSpec,
  apiThrottlesAlarm,
  archiveAlarms,
  FIVE_MINUTES,
  MONITORING_DEFAULTS,
  noDeliveriesAlarm,
  queueAlarms,
  receiverAlarms,
  validateMonitoringProps,
  type WatchedQueue,
  watchedQueues,
} from './monitoring-alarms.js';
import { createMonitoringDashboard } from './monitoring-dashboard.js';
import { ReceiverMetrics } from './receiver-metrics.js';
import type { SubscriptionWatcher } from './subscription-watcher.js';
import { watcherAlarms, watcherDashboardRows } from './watcher-monitoring.js';

export {
  MONITORING_DEFAULTS,
  MONITORING_LIMITS,
  type WatchedQueue,
  watchedQueues,
} from './monitoring-alarms.js';

/** Metrics the stack derives from the API's access log (one count per request with that status). */
export const ACCESS_LOG_METRIC = {
  /** Status 429: the stage's throttling refused the request. */
  THROTTLED: 'ApiThrottledRequests',
  /** Status 403: the resource policy refused the caller's address (or the path does not exist). */
  FORBIDDEN: 'ApiForbiddenRequests',
  /** The dimension, from the access log's `apiId`. */
  DIMENSION: 'ApiId',
} as const;

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
  /**
   * The archive, to alarm on its dead letters, its backlog and the archiver's errors, and to graph.
   *
   * @default - no archive alarms or graphs
   */
  readonly archive?: ArgyleWebhookArchive;
  /**
   * The subscription watcher: an alarm per drift kind (missing, changed, secret differs, duplicate, silent), one
   * when it fails, stops running or cannot see every subscription, and a dashboard row.
   *
   * @default - no subscription alarms
   */
  readonly subscriptionWatcher?: SubscriptionWatcher;
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
 * - optionally, no accepted delivery for `noDeliveryFor`;
 * - with an archive: a message in its dead-letter queue, its queue's oldest message older than an hour, and any
 *   error of the archiver function;
 * - with a `subscriptionWatcher`, each kind of subscription drift, and the watcher failing, not running or not
 *   seeing every subscription.
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
    validateMonitoringProps(this, signatureFailures, oldestMessageAge, props.noDeliveryFor, props.alarmEmail);

    this.namePrefix = `${Stack.of(this).stackName}-${id}`.replace(/[^A-Za-z0-9_-]/g, '-');
    this.alarmTopic = props.alarmTopic ?? new AlarmTopic(this, 'AlarmTopic').topic;
    if (props.alarmEmail !== undefined)
      this.alarmTopic.addSubscription(new EmailSubscription(props.alarmEmail));
    this.queues = watchedQueues(ingest);
    const receiverMetrics = new ReceiverMetrics(ingest.receiver, FIVE_MINUTES);

    for (const spec of queueAlarms(this.queues, oldestMessageAge)) this.addAlarm(spec);
    for (const spec of receiverAlarms(ingest, receiverMetrics, signatureFailures)) this.addAlarm(spec);
    const accessLogMetrics = this.accessLogMetrics(ingest, receiverMetrics.namespace);
    if (accessLogMetrics) {
      this.addAlarm(apiThrottlesAlarm(accessLogMetrics.throttled));
    }

    if (props.archive) for (const spec of archiveAlarms(props.archive)) this.addAlarm(spec);

    // Silence.
    if (props.noDeliveryFor !== undefined) {
      this.addAlarm(noDeliveriesAlarm(receiverMetrics, props.noDeliveryFor));
    }
    if (props.subscriptionWatcher !== undefined) {
      for (const spec of watcherAlarms(props.subscriptionWatcher)) this.addAlarm(spec);
    }
    this.alarms = this.alarmList;

    this.dashboard = createMonitoringDashboard(this, 'Dashboard', {
      dashboardName: this.namePrefix,
      ingest,
      queues: this.queues,
      receiverMetrics,
      accessLogMetrics,
      waf: props.waf,
      archive: props.archive,
      alarms: this.alarms,
      period: FIVE_MINUTES,
      ...(props.subscriptionWatcher === undefined
        ? {}
        : { moreRows: watcherDashboardRows(props.subscriptionWatcher, receiverMetrics, FIVE_MINUTES) }),
    });
  }

  private addAlarm(options: AlarmSpec): Alarm {
    const { name } = options;
    const evaluationPeriods = options.evaluationPeriods ?? 1;
    const alarm = new Alarm(this, name, {
      alarmName: `${this.namePrefix}-${name}`,
      alarmDescription: options.description,
      metric: options.metric,
      threshold: options.threshold,
      comparisonOperator: options.comparisonOperator ?? ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods,
      datapointsToAlarm: options.datapointsToAlarm ?? evaluationPeriods,
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
