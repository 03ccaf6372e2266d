import { Duration, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { Queue } from 'aws-cdk-lib/aws-sqs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createMetrics } from '../../functions/receiver/observability';
import { ArgyleWebhookStack } from '../../lib/argyle-webhook-stack';
import { parseConfig } from '../../lib/config';
import {
  ArgyleWebhookIngest,
  type ArgyleWebhookIngestProps,
} from '../../lib/constructs/argyle-webhook-ingest';
import {
  ArgyleWebhookMonitoring,
  type ArgyleWebhookMonitoringProps,
} from '../../lib/constructs/argyle-webhook-monitoring';
import { fastApp } from '../support/cdk-app';
import { flatten, logicalId, type Resource } from './template-helpers';

const ROUTES: ArgyleWebhookIngestProps['routes'] = [
  { name: 'accounts', events: ['accounts.*'] },
  { name: 'payroll', events: ['paystubs.*'], fifo: true },
];

function synth(
  props: Omit<ArgyleWebhookMonitoringProps, 'ingest'> = {},
  ingestProps: ArgyleWebhookIngestProps = { routes: ROUTES },
) {
  const stack = new Stack(fastApp(), 'Test');
  const ingest = new ArgyleWebhookIngest(stack, 'Ingest', ingestProps);
  const monitoring = new ArgyleWebhookMonitoring(stack, 'Monitoring', { ingest, ...props });
  return { stack, ingest, monitoring, template: Template.fromStack(stack) };
}

/** The properties of the alarm named `Test-Monitoring-<name>`. */
function alarm(template: Template, name: string): Record<string, unknown> {
  const alarms = Object.values(
    template.findResources('AWS::CloudWatch::Alarm', {
      Properties: { AlarmName: `Test-Monitoring-${name}` },
    }),
  ) as Resource[];
  const [found] = alarms;
  if (alarms.length !== 1 || found?.Properties === undefined) throw new Error(`no alarm ${name}`);
  return found.Properties;
}

function alarmNames(template: Template): string[] {
  return (Object.values(template.findResources('AWS::CloudWatch::Alarm')) as Resource[]).map((resource) =>
    String(resource.Properties?.AlarmName),
  );
}

/** The dimension names of the EMF line `emit` writes, for the first dimension set. */
function emittedDimensionSets(emit: () => void): string[][] {
  const written: string[] = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    written.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
    return true;
  });
  emit();
  vi.restoreAllMocks();
  const line = JSON.parse(written.join('').trim());
  return line._aws.CloudWatchMetrics[0].Dimensions;
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('ArgyleWebhookMonitoring', () => {
  describe('alarm topic', () => {
    const { stack, monitoring, template } = synth();

    it('creates one topic encrypted with a rotating customer managed key that CloudWatch may use', () => {
      template.resourceCountIs('AWS::SNS::Topic', 1);
      template.resourceCountIs('AWS::KMS::Key', 1);
      template.hasResourceProperties('AWS::SNS::Topic', {
        KmsMasterKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^MonitoringAlarmTopicKey'), 'Arn'] },
      });
      template.hasResourceProperties('AWS::KMS::Key', {
        EnableKeyRotation: true,
        KeyPolicy: {
          Statement: Match.arrayWith([
            Match.objectLike({
              Effect: 'Allow',
              Principal: { Service: 'cloudwatch.amazonaws.com' },
              Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
            }),
          ]),
        },
      });
    });

    it("lets this account's alarms publish, over TLS only", () => {
      template.hasResourceProperties('AWS::SNS::TopicPolicy', {
        Topics: [{ Ref: logicalId(stack, monitoring.alarmTopic) }],
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
            Match.objectLike({
              Effect: 'Allow',
              Principal: { Service: 'cloudwatch.amazonaws.com' },
              Action: 'sns:Publish',
              Condition: { ArnLike: { 'aws:SourceArn': Match.anyValue() } },
            }),
          ]),
        },
      });
    });

    it('subscribes the e-mail address when given', () => {
      const { template: subscribed } = synth({ alarmEmail: 'payroll-oncall@example.com' });

      subscribed.hasResourceProperties('AWS::SNS::Subscription', {
        Protocol: 'email',
        Endpoint: 'payroll-oncall@example.com',
      });
    });

    it('subscribes nobody otherwise', () => {
      expect(template.findResources('AWS::SNS::Subscription')).toEqual({});
    });

    it('notifies the given topic when given, and creates none', () => {
      // Arrange
      const stack = new Stack(fastApp(), 'Test');
      const topic = new Topic(stack, 'OnCall');
      const ingest = new ArgyleWebhookIngest(stack, 'Ingest');

      // Act
      new ArgyleWebhookMonitoring(stack, 'Monitoring', { ingest, alarmTopic: topic });

      // Assert
      const given = Template.fromStack(stack);
      given.resourceCountIs('AWS::SNS::Topic', 1);
      given.resourceCountIs('AWS::KMS::Key', 0);
      given.allResourcesProperties('AWS::CloudWatch::Alarm', {
        AlarmActions: [{ Ref: logicalId(stack, topic) }],
      });
    });
  });

  describe('alarms', () => {
    const { stack, ingest, monitoring, template } = synth();
    const topic = { Ref: logicalId(stack, monitoring.alarmTopic) };
    const receiver = { Ref: logicalId(stack, ingest.receiver) };
    const fiveMinutes = { Period: 300, EvaluationPeriods: 1, DatapointsToAlarm: 1 };

    it('creates one alarm per dead-letter queue, one per queue for its oldest message, and six for the API and receiver', () => {
      expect(alarmNames(template).sort()).toEqual(
        [
          'ApiServerErrors',
          'ApiThrottles',
          'DeadLetters-accounts',
          'DeadLetters-catch-all',
          'DeadLetters-payroll',
          'OldestMessage-accounts',
          'OldestMessage-catch-all',
          'OldestMessage-payroll',
          'ReceiverErrors',
          'ReceiverThrottles',
          'SignatureFailures',
        ].map((name) => `Test-Monitoring-${name}`),
      );
      expect(monitoring.alarms).toHaveLength(11);
    });

    it('notifies the topic when an alarm goes off and when it is OK again', () => {
      template.allResourcesProperties('AWS::CloudWatch::Alarm', {
        AlarmActions: [topic],
        OKActions: [topic],
      });
    });

    it('describes in every alarm what happened and what to do', () => {
      for (const resource of Object.values(template.findResources('AWS::CloudWatch::Alarm')) as Resource[]) {
        const description = JSON.stringify(resource.Properties?.AlarmDescription);
        expect(description.length).toBeGreaterThan(100);
        expect(description.length).toBeLessThan(1024);
      }
      expect(flatten(alarm(template, 'DeadLetters-accounts').AlarmDescription)).toMatch(
        /dead-letter queue of route "accounts"'s queue: .*fix the consumer, then move them back: aws sqs start-message-move-task --source-arn IngestRoutesaccountsDeadLetterQueue\w+\.Arn\./,
      );
    });

    it('raises a dead-letter alarm for any message in the queue', () => {
      const deadLetterQueue = ingest.deadLetterQueue('accounts');
      if (deadLetterQueue === undefined) throw new Error('no dead-letter queue');

      expect(alarm(template, 'DeadLetters-accounts')).toMatchObject({
        Namespace: 'AWS/SQS',
        MetricName: 'ApproximateNumberOfMessagesVisible',
        Dimensions: [
          { Name: 'QueueName', Value: { 'Fn::GetAtt': [logicalId(stack, deadLetterQueue), 'QueueName'] } },
        ],
        Statistic: 'Maximum',
        ...fiveMinutes,
        Threshold: 1,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        TreatMissingData: 'notBreaching',
      });
    });

    it('raises a queue alarm when the oldest message waited 30 minutes by default', () => {
      expect(alarm(template, 'OldestMessage-catch-all')).toMatchObject({
        Namespace: 'AWS/SQS',
        MetricName: 'ApproximateAgeOfOldestMessage',
        Dimensions: [
          {
            Name: 'QueueName',
            Value: { 'Fn::GetAtt': [logicalId(stack, ingest.catchAllQueue), 'QueueName'] },
          },
        ],
        Statistic: 'Maximum',
        ...fiveMinutes,
        Threshold: 1800,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      });
    });

    it('uses the given oldest-message age when given', () => {
      const { template: patient } = synth({ oldestMessageAge: Duration.hours(2) });

      expect(alarm(patient, 'OldestMessage-accounts').Threshold).toBe(7200);
    });

    it('raises an alarm for any 5xx answer of the API stage', () => {
      expect(alarm(template, 'ApiServerErrors')).toMatchObject({
        Namespace: 'AWS/ApiGateway',
        MetricName: '5XXError',
        Dimensions: [
          { Name: 'ApiName', Value: 'Test-Ingest' },
          { Name: 'Stage', Value: { Ref: logicalId(stack, ingest.api.deploymentStage) } },
        ],
        Statistic: 'Sum',
        ...fiveMinutes,
        Threshold: 1,
      });
    });

    it('raises alarms for any error and any throttle of the receiver function', () => {
      for (const [name, metric] of [
        ['ReceiverErrors', 'Errors'],
        ['ReceiverThrottles', 'Throttles'],
      ] as const) {
        expect(alarm(template, name)).toMatchObject({
          Namespace: 'AWS/Lambda',
          MetricName: metric,
          Dimensions: [{ Name: 'FunctionName', Value: receiver }],
          Statistic: 'Sum',
          ...fiveMinutes,
          Threshold: 1,
          ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        });
      }
    });

    it('raises the signature alarm at 20 failures in 5 minutes by default, on the dimensions the receiver emits', () => {
      // Arrange
      const [emitted] = emittedDimensionSets(() =>
        createMetrics({ AWS_LAMBDA_FUNCTION_NAME: 'fn' }).rejected('signature'),
      );

      // Assert
      const signature = alarm(template, 'SignatureFailures');
      expect(signature).toMatchObject({
        Namespace: 'ArgyleWebhooks',
        MetricName: 'DeliveriesRejected',
        Dimensions: [
          { Name: 'FunctionName', Value: receiver },
          { Name: 'Reason', Value: 'signature' },
          { Name: 'service', Value: 'argyle-webhook-receiver' },
        ],
        Statistic: 'Sum',
        ...fiveMinutes,
        Threshold: 20,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      });
      expect((signature.Dimensions as { Name: string }[]).map((d) => d.Name).sort()).toEqual(
        [...(emitted ?? [])].sort(),
      );
    });

    it('uses the given signature failure threshold when given', () => {
      const { template: strict } = synth({ signatureFailuresPer5Minutes: 3 });

      expect(alarm(strict, 'SignatureFailures').Threshold).toBe(3);
    });

    it("raises an alarm for any 429 of the stage, counted from the access log's status", () => {
      template.hasResourceProperties('AWS::Logs::MetricFilter', {
        LogGroupName: { Ref: Match.stringLikeRegexp('^IngestAccessLogs') },
        FilterPattern: '{ $.status = "429" }',
        MetricTransformations: [
          {
            MetricNamespace: 'ArgyleWebhooks',
            MetricName: 'ApiThrottledRequests',
            MetricValue: '1',
            Dimensions: [{ Key: 'ApiId', Value: '$.apiId' }],
          },
        ],
      });
      expect(alarm(template, 'ApiThrottles')).toMatchObject({
        Namespace: 'ArgyleWebhooks',
        MetricName: 'ApiThrottledRequests',
        Dimensions: [{ Name: 'ApiId', Value: { Ref: logicalId(stack, ingest.api) } }],
        Statistic: 'Sum',
        ...fiveMinutes,
        Threshold: 1,
      });
    });

    it('has no stage throttling alarm without access logs', () => {
      const { template: unlogged } = synth({}, { routes: ROUTES, accessLogging: false });

      expect(alarmNames(unlogged)).not.toContain('Test-Monitoring-ApiThrottles');
      expect(unlogged.findResources('AWS::Logs::MetricFilter')).toEqual({});
    });

    it('raises an alarm after the given hours without an accepted delivery when given', () => {
      // Arrange
      const {
        stack: quiet,
        ingest: quietIngest,
        template: watched,
      } = synth({ noDeliveryFor: Duration.hours(6) });
      const emitted = emittedDimensionSets(() =>
        createMetrics({ AWS_LAMBDA_FUNCTION_NAME: 'fn' }).accepted('a.b'),
      );

      // Assert
      const silence = alarm(watched, 'NoDeliveries');
      expect(silence).toMatchObject({
        Namespace: 'ArgyleWebhooks',
        MetricName: 'DeliveriesAccepted',
        Dimensions: [
          { Name: 'FunctionName', Value: { Ref: logicalId(quiet, quietIngest.receiver) } },
          { Name: 'service', Value: 'argyle-webhook-receiver' },
        ],
        Statistic: 'Sum',
        Period: 3600,
        EvaluationPeriods: 6,
        DatapointsToAlarm: 6,
        Threshold: 1,
        ComparisonOperator: 'LessThanThreshold',
        TreatMissingData: 'breaching',
      });
      expect(emitted).toContainEqual(['service', 'FunctionName']);
    });

    it('has no alarm for silence otherwise', () => {
      expect(alarmNames(template)).not.toContain('Test-Monitoring-NoDeliveries');
    });

    it('watches the age of a queue it did not create, but has no dead-letter queue of it to watch', () => {
      // Arrange
      const stack = new Stack(fastApp(), 'Test');
      const queue = Queue.fromQueueArn(
        stack,
        'Existing',
        'arn:aws:sqs:us-east-1:111111111111:existing-queue',
      );
      const ingest = new ArgyleWebhookIngest(stack, 'Ingest', {
        routes: [{ name: 'mine', events: ['*'], queue }],
      });

      // Act
      new ArgyleWebhookMonitoring(stack, 'Monitoring', { ingest });

      // Assert
      const names = alarmNames(Template.fromStack(stack));
      expect(names).toContain('Test-Monitoring-OldestMessage-mine');
      expect(names).not.toContain('Test-Monitoring-DeadLetters-mine');
      expect(names).toContain('Test-Monitoring-DeadLetters-catch-all');
    });

    it('fails for settings out of range, naming each', () => {
      expect(() =>
        synth({
          signatureFailuresPer5Minutes: 0,
          oldestMessageAge: Duration.seconds(90),
          noDeliveryFor: Duration.days(2),
          alarmEmail: 'oncall',
        }),
      ).toThrow(
        'invalid ArgyleWebhookMonitoring props at Test/Monitoring:\n' +
          '  signatureFailuresPer5Minutes: 0 is out of range; write a whole number of failures from 1 to 1000000\n' +
          '  oldestMessageAge: 1.5 is out of range; write a whole number of minutes from 1 to 20160\n' +
          '  noDeliveryFor: 48 is out of range; write a whole number of hours from 1 to 24\n' +
          '  alarmEmail: "oncall" is not an e-mail address; write one address, e.g. "payroll-oncall@example.com"',
      );
    });
  });

  describe('dashboard', () => {
    const { stack, ingest, monitoring, template } = synth();
    const dashboard = Object.values(template.findResources('AWS::CloudWatch::Dashboard'))[0] as Resource;
    const body = JSON.parse(flatten(dashboard.Properties?.DashboardBody));
    const widgets: { type: string; properties: Record<string, unknown> }[] = body.widgets;
    const byTitle = (title: string) => {
      const widget = widgets.find((w) => w.properties.title === title);
      if (widget === undefined) throw new Error(`no widget "${title}"`);
      return widget.properties;
    };
    const receiverName = `ref:${logicalId(stack, ingest.receiver)}`;

    it('creates one dashboard named after the stack and the construct', () => {
      template.resourceCountIs('AWS::CloudWatch::Dashboard', 1);
      template.hasResourceProperties('AWS::CloudWatch::Dashboard', { DashboardName: 'Test-Monitoring' });
    });

    it('shows the state of every alarm', () => {
      const alarms = byTitle('Alarms').alarms as string[];

      expect(alarms).toHaveLength(monitoring.alarms.length);
    });

    it('graphs accepted deliveries per event family and per event with search expressions', () => {
      for (const [title, dimension] of [
        ['Accepted per event family', 'EventFamily'],
        ['Accepted per event', 'Event'],
      ] as const) {
        expect(byTitle(title).metrics).toEqual([
          [
            {
              expression: `SEARCH('{ArgyleWebhooks,service,FunctionName,${dimension}} MetricName="DeliveriesAccepted" FunctionName="${receiverName}"', 'Sum', 300)`,
              label: `\${PROP('Dim.${dimension}')}`,
            },
          ],
        ]);
      }
    });

    it('graphs routed messages, send failures, waiting messages, oldest message and dead letters per queue', () => {
      const queueNames = ['accounts', 'payroll', 'catch-all'];
      for (const title of [
        'Messages routed',
        'Send failures',
        'Messages waiting',
        'Age of the oldest message (s)',
      ]) {
        const metrics = byTitle(title).metrics as unknown[][];
        expect(metrics.map((metric) => (metric.at(-1) as { label: string }).label)).toEqual(queueNames);
      }
      expect(byTitle('Messages in dead-letter queues').metrics).toHaveLength(3);
      expect(byTitle('Messages routed').metrics).toContainEqual([
        'ArgyleWebhooks',
        'MessagesRouted',
        'FunctionName',
        receiverName,
        'Queue',
        `${logicalId(stack, ingest.queue('accounts'))}.QueueName`,
        'service',
        'argyle-webhook-receiver',
        { label: 'accounts', stat: 'Sum' },
      ]);
    });

    it('graphs requests and answers, rejections by reason, refusals at the edge and the receiver function', () => {
      for (const title of [
        'Requests and answers (API Gateway)',
        'What the receiver did',
        'Refused before the receiver (access log)',
        'Sent to the catch-all queue, by reason',
        'Schema failures per event family',
        'Invocations, errors, throttles',
        'Duration (ms)',
        'Signing secret',
      ]) {
        expect(byTitle(title).metrics).not.toHaveLength(0);
      }
    });
  });

  describe('in the stack', () => {
    it('wires the configured alarm settings and outputs the topic and the dashboard', () => {
      // Act
      const stack = new ArgyleWebhookStack(fastApp(), 'Test', {
        config: parseConfig({
          subscriptions: [],
          alarms: { email: 'oncall@example.com', signatureFailuresPer5Minutes: 7, noDeliveryHours: 12 },
        }),
      });

      // Assert
      const template = Template.fromStack(stack);
      expect(alarm(template, 'SignatureFailures').Threshold).toBe(7);
      expect(alarm(template, 'NoDeliveries').EvaluationPeriods).toBe(12);
      template.hasResourceProperties('AWS::SNS::Subscription', { Endpoint: 'oncall@example.com' });
      template.hasOutput('AlarmTopicArn', { Value: { Ref: logicalId(stack, stack.monitoring.alarmTopic) } });
      template.hasOutput('DashboardUrl', {
        Value: { 'Fn::Join': ['', Match.arrayWith([Match.stringLikeRegexp('#dashboards:name=')])] },
      });
    });
  });
});
