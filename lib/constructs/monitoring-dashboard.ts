import type { CfnResource, Duration } from 'aws-cdk-lib';
import {
  type Alarm,
  AlarmStatusWidget,
  Dashboard,
  GraphWidget,
  type IMetric,
  type IWidget,
  type Metric,
  Stats,
  TextWidget,
} from 'aws-cdk-lib/aws-cloudwatch';
import type { Construct } from 'constructs';
import {
  ATTRIBUTE_ADJUSTMENT,
  CATCH_ALL_REASONS,
  RECEIVER_METRIC,
  RECEIVER_METRIC_DIMENSION,
  REJECTION_REASONS,
} from '../../functions/shared/contract.js';
import type { ArgyleWebhookArchive } from './argyle-webhook-archive.js';
import type { ArgyleWebhookIngest } from './argyle-webhook-ingest.js';
import type { WatchedQueue } from './argyle-webhook-monitoring.js';
import type { ArgyleWebhookWaf } from './argyle-webhook-waf.js';
import type { ReceiverMetrics } from './receiver-metrics.js';

export interface MonitoringDashboardInputs {
  readonly dashboardName: string;
  readonly ingest: ArgyleWebhookIngest;
  readonly queues: readonly WatchedQueue[];
  readonly receiverMetrics: ReceiverMetrics;
  readonly accessLogMetrics?: { readonly throttled: Metric; readonly forbidden: Metric };
  readonly waf?: ArgyleWebhookWaf;
  readonly archive?: ArgyleWebhookArchive;
  readonly alarms: readonly Alarm[];
  readonly period: Duration;
  /** Rows shown after the queues', e.g. the subscription watcher's. */
  readonly moreRows?: readonly (readonly IWidget[])[];
}

const ATTRIBUTE_ADJUSTMENTS = Object.values(ATTRIBUTE_ADJUSTMENT);

/**
 * The dashboard, top to bottom: alarm states; requests and what became of them; deliveries per event family
 * and per event, catch-all reasons, schema failures and attribute values cut or left out; each queue (routed,
 * failed sends, waiting, oldest, dead letters); `moreRows` (the subscription watcher's); the receiver function;
 * the web ACL when there is one.
 */
