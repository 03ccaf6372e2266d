import { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ArgyleWebhookStack } from '../../lib/argyle-webhook-stack';
import { parseConfig } from '../../lib/config';
import { ArgyleWebhookIngest } from '../../lib/constructs/argyle-webhook-ingest';
import { ArgyleWebhookMonitoring } from '../../lib/constructs/argyle-webhook-monitoring';
import { fastApp } from '../support/cdk-app';
import { alarm, synth } from './monitoring-fixtures';
import { flatten, logicalId, type Resource } from './template-helpers';

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
