/**
 * What {@link ArgyleWebhookMonitoring} adds for a {@link SubscriptionWatcher}: an alarm per drift kind, an
 * alarm when the watcher fails, when it stops running and when it cannot see every subscription, and a
 * dashboard row. Each alarm description says what happened and what to do (docs/operations.md has the
 * runbook per kind).
 */
import { Duration } from 'aws-cdk-lib';
import {
  ComparisonOperator,
  GraphWidget,
  type IMetric,
  type IWidget,
  MathExpression,
  Stats,
  TextWidget,
  TreatMissingData,
} from 'aws-cdk-lib/aws-cloudwatch';
import {
  WATCHER_METRIC_DIMENSION as D,
  RECEIVER_METRIC,
  RECEIVER_METRIC_DIMENSION,
  RECEIVER_METRIC_NAMESPACE,
  SUBSCRIPTION_DRIFT_KINDS,
  WATCHER_METRIC,
  WATCHER_SERVICE_NAME,
} from '../../functions/shared/contract.js';
import type { AlarmSpec } from './monitoring-alarms.js';
import type { ReceiverMetrics } from './receiver-metrics.js';
import type { SubscriptionDriftKind, SubscriptionWatcher } from './subscription-watcher.js';

const RUNBOOK = 'Runbook: docs/operations.md, "Subscription drift".';

/** What each kind means and what to do, for its alarm's description. */
const KIND_ALARMS: Record<SubscriptionDriftKind, { readonly name: string; readonly description: string }> = {
  missing: {
    name: 'SubscriptionMissing',
    description:
      'A configured Argyle subscription is missing: none with its name delivers to the webhook URL (deleted in ' +
      'Argyle Console?), so none of its events arrive. The watcher log line "subscription drift" names it. With ' +
      'subscriptionWatch.repair on, the next run recreates it; otherwise run npx argyle-subscriptions repair ' +
      `--state-table <table>, or create it with the same options. ${RUNBOOK}`,
  },
  changed: {
    name: 'SubscriptionChanged',
    description:
      "A configured Argyle subscription's events, config or URL differ from the configuration (edited in " +
      'Argyle Console?): events are missing or go elsewhere. The log line names both values. With repair on, ' +
      'the watcher creates the configured one and deletes the changed one (it is the stack’s); otherwise run ' +
      `npx argyle-subscriptions repair --state-table <table>. ${RUNBOOK}`,
  },
  'secret-differs': {
    name: 'SubscriptionSecretDiffers',
    description:
      'An Argyle subscription signs with a secret that is not the signing secret’s current value (and no rotation ' +
      'is in progress): its deliveries get 401, or verify only with the previous value. After put-secret-value, ' +
      'finish the rotation (raise argyleApi.signingSecretGeneration and deploy); with repair on the watcher ' +
      `recreates the subscription with the current value. ${RUNBOOK}`,
  },
  duplicate: {
    name: 'SubscriptionDuplicate',
    description:
      'Another Argyle subscription delivers the same events to the webhook URL, so every event arrives twice. ' +
      'The watcher never deletes a subscription the stack does not own: the log line gives its id; delete it ' +
      `with npx argyle-subscriptions delete <id> once you know whose it is. ${RUNBOOK}`,
  },
  silent: {
    name: 'SubscriptionSilent',
    description:
      'Argyle has sent deliveries for a subscription that the receiver has not accepted for longer than ' +
      'subscriptionWatch.silentAfterMinutes: they are refused on the way (source IP policy, WAF, throttling, a ' +
      "signature mismatch, a wrong URL). Look at the dashboard's 4xx and 5xx, the access log and the receiver's " +
      `"delivery rejected" lines around the time in the log line. ${RUNBOOK}`,
  },
};

