import { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Queue } from 'aws-cdk-lib/aws-sqs';
import { describe, expect, it } from 'vitest';
import { ArgyleWebhookIngest } from '../../lib/constructs/argyle-webhook-ingest';
import { fastApp } from '../support/cdk-app';
import { IMPORTED_ARN, IMPORTED_FIFO_ARN, routingTable, synth } from './ingest-fixtures';
import { arnOf, logicalId, policyStatements } from './template-helpers';

describe('ArgyleWebhookIngest', () => {
  describe('existing queues', () => {
    it('uses a given route queue by URL and creates neither it nor a dead-letter queue', () => {
      // Arrange
      const stack = new Stack(fastApp(), 'Test');
      const existing = Queue.fromQueueArn(stack, 'Existing', IMPORTED_FIFO_ARN);

      // Act
      const ingest = new ArgyleWebhookIngest(stack, 'Ingest', {
        routes: [{ name: 'accounts', events: ['accounts.*'], queue: existing }],
      });
      const template = Template.fromStack(stack);

      // Assert
      template.resourceCountIs('AWS::SQS::Queue', 2); // the catch-all and its dead-letter queue
      expect(ingest.routeQueues.get('accounts')).toEqual({ queue: existing });
      expect(ingest.queue('accounts')).toBe(existing);
      expect(ingest.deadLetterQueue('accounts')).toBeUndefined();
      expect(routingTable(template).queues[0]).toBe(
        'https://sqs.us-east-1.ref:AWS::URLSuffix/111111111111/existing-queue.fifo',
      );
      template.hasResourceProperties('AWS::IAM::Policy', {
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({
              Action: ['sqs:GetQueueAttributes', 'sqs:GetQueueUrl', 'sqs:SendMessage'],
              Resource: Match.arrayWith([IMPORTED_FIFO_ARN]),
            }),
          ]),
        },
      });
    });

    it('lists a queue shared by several routes once', () => {
      // Arrange
      const stack = new Stack(fastApp(), 'Test');
      const existing = Queue.fromQueueArn(stack, 'Existing', IMPORTED_ARN);

      // Act
      new ArgyleWebhookIngest(stack, 'Ingest', {
        routes: [
          { name: 'accounts', events: ['accounts.*'], queue: existing },
          { name: 'users', events: ['users.*'], queue: existing },
        ],
      });

      // Assert
      const table = routingTable(Template.fromStack(stack));
      expect(table.queues).toHaveLength(2);
      expect(table.rules.map((rule) => rule.queue)).toEqual([0, 0]);
      expect(table.catchAll).toBe(1);
    });

    it('uses a given catch-all queue and creates no catch-all queues', () => {
      // Arrange
      const stack = new Stack(fastApp(), 'Test');
      const existing = Queue.fromQueueArn(stack, 'Existing', IMPORTED_ARN);

      // Act
      const ingest = new ArgyleWebhookIngest(stack, 'Ingest', { routes: [], catchAllQueue: existing });

      // Assert
      const template = Template.fromStack(stack);
      expect(template.findResources('AWS::SQS::Queue')).toEqual({});
      expect(ingest.catchAllQueue).toBe(existing);
      expect(ingest.catchAllDeadLetterQueue).toBeUndefined();
    });
  });

  describe('grantConsume', () => {
    it('lets a grantee receive and delete messages of exactly one route queue', () => {
      // Arrange
      const stack = new Stack(fastApp(), 'Test');
      const ingest = new ArgyleWebhookIngest(stack, 'Ingest');
      const consumer = new Role(stack, 'Consumer', {
        assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      });

      // Act
      ingest.grantConsume('all-events', consumer);

      // Assert
      const statements = policyStatements(Template.fromStack(stack), logicalId(stack, consumer));
      expect(statements).toEqual([
        {
          Effect: 'Allow',
          Action: expect.arrayContaining(['sqs:ReceiveMessage', 'sqs:DeleteMessage']),
          Resource: arnOf(stack, ingest.queue('all-events')),
        },
      ]);
    });

    it("addresses the catch-all queue as 'catch-all'", () => {
      // Arrange
      const stack = new Stack(fastApp(), 'Test');
      const ingest = new ArgyleWebhookIngest(stack, 'Ingest');
      const consumer = new Role(stack, 'Consumer', {
        assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      });

      // Act
      ingest.grantConsume('catch-all', consumer);

      // Assert
      const statements = policyStatements(Template.fromStack(stack), logicalId(stack, consumer));
      expect(statements).toMatchObject([{ Resource: arnOf(stack, ingest.catchAllQueue) }]);
    });

    it('fails for an unknown route, listing the known ones', () => {
      const { ingest } = synth();

      expect(() => ingest.queue('accounts')).toThrow(
        'there is no route named "accounts"; use one of "all-events", "catch-all"',
      );
    });
  });
});
