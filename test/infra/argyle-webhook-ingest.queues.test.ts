import { Duration } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import type { ArgyleRoute } from '../../lib/constructs/argyle-webhook-ingest';
import { routingTable, synth } from './ingest-fixtures';
import { arnOf, logicalId } from './template-helpers';

describe('ArgyleWebhookIngest', () => {
  describe('queues', () => {
    const routes: ArgyleRoute[] = [
      { name: 'accounts', events: ['accounts.*'] },
      {
        name: 'paystubs',
        events: ['paystubs.added', 'paystubs.updated'],
        subscriptions: ['prod'],
        fifo: true,
      },
    ];
    const { stack, ingest, template } = synth({ routes });

    it('creates a queue and a dead-letter queue for every route and for the catch-all', () => {
      template.resourceCountIs('AWS::SQS::Queue', 6);
      expect([...ingest.routeQueues.keys()]).toEqual(['accounts', 'paystubs']);
    });

    it('encrypts every queue with SQS-managed keys and lets CloudFormation name it', () => {
      template.allResourcesProperties('AWS::SQS::Queue', {
        SqsManagedSseEnabled: true,
        QueueName: Match.absent(),
      });
    });

    it('gives every queue a policy that denies access without TLS', () => {
      // Arrange
      const queues = Object.keys(template.findResources('AWS::SQS::Queue'));

      // Assert
      template.resourceCountIs('AWS::SQS::QueuePolicy', queues.length);
      for (const queue of queues) {
        template.hasResourceProperties('AWS::SQS::QueuePolicy', {
          Queues: [{ Ref: queue }],
          PolicyDocument: {
            Statement: [
              Match.objectLike({
                Effect: 'Deny',
                Action: 'sqs:*',
                Condition: { Bool: { 'aws:SecureTransport': 'false' } },
                Resource: { 'Fn::GetAtt': [queue, 'Arn'] },
              }),
            ],
          },
        });
      }
    });

    it('redrives every queue it created to its own dead-letter queue, kept 14 days', () => {
      // Arrange
      const pairs = [
        ...ingest.routeQueues.values(),
        { queue: ingest.catchAllQueue, deadLetterQueue: ingest.catchAllDeadLetterQueue },
      ];

      // Assert
      for (const { queue, deadLetterQueue } of pairs) {
        if (deadLetterQueue === undefined) throw new Error('missing dead-letter queue');
        const resources = template.findResources('AWS::SQS::Queue');
        expect(resources[logicalId(stack, queue)]?.Properties.RedrivePolicy).toEqual({
          deadLetterTargetArn: arnOf(stack, deadLetterQueue),
          maxReceiveCount: 5,
        });
        expect(resources[logicalId(stack, deadLetterQueue)]?.Properties).toMatchObject({
          MessageRetentionPeriod: 1_209_600,
        });
        expect(resources[logicalId(stack, deadLetterQueue)]?.Properties.RedrivePolicy).toBeUndefined();
      }
    });

    it('gives each queue and dead-letter queue by route name, catch-all included', () => {
      expect(ingest.queue('accounts')).toBe(ingest.routeQueues.get('accounts')?.queue);
      expect(ingest.deadLetterQueue('accounts')).toBe(ingest.routeQueues.get('accounts')?.deadLetterQueue);
      expect(ingest.deadLetterQueue('accounts')).toBeDefined();
      expect(ingest.queue('catch-all')).toBe(ingest.catchAllQueue);
      expect(ingest.deadLetterQueue('catch-all')).toBe(ingest.catchAllDeadLetterQueue);
    });

    it('makes a FIFO route queue and its dead-letter queue FIFO', () => {
      // Arrange
      const paystubs = ingest.routeQueues.get('paystubs');
      const accounts = ingest.routeQueues.get('accounts');
      if (paystubs?.deadLetterQueue === undefined || accounts?.deadLetterQueue === undefined) {
        throw new Error('missing queues');
      }
      const resources = template.findResources('AWS::SQS::Queue');

      // Assert
      expect(resources[logicalId(stack, paystubs.queue)]?.Properties.FifoQueue).toBe(true);
      expect(resources[logicalId(stack, paystubs.deadLetterQueue)]?.Properties.FifoQueue).toBe(true);
      expect(resources[logicalId(stack, accounts.queue)]?.Properties.FifoQueue).toBeUndefined();
      expect(resources[logicalId(stack, ingest.catchAllQueue)]?.Properties.FifoQueue).toBeUndefined();
    });

    it('puts a FIFO route queue and its dead-letter queue in high-throughput mode, per message group', () => {
      // Arrange
      const paystubs = ingest.routeQueues.get('paystubs');
      const accounts = ingest.routeQueues.get('accounts');
      if (paystubs?.deadLetterQueue === undefined || accounts === undefined)
        throw new Error('missing queues');
      const resources = template.findResources('AWS::SQS::Queue');
      const highThroughput = { DeduplicationScope: 'messageGroup', FifoThroughputLimit: 'perMessageGroupId' };

      // Assert
      expect(resources[logicalId(stack, paystubs.queue)]?.Properties).toMatchObject(highThroughput);
      expect(resources[logicalId(stack, paystubs.deadLetterQueue)]?.Properties).toMatchObject(highThroughput);
      for (const standard of [accounts.queue, ingest.catchAllQueue]) {
        const properties = resources[logicalId(stack, standard)]?.Properties;
        expect(properties?.DeduplicationScope).toBeUndefined();
        expect(properties?.FifoThroughputLimit).toBeUndefined();
      }
    });

    it('keeps route messages 4 days and the catch-all 14 days, with a 30 s visibility timeout, by default', () => {
      const resources = template.findResources('AWS::SQS::Queue');

      expect(resources[logicalId(stack, ingest.queue('accounts'))]?.Properties).toMatchObject({
        MessageRetentionPeriod: 345_600,
        VisibilityTimeout: 30,
      });
      expect(resources[logicalId(stack, ingest.catchAllQueue)]?.Properties).toMatchObject({
        MessageRetentionPeriod: 1_209_600,
        VisibilityTimeout: 30,
      });
    });

    it('uses the given queue settings when given', () => {
      // Arrange
      const settings = {
        maxReceiveCount: 9,
        visibilityTimeout: Duration.minutes(2),
        retentionPeriod: Duration.days(2),
      };

      // Act
      const {
        stack: s,
        ingest: i,
        template: t,
      } = synth({
        routes: [{ name: 'accounts', events: ['accounts.*'], ...settings }],
        catchAll: { ...settings, maxReceiveCount: 3 },
      });

      // Assert
      const resources = t.findResources('AWS::SQS::Queue');
      expect(resources[logicalId(s, i.queue('accounts'))]?.Properties).toMatchObject({
        MessageRetentionPeriod: 172_800,
        VisibilityTimeout: 120,
        RedrivePolicy: { maxReceiveCount: 9 },
      });
      expect(resources[logicalId(s, i.catchAllQueue)]?.Properties).toMatchObject({
        MessageRetentionPeriod: 172_800,
        VisibilityTimeout: 120,
        RedrivePolicy: { maxReceiveCount: 3 },
      });
    });

    it('puts event patterns, subscriptions and queue indices into the routing table', () => {
      expect(routingTable(template)).toMatchObject({
        queues: [
          `${logicalId(stack, ingest.queue('accounts'))}.QueueName`,
          `${logicalId(stack, ingest.queue('paystubs'))}.QueueName`,
          `${logicalId(stack, ingest.catchAllQueue)}.QueueName`,
        ],
        catchAll: 2,
        rules: [
          { events: ['accounts.*'], queue: 0 },
          { events: ['paystubs.added', 'paystubs.updated'], subscriptions: ['prod'], queue: 1 },
        ],
      });
    });

    it('sends everything to the catch-all queue when routes is empty', () => {
      const { template: t } = synth({ routes: [] });

      t.resourceCountIs('AWS::SQS::Queue', 2);
      expect(routingTable(t)).toMatchObject({ catchAll: 0, rules: [] });
      expect(routingTable(t).queues).toHaveLength(1);
    });
  });
});