export function createMonitoringDashboard(
  scope: Construct,
  id: string,
  inputs: MonitoringDashboardInputs,
): Dashboard {
  const { ingest, queues, receiverMetrics: m, period } = inputs;
  const { REASON, EVENT_FAMILY, EVENT, QUEUE } = RECEIVER_METRIC_DIMENSION;
  const dashboard = new Dashboard(scope, id, { dashboardName: inputs.dashboardName });
  const graph = (title: string, left: IMetric[], width = 8, leftYAxisLabel = 'count') =>
    new GraphWidget({ title, left, width, height: 6, period, leftYAxis: { label: leftYAxisLabel, min: 0 } });
  const heading = (markdown: string) => new TextWidget({ markdown, width: 24, height: 1 });
  const stage = ingest.api.deploymentStage;
  const queueMetric = (watched: WatchedQueue, metric: Metric) => metric.with({ label: watched.name });

  const rows: IWidget[][] = [
    [
      new TextWidget({
        markdown:
          '# Argyle webhooks\n' +
          `Deliveries to \`${ingest.webhookUrl}\`: what API Gateway answered, what the receiver did with them, ` +
          'and the queues they went to. Every alarm notifies the alarm topic; its description says what to do.',
        width: 24,
        height: 2,
      }),
    ],
    [new AlarmStatusWidget({ title: 'Alarms', alarms: [...inputs.alarms], width: 24, height: 4 })],
    [heading('## Requests')],
    [
      graph('Requests and answers (API Gateway)', [
        stage.metricCount({ statistic: Stats.SUM, period, label: 'requests' }),
        stage.metricClientError({ period, label: '4xx' }),
        stage.metricServerError({ period, label: '5xx' }),
      ]),
      graph('What the receiver did', [
        m.metric(RECEIVER_METRIC.ACCEPTED, {}, 'accepted'),
        ...REJECTION_REASONS.map((reason) =>
          m.metric(RECEIVER_METRIC.REJECTED, { [REASON]: reason }, `rejected: ${reason}`),
        ),
        m.metric(RECEIVER_METRIC.SECRET_UNAVAILABLE, {}, 'secret unavailable (503)'),
      ]),
      inputs.accessLogMetrics
        ? graph('Refused before the receiver (access log)', [
            inputs.accessLogMetrics.forbidden.with({ label: '403 source address not allowed' }),
            inputs.accessLogMetrics.throttled.with({ label: '429 throttled by the stage' }),
          ])
        : graph(
            'Latency (ms)',
            [stage.metricLatency({ statistic: Stats.p(99), period, label: 'p99' })],
            8,
            'ms',
          ),
    ],
    [heading('## Per event family')],
    [
      graph('Accepted per event family', [m.search(RECEIVER_METRIC.ACCEPTED, EVENT_FAMILY)], 12),
      graph('Accepted per event', [m.search(RECEIVER_METRIC.ACCEPTED, EVENT)], 12),
    ],
    [
      graph(
        'Sent to the catch-all queue, by reason',
        CATCH_ALL_REASONS.map((reason) => m.metric(RECEIVER_METRIC.CATCH_ALL, { [REASON]: reason }, reason)),
      ),
      graph('Schema failures per event family', [m.search(RECEIVER_METRIC.SCHEMA_FAILURES, EVENT_FAMILY)]),
      // Stored all the same, the body intact: consumers read these values from the body.
      graph(
        'Attribute values cut or left out',
        ATTRIBUTE_ADJUSTMENTS.map((adjustment) =>
          m.metric(RECEIVER_METRIC.ATTRIBUTES_ADJUSTED, { [REASON]: adjustment }, adjustment),
        ),
      ),
    ],
    [heading('## Per queue')],
    [
      graph(
        'Messages routed',
        queues.map((q) => m.metric(RECEIVER_METRIC.ROUTED, { [QUEUE]: q.queue.queueName }, q.name)),
      ),
      graph(
        'Send failures',
        queues.map((q) => m.metric(RECEIVER_METRIC.SEND_FAILURES, { [QUEUE]: q.queue.queueName }, q.name)),
      ),
      graph(
        'Messages waiting',
        queues.map((q) =>
          queueMetric(
            q,
            q.queue.metricApproximateNumberOfMessagesVisible({ statistic: Stats.MAXIMUM, period }),
          ),
        ),
      ),
    ],
    [
      graph(
        'Age of the oldest message (s)',
        queues.map((q) =>
          queueMetric(q, q.queue.metricApproximateAgeOfOldestMessage({ statistic: Stats.MAXIMUM, period })),
        ),
        12,
        'seconds',
      ),
      graph(
        'Messages in dead-letter queues',
        queues.flatMap((q) =>
          q.deadLetterQueue
            ? [
                queueMetric(
                  q,
                  q.deadLetterQueue.metricApproximateNumberOfMessagesVisible({
                    statistic: Stats.MAXIMUM,
                    period,
                  }),
                ),
              ]
            : [],
        ),
        12,
      ),
    ],
    ...(inputs.moreRows ?? []).map((row) => [...row]),
    [heading('## Receiver function')],
    [
      graph('Invocations, errors, throttles', [
        ingest.receiver.metricInvocations({ statistic: Stats.SUM, period, label: 'invocations' }),
        ingest.receiver.metricErrors({ statistic: Stats.SUM, period, label: 'errors' }),
        ingest.receiver.metricThrottles({ statistic: Stats.SUM, period, label: 'throttles' }),
      ]),
      graph(
        'Duration (ms)',
        [
          ingest.receiver.metricDuration({ statistic: Stats.p(50), period, label: 'p50' }),
          ingest.receiver.metricDuration({ statistic: Stats.p(99), period, label: 'p99' }),
        ],
        8,
        'ms',
      ),
      graph('Signing secret', [
        m.metric(RECEIVER_METRIC.SECRET_REFRESHES, {}, 'refreshed after a failed check'),
        m.metric(RECEIVER_METRIC.SECRET_UNAVAILABLE, {}, 'unavailable'),
      ]),
    ],
  ];
  const { archive } = inputs;
  if (archive) {
    rows.push(
      [heading('## Archive')],
      [
        graph('Archive queue', [
          archive.queue.metricApproximateNumberOfMessagesVisible({
            statistic: Stats.MAXIMUM,
            period,
            label: 'waiting',
          }),
          archive.deadLetterQueue.metricApproximateNumberOfMessagesVisible({
            statistic: Stats.MAXIMUM,
            period,
            label: 'dead letters',
          }),
        ]),
        graph(
          'Oldest delivery not yet archived (s)',
          [
            archive.queue.metricApproximateAgeOfOldestMessage({
              statistic: Stats.MAXIMUM,
              period,
              label: 'oldest',
            }),
          ],
          8,
          'seconds',
        ),
        graph('Archiver', [
          archive.archiver.metricInvocations({ statistic: Stats.SUM, period, label: 'invocations' }),
          archive.archiver.metricErrors({ statistic: Stats.SUM, period, label: 'errors' }),
          archive.archiver.metricThrottles({ statistic: Stats.SUM, period, label: 'throttles' }),
        ]),
      ],
    );
  }
  if (inputs.waf) {
    rows.push(
      [heading('## Web ACL')],
      [
        graph('Web ACL', [
          inputs.waf.metric('AllowedRequests', { label: 'allowed', period }),
          inputs.waf.metric('BlockedRequests', { label: 'blocked', period }),
        ]),
      ],
    );
  }
  for (const row of rows) dashboard.addWidgets(...row);
  // CloudFormation accepts Tags on AWS::CloudWatch::Dashboard (docs.aws.amazon.com/AWSCloudFormation/latest/
  // TemplateReference/aws-resource-cloudwatch-dashboard.html), and CDK tags it; cfn-lint's bundled schema
  // predates that property, so its E3002 is silenced on this resource alone.
  (dashboard.node.defaultChild as CfnResource).addMetadata('cfn-lint', {
    config: { ignore_checks: ['E3002'] },
  });
  return dashboard;
}
