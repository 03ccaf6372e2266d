import { Duration, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Queue } from 'aws-cdk-lib/aws-sqs';
import { describe, expect, it } from 'vitest';
import { RECEIVER_ENV, type RoutingTable } from '../../functions/shared/contract';
import {
  ARGYLE_SOURCE_IPS,
  type ArgyleRoute,
  ArgyleWebhookIngest,
  type ArgyleWebhookIngestProps,
} from '../../lib/constructs/argyle-webhook-ingest';
import { fastApp } from '../support/cdk-app';
import { arnOf, logicalId, onlyResource, policyStatements, receiverEnvironment } from './template-helpers';

function synth(props?: ArgyleWebhookIngestProps) {
  const stack = new Stack(fastApp(), 'Test');
  const ingest = new ArgyleWebhookIngest(stack, 'Ingest', props);
  return { stack, ingest, template: Template.fromStack(stack) };
}

function routingTable(template: Template): RoutingTable {
  const json = receiverEnvironment(template)[RECEIVER_ENV.ROUTES];
  if (json === undefined) throw new Error(`${RECEIVER_ENV.ROUTES} is not set`);
  return JSON.parse(json);
}

const IMPORTED_ARN = 'arn:aws:sqs:us-east-1:111111111111:existing-queue';
const IMPORTED_FIFO_ARN = 'arn:aws:sqs:us-east-1:111111111111:existing-queue.fifo';

