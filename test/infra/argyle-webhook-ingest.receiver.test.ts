import { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { describe, expect, it } from 'vitest';
import { RECEIVER_ENV } from '#functions/shared/contract';
import { ArgyleWebhookIngest } from '../../lib/constructs/argyle-webhook-ingest';
import { fastApp } from '../support/cdk-app';
import { routingTable, synth } from './ingest-fixtures';
import { arnOf, logicalId, policyStatements, receiverEnvironment } from './template-helpers';

describe('ArgyleWebhookIngest', () => {
  describe('receiver function', () => {
    const { stack, ingest, template } = synth();

    it('runs Node.js 24 on arm64 with 256 MB, a 20 s timeout and JSON logs in its own log group', () => {
      template.hasResourceProperties('AWS::Lambda::Function', {
        Runtime: 'nodejs24.x',
        Architectures: ['arm64'],
        MemorySize: 256,
        Timeout: 20,
        Handler: 'index.handler',
        LoggingConfig: {
          LogFormat: 'JSON',
          LogGroup: { Ref: Match.stringLikeRegexp('^IngestReceiverLogGroup') },
        },
      });
    });

    it('keeps its logs for 30 days by default', () => {
      template.allResourcesProperties('AWS::Logs::LogGroup', { RetentionInDays: 30 });
    });

    it('keeps its logs as long as given when given', () => {
      const { template: kept } = synth({ logRetention: RetentionDays.ONE_YEAR });

      kept.allResourcesProperties('AWS::Logs::LogGroup', { RetentionInDays: 365 });
    });

    it('gets the secret ARN, queue URL prefix, limits and Powertools settings in its environment', () => {
      const environment = receiverEnvironment(template);

      expect(environment).toEqual({
        [RECEIVER_ENV.SIGNING_SECRET_ARN]: `ref:${logicalId(stack, ingest.signingSecret)}`,
        [RECEIVER_ENV.ROUTES]: expect.any(String),
        [RECEIVER_ENV.QUEUE_URL_PREFIX]: 'https://sqs.ref:AWS::Region.ref:AWS::URLSuffix/ref:AWS::AccountId/',
        [RECEIVER_ENV.MAX_BODY_BYTES]: '131072',
        [RECEIVER_ENV.SECRET_TTL_SECONDS]: '300',
        POWERTOOLS_SERVICE_NAME: 'argyle-webhook-receiver',
        POWERTOOLS_METRICS_NAMESPACE: 'ArgyleWebhooks',
        POWERTOOLS_LOG_LEVEL: 'INFO',
      });
    });

    it('gets a routing table with the queues it created, by generated name, the catch-all last', () => {
      // Arrange
      const route = ingest.routeQueues.get('all-events');
      if (route === undefined) throw new Error('no all-events route');

      // Assert
      expect(routingTable(template)).toEqual({
        queues: [
          `${logicalId(stack, route.queue)}.QueueName`,
          `${logicalId(stack, ingest.catchAllQueue)}.QueueName`,
        ],
        catchAll: 1,
        rules: [{ events: ['*'], queue: 0 }],
      });
    });

    it('uses the given maxBodyBytes when given', () => {
      const { template: limited } = synth({ maxBodyBytes: 4096 });

      expect(receiverEnvironment(limited)[RECEIVER_ENV.MAX_BODY_BYTES]).toBe('4096');
    });

    it('may only read the signing secret and send to its own queues', () => {
      // Arrange
      const receiverRole = ingest.receiver.role;
      if (receiverRole === undefined) throw new Error('receiver has no role');
      const statements = policyStatements(template, logicalId(stack, receiverRole));
      const route = ingest.routeQueues.get('all-events');
      if (route === undefined) throw new Error('no all-events route');

      // Assert
      expect(statements).toEqual([
        {
          Effect: 'Allow',
          Action: ['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue'],
          Resource: { Ref: logicalId(stack, ingest.signingSecret) },
        },
        {
          Effect: 'Allow',
          Action: ['sqs:GetQueueAttributes', 'sqs:GetQueueUrl', 'sqs:SendMessage'],
          Resource: expect.arrayContaining([arnOf(stack, route.queue), arnOf(stack, ingest.catchAllQueue)]),
        },
      ]);
      expect(statements[1]?.Resource).toHaveLength(2);
      expect(JSON.stringify(statements)).not.toContain('"*"');
    });

    it('is otherwise limited to the basic Lambda execution policy', () => {
      template.hasResourceProperties('AWS::IAM::Role', {
        AssumeRolePolicyDocument: {
          Statement: [Match.objectLike({ Principal: { Service: 'lambda.amazonaws.com' } })],
        },
        ManagedPolicyArns: [
          {
            'Fn::Join': [
              '',
              [
                'arn:',
                { Ref: 'AWS::Partition' },
                ':iam::aws:policy/service-role/AWSLambdaBasicExecutionRole',
              ],
            ],
          },
        ],
      });
    });
  });

  describe('signing secret', () => {
    it('creates a secret with a generated 64-character alphanumeric value and no value in the template', () => {
      const { template } = synth();

      template.resourceCountIs('AWS::SecretsManager::Secret', 1);
      template.hasResourceProperties('AWS::SecretsManager::Secret', {
        GenerateSecretString: { PasswordLength: 64, ExcludePunctuation: true, IncludeSpace: false },
        SecretString: Match.absent(),
      });
      expect(JSON.stringify(template.toJSON())).not.toMatch(/"SecretString"|resolve:secretsmanager/);
    });

    it('uses the given secret when given, and creates none', () => {
      // Arrange
      const stack = new Stack(fastApp(), 'Test');
      const secret = Secret.fromSecretCompleteArn(
        stack,
        'Existing',
        'arn:aws:secretsmanager:us-east-1:111111111111:secret:argyle-AbCdEf',
      );

      // Act
      new ArgyleWebhookIngest(stack, 'Ingest', { signingSecret: secret });
      const template = Template.fromStack(stack);

      // Assert
      expect(template.findResources('AWS::SecretsManager::Secret')).toEqual({});
      expect(receiverEnvironment(template)[RECEIVER_ENV.SIGNING_SECRET_ARN]).toBe(secret.secretArn);
      template.hasResourceProperties('AWS::IAM::Policy', {
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({
              Action: ['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue'],
              Resource: secret.secretArn,
            }),
          ]),
        },
      });
    });
  });
});