/** The alarms, in this order: one per drift kind, then the watcher's own. */
export function watcherAlarms(watcher: SubscriptionWatcher): AlarmSpec[] {
  const every = watcher.every;
  const minutes = every.toMinutes();
  const drift: AlarmSpec[] = SUBSCRIPTION_DRIFT_KINDS.map((kind) => ({
    name: KIND_ALARMS[kind].name,
    metric: watcher.metricDrift(kind),
    threshold: 1,
    // A run lands in one of two periods of the schedule's length: a finding of either keeps the alarm on.
    // `silent` waits for a second run: the receiver's count reaches CloudWatch a minute or two after the
    // delivery, so the first delivery after a quiet spell can look silent to one run.
    ...(kind === 'silent'
      ? { evaluationPeriods: 3, datapointsToAlarm: 2 }
      : { evaluationPeriods: 2, datapointsToAlarm: 1 }),
    description: KIND_ALARMS[kind].description,
  }));
  return [
    ...drift,
    {
      name: 'SubscriptionWatcherErrors',
      metric: watcher.function.metricErrors({ statistic: Stats.SUM, period: Duration.minutes(5) }),
      threshold: 1,
      description:
        'The subscription watcher failed: it could not read the state table, the API credentials or the signing ' +
        'secret, could not reach Argyle or CloudWatch, or a repair failed. Its ERROR log lines say which; what ' +
        'it could check was still reported. The next run tries again.',
    },
    {
      name: 'SubscriptionWatcherNotRunning',
      metric: watcher.metricRuns(),
      threshold: 1,
      comparisonOperator: ComparisonOperator.LESS_THAN_THRESHOLD,
      evaluationPeriods: 2,
      treatMissingData: TreatMissingData.BREACHING,
      description:
        `The subscription watcher has not finished a run for ${2 * minutes} minutes (it runs every ${minutes}): ` +
        'nothing is watching the Argyle subscriptions. Check its schedule rule is enabled, and its errors and ' +
        'log group.',
    },
    {
      name: 'SubscriptionChecksIncomplete',
      metric: watcher.metricIncomplete(),
      threshold: 1,
      evaluationPeriods: 2,
      datapointsToAlarm: 1,
      description:
        'Argyle lists more subscriptions than the watcher reads (50 pages of 200), so it cannot tell whether a ' +
        'configured one is missing and repairs nothing. Delete the subscriptions no longer used (npx ' +
        'argyle-subscriptions list).',
    },
  ];
}

/** The dashboard's rows for the watcher: findings by kind and by subscription, acceptance per subscription. */
export function watcherDashboardRows(
  watcher: SubscriptionWatcher,
  receiverMetrics: ReceiverMetrics,
  period: Duration,
): IWidget[][] {
  const graph = (title: string, left: IMetric[], width = 8) =>
    new GraphWidget({ title, left, width, height: 6, period, leftYAxis: { label: 'count', min: 0 } });
  const schema = [RECEIVER_METRIC_NAMESPACE, D.SERVICE, D.FUNCTION_NAME, D.KIND, D.SUBSCRIPTION].join(',');
  const bySubscription = new MathExpression({
    expression:
      `SEARCH('{${schema}} MetricName="${WATCHER_METRIC.DRIFT}" ${D.SERVICE}="${WATCHER_SERVICE_NAME}" ` +
      `${D.FUNCTION_NAME}="${watcher.function.functionName}"', 'Sum', ${watcher.every.toSeconds()})`,
    usingMetrics: {},
    label: `\${PROP('Dim.${D.SUBSCRIPTION}')}: \${PROP('Dim.${D.KIND}')}`,
    period: watcher.every,
  });
  return [
    [
      new TextWidget({
        markdown:
          '## Argyle subscriptions\n' +
          `Checked every ${watcher.every.toMinutes()} minutes against the ownership records` +
          `${watcher.repair ? ', and repaired' : ' (repair is off)'}; a finding is counted once per run.`,
        width: 24,
        height: 2,
      }),
    ],
    [
      graph(
        'Drift findings by kind',
        SUBSCRIPTION_DRIFT_KINDS.map((kind) => watcher.metricDrift(kind).with({ label: kind })),
      ),
      graph('Drift findings by subscription', [bySubscription]),
      graph('Accepted per subscription', [
        receiverMetrics.search(RECEIVER_METRIC.ACCEPTED, RECEIVER_METRIC_DIMENSION.SUBSCRIPTION),
      ]),
    ],
    [
      graph('Watcher runs and errors', [
        watcher.metricRuns().with({ label: 'runs' }),
        watcher.function.metricErrors({ statistic: Stats.SUM, period: watcher.every, label: 'errors' }),
        watcher.metricIncomplete().with({ label: 'could not see every subscription' }),
      ]),
      graph('Repairs by outcome', [
        new MathExpression({
          expression:
            `SEARCH('{${RECEIVER_METRIC_NAMESPACE},${D.SERVICE},${D.FUNCTION_NAME},${D.OUTCOME},${D.SUBSCRIPTION}} ` +
            `MetricName="${WATCHER_METRIC.REPAIRS}" ${D.FUNCTION_NAME}="${watcher.function.functionName}"', 'Sum', ` +
            `${watcher.every.toSeconds()})`,
          usingMetrics: {},
          label: `\${PROP('Dim.${D.SUBSCRIPTION}')}: \${PROP('Dim.${D.OUTCOME}')}`,
          period: watcher.every,
        }),
      ]),
    ],
  ];
}
