import { Duration, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { Queue } from 'aws-cdk-lib/aws-sqs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createMetrics } from '#functions/receiver/observability';
import { ArgyleWebhookIngest } from '../../lib/constructs/argyle-webhook-ingest';
import { ArgyleWebhookMonitoring } from '../../lib/constructs/argyle-webhook-monitoring';
import { fastApp } from '../support/cdk-app';
import { alarm, alarmNames, emittedDimensionSets, ROUTES, synth } from './monitoring-fixtures';
import { flatten, logicalId, type Resource } from './template-helpers';

afterEach(() => {
  vi.restoreAllMocks();
});

describe('ArgyleWebhookMonitoring', () => {
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
});