describe('ArgyleWebhookIngest', () => {
  describe('REST API', () => {
    const { stack, ingest, template } = synth();

    it('creates one regional REST API that passes every body through as binary', () => {
      template.resourceCountIs('AWS::ApiGateway::RestApi', 1);
      template.hasResourceProperties('AWS::ApiGateway::RestApi', {
        EndpointConfiguration: { Types: ['REGIONAL'] },
        BinaryMediaTypes: ['*/*'],
      });
    });

    it('exposes exactly one method, POST /webhook, as a Lambda proxy integration', () => {
      template.resourceCountIs('AWS::ApiGateway::Resource', 1);
      template.hasResourceProperties('AWS::ApiGateway::Resource', { PathPart: 'webhook' });
      template.resourceCountIs('AWS::ApiGateway::Method', 1);
      template.hasResourceProperties('AWS::ApiGateway::Method', {
        HttpMethod: 'POST',
        AuthorizationType: 'NONE',
        Integration: Match.objectLike({
          Type: 'AWS_PROXY',
          IntegrationHttpMethod: 'POST',
          Uri: Match.objectLike({
            'Fn::Join': Match.arrayWith([Match.arrayWith([arnOf(stack, ingest.receiver)])]),
          }),
        }),
      });
    });

    it('lets only the deployed stage invoke the receiver, not test invocations', () => {
      // Arrange
      const permissions = Object.values(template.findResources('AWS::Lambda::Permission'));

      // Assert
      expect(permissions).toHaveLength(1);
      expect(JSON.stringify(permissions)).not.toContain('test-invoke-stage');
    });

    it('gives webhookUrl as the full URL of POST /webhook', () => {
      const url = JSON.stringify(stack.resolve(ingest.webhookUrl));

      expect(url).toMatch(/^\{"Fn::Join".*"https:\/\/".*execute-api.*"\/webhook"\]\]\}$/);
    });

    it('enables metrics, logs execution errors only and keeps data tracing off', () => {
      template.hasResourceProperties('AWS::ApiGateway::Stage', {
        MethodSettings: [
          Match.objectLike({
            HttpMethod: '*',
            ResourcePath: '/*',
            MetricsEnabled: true,
            LoggingLevel: 'ERROR',
            DataTraceEnabled: false,
          }),
        ],
      });
    });

    it('throttles the stage at 1000 requests per second with bursts of 1000 by default', () => {
      template.hasResourceProperties('AWS::ApiGateway::Stage', {
        MethodSettings: [Match.objectLike({ ThrottlingRateLimit: 1000, ThrottlingBurstLimit: 1000 })],
      });
    });

    it('uses the given throttling when given', () => {
      const { template: throttled } = synth({ throttling: { rateLimit: 7.5, burstLimit: 15 } });

      throttled.hasResourceProperties('AWS::ApiGateway::Stage', {
        MethodSettings: [Match.objectLike({ ThrottlingRateLimit: 7.5, ThrottlingBurstLimit: 15 })],
      });
    });
  });

  describe('source IP restriction', () => {
    const invoke = { Action: 'execute-api:Invoke', Principal: { AWS: '*' }, Resource: 'execute-api:/*' };

    it("allows invocation and denies every address outside Argyle's by default", () => {
      const { template } = synth();

      template.hasResourceProperties('AWS::ApiGateway::RestApi', {
        Policy: {
          Statement: [
            { ...invoke, Effect: 'Allow' },
            {
              ...invoke,
              Effect: 'Deny',
              Condition: { NotIpAddress: { 'aws:SourceIp': [...ARGYLE_SOURCE_IPS] } },
            },
          ],
        },
      });
      expect(ARGYLE_SOURCE_IPS).toEqual([
        '34.27.251.226/32',
        '34.122.50.253/32',
        '35.188.163.115/32',
        '35.226.53.251/32',
      ]);
    });

    it('denies every address outside the given ones when given', () => {
      const { template } = synth({ allowedSourceIps: ['203.0.113.7', '2001:db8::/32'] });

      template.hasResourceProperties('AWS::ApiGateway::RestApi', {
        Policy: {
          Statement: Match.arrayWith([
            Match.objectLike({
              Effect: 'Deny',
              Condition: { NotIpAddress: { 'aws:SourceIp': ['203.0.113.7', '2001:db8::/32'] } },
            }),
          ]),
        },
      });
    });

    it('does not warn while the restriction is on', () => {
      const { stack } = synth();

      expect(Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('anyone'))).toEqual([]);
    });

    it('attaches no resource policy and warns that only the HMAC protects the API when the restriction is off', () => {
      const { stack, template } = synth({ restrictSourceIps: false });

      template.hasResourceProperties('AWS::ApiGateway::RestApi', { Policy: Match.absent() });
      Annotations.fromStack(stack).hasWarning(
        '/Test/Ingest',
        Match.stringLikeRegexp('anyone on the internet can reach POST /webhook.*only the HMAC'),
      );
      Annotations.fromStack(stack).hasWarning(
        '/Test/Ingest',
        Match.stringLikeRegexp('argyle-webhooks:source-ips-unrestricted'),
      );
    });

    it('redeploys the API when the allowed addresses change', () => {
      // Arrange
      const deploymentIds = (ips: string[]) =>
        Object.keys(synth({ allowedSourceIps: ips }).template.findResources('AWS::ApiGateway::Deployment'));

      // Act / Assert
      expect(deploymentIds(['203.0.113.7'])).not.toEqual(deploymentIds(['203.0.113.8']));
    });
  });

  describe('access logging', () => {
    it('writes JSON access logs to its own log group and creates the API Gateway account role by default', () => {
      // Arrange
      const { stack, ingest, template } = synth();
      const accessLogGroup = ingest.accessLogGroup;
      if (accessLogGroup === undefined) throw new Error('no access log group');

      // Assert
      template.hasResourceProperties('AWS::ApiGateway::Stage', {
        AccessLogSetting: {
          DestinationArn: Match.objectLike({
            'Fn::Join': Match.arrayWith([Match.arrayWith([{ Ref: logicalId(stack, accessLogGroup) }])]),
          }),
          Format: Match.anyValue(),
        },
      });
      const stage = onlyResource(template, 'AWS::ApiGateway::Stage');
      const format = (stage.Properties?.AccessLogSetting as { Format?: string } | undefined)?.Format ?? '';
      const fields = JSON.parse(format.replace('$context.error.messageString', '"message"'));
      expect(fields).toEqual({
        requestId: '$context.requestId',
        sourceIp: '$context.identity.sourceIp',
        requestTime: '$context.requestTime',
        httpMethod: '$context.httpMethod',
        path: '$context.path',
        status: '$context.status',
        responseLength: '$context.responseLength',
        integrationStatus: '$context.integrationStatus',
        errorMessage: 'message',
        responseLatency: '$context.responseLatency',
        apiId: '$context.apiId',
      });
      template.resourceCountIs('AWS::Logs::LogGroup', 3);
      template.resourceCountIs('AWS::ApiGateway::Account', 1);
      template.hasResourceProperties('AWS::IAM::Role', {
        AssumeRolePolicyDocument: {
          Statement: [Match.objectLike({ Principal: { Service: 'apigateway.amazonaws.com' } })],
        },
      });
    });

    it('skips the account role when createApiGatewayAccountRole is false', () => {
      const { template } = synth({ createApiGatewayAccountRole: false });

      template.hasResourceProperties('AWS::ApiGateway::Stage', { AccessLogSetting: Match.anyValue() });
      expect(template.findResources('AWS::ApiGateway::Account')).toEqual({});
      template.resourceCountIs('AWS::IAM::Role', 1); // the receiver's
    });

    it('creates neither an access log group nor the account role without access logging', () => {
      const { ingest, template } = synth({ accessLogging: false });

      template.hasResourceProperties('AWS::ApiGateway::Stage', { AccessLogSetting: Match.absent() });
      expect(ingest.accessLogGroup).toBeUndefined();
      template.resourceCountIs('AWS::Logs::LogGroup', 1); // the receiver's
      expect(template.findResources('AWS::ApiGateway::Account')).toEqual({});
    });
  });

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

  describe('validation', () => {
    const stackWith = (props: ArgyleWebhookIngestProps) => () =>
      new ArgyleWebhookIngest(new Stack(fastApp(), 'Test'), 'Ingest', props);

    it('fails for a malformed route name, showing it and the rule', () => {
      expect(stackWith({ routes: [{ name: 'Accounts', events: ['*'] }] })).toThrow(
        /routes\[0\]\.name: "Accounts" is not a route name; write 1 to 40 lower-case letters/,
      );
    });

    it('fails for the reserved route name catch-all', () => {
      expect(stackWith({ routes: [{ name: 'catch-all', events: ['*'] }] })).toThrow(
        /routes\[0\]\.name: "catch-all" is reserved/,
      );
    });

    it('fails for duplicate route names', () => {
      const routes = [
        { name: 'a', events: ['*'] },
        { name: 'a', events: ['accounts.*'] },
      ];

      expect(stackWith({ routes })).toThrow(/routes\[1\]\.name: "a" is already the name of route 0/);
    });

    it('fails for a malformed event pattern and for no patterns, with examples', () => {
      const routes = [
        { name: 'a', events: ['accounts.*', 'Accounts.Connected'] },
        { name: 'b', events: [] },
      ];

      expect(stackWith({ routes })).toThrow(
        /routes\[0\]\.events\[1\]: "Accounts.Connected" is not an event pattern.*"accounts.connected", "accounts.\*" or "\*"\n {2}routes\[1\]\.events: \[\] is empty/,
      );
    });

    it('fails when fifo disagrees with the given queue', () => {
      // Arrange
      const stack = new Stack(fastApp(), 'Test');
      const queue = Queue.fromQueueArn(stack, 'Existing', IMPORTED_ARN);

      // Act / Assert
      expect(
        () =>
          new ArgyleWebhookIngest(stack, 'Ingest', {
            routes: [{ name: 'a', events: ['*'], fifo: true, queue }],
          }),
      ).toThrow(/routes\[0\]\.fifo: true disagrees with the given queue, which is standard/);
    });

    it('fails when queue settings come with a given queue', () => {
      // Arrange
      const stack = new Stack(fastApp(), 'Test');
      const queue = Queue.fromQueueArn(stack, 'Existing', IMPORTED_ARN);

      // Act / Assert
      expect(
        () =>
          new ArgyleWebhookIngest(stack, 'Ingest', {
            routes: [{ name: 'a', events: ['*'], maxReceiveCount: 3, queue }],
          }),
      ).toThrow(/routes\[0\]: maxReceiveCount only apply to queues this construct creates/);
    });

    it('fails for a FIFO catch-all queue', () => {
      // Arrange
      const stack = new Stack(fastApp(), 'Test');
      const queue = Queue.fromQueueArn(stack, 'Existing', IMPORTED_FIFO_ARN);

      // Act / Assert
      expect(() => new ArgyleWebhookIngest(stack, 'Ingest', { catchAllQueue: queue })).toThrow(
        /catchAllQueue: is a FIFO queue; the catch-all queue must be a standard queue/,
      );
    });

    it('fails for out-of-range queue settings', () => {
      expect(
        stackWith({
          routes: [{ name: 'a', events: ['*'], maxReceiveCount: 0, retentionPeriod: Duration.days(15) }],
        }),
      ).toThrow(
        /routes\[0\]\.maxReceiveCount: 0 is out of range.*\n.*routes\[0\]\.retentionPeriod: 1296000 is out of range/,
      );
    });

    it('fails for a maxBodyBytes that cannot fit one SQS message, explaining why', () => {
      expect(stackWith({ maxBodyBytes: 200_000 })).toThrow(
        /maxBodyBytes: 200000 bytes is too large: a body must fit one SQS message \(256 KiB\).*base64.*193536/,
      );
    });

    it('fails for an invalid source address and for an empty allow list', () => {
      expect(stackWith({ allowedSourceIps: ['34.27.251.226/33'] })).toThrow(
        /allowedSourceIps\[0\]: "34.27.251.226\/33" has an invalid prefix length/,
      );
      expect(stackWith({ allowedSourceIps: [] })).toThrow(/allowedSourceIps: \[\] would block every caller/);
    });

    it('accepts an empty allow list when the restriction is off', () => {
      expect(stackWith({ allowedSourceIps: [], restrictSourceIps: false })).not.toThrow();
    });

    it('fails when the routing table could exceed the 4 KB Lambda environment, saying how many routes fit', () => {
      // Arrange
      const routes = Array.from({ length: 40 }, (_, i) => ({
        name: `route-${i}`,
        events: ['accounts.connected'],
      }));

      // Act / Assert
      expect(stackWith({ routes })).toThrow(
        /routes: 40 routes need up to \d+ bytes of environment variables on the receiver, above Lambda's limit of 4096; about \d+ routes like these fit.*put several event patterns on one route/,
      );
    });

    it('accounts for the full length of imported queue URLs in the size check', () => {
      // Arrange
      const stack = new Stack(fastApp(), 'Test');
      const routes = Array.from({ length: 20 }, (_, i) => ({
        name: `route-${i}`,
        events: ['accounts.connected'],
        queue: Queue.fromQueueArn(stack, `Q${i}`, `${IMPORTED_ARN}-${i}`),
      }));

      // Act / Assert: 20 routes with generated names fit, but not with 256-byte URL tokens.
      expect(stackWith({ routes: routes.map(({ queue: _, ...route }) => route) })).not.toThrow();
      expect(() => new ArgyleWebhookIngest(stack, 'Ingest', { routes })).toThrow(/20 routes need up to/);
    });
  });
});
