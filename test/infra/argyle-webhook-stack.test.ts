import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { RECEIVER_ENV } from '#functions/shared/contract';
import { ArgyleWebhookStack, ENVIRONMENT_TAG } from '../../lib/argyle-webhook-stack';
import { parseConfig } from '../../lib/config';
import { cdkJsonContext, fastApp, fullApp } from '../support/cdk-app';
import { logicalId, receiverEnvironment, receiverFunction } from './template-helpers';

function synth(rawConfig: unknown = {}) {
  const stack = new ArgyleWebhookStack(fastApp(), 'Test', { config: parseConfig(rawConfig) });
  return { stack, template: Template.fromStack(stack) };
}

describe('ArgyleWebhookStack', () => {
  describe('outputs', () => {
    const { stack, template } = synth({
      routes: [
        { name: 'accounts', events: ['accounts.*'] },
        { name: 'paystub-events', events: ['paystubs.*'], fifo: true },
      ],
    });

    it('outputs the webhook URL to register with Argyle', () => {
      template.hasOutput('WebhookUrl', {
        Description: Match.stringLikeRegexp('register with Argyle'),
        Value: { 'Fn::Join': ['', Match.arrayWith([Match.stringLikeRegexp('/webhook$')])] },
      });
    });

    it('outputs the ARN of the signing secret', () => {
      template.hasOutput('SigningSecretArn', {
        Description: Match.stringLikeRegexp('signing secret'),
        Value: { Ref: logicalId(stack, stack.ingest.signingSecret) },
      });
    });

    it('outputs URL, ARN and dead-letter queue URL for every route and the catch-all', () => {
      for (const [prefix, route] of [
        ['Accounts', 'accounts'],
        ['PaystubEvents', 'paystub-events'],
        ['CatchAll', 'catch-all'],
      ] as const) {
        const queueId = logicalId(stack, stack.ingest.queue(route));
        template.hasOutput(`${prefix}QueueUrl`, {
          Description: Match.stringLikeRegexp('^URL of'),
          Value: { Ref: queueId },
        });
        template.hasOutput(`${prefix}QueueArn`, {
          Description: Match.stringLikeRegexp('^ARN of'),
          Value: { 'Fn::GetAtt': [queueId, 'Arn'] },
        });
        template.hasOutput(`${prefix}DeadLetterQueueUrl`, {
          Description: Match.stringLikeRegexp('dead-letter queue'),
          Value: { Ref: Match.stringLikeRegexp('DeadLetterQueue') },
        });
      }
    });

    it('fails when two route names would give the same output names', () => {
      // Arrange: parseConfig refuses this, so build the configuration by hand.
      const config = parseConfig({ routes: [{ name: 'a-1', events: ['*'] }] });
      const [route] = config.routes;
      if (route === undefined) throw new Error('no route');

      // Act / Assert
      expect(
        () =>
          new ArgyleWebhookStack(fastApp(), 'Test', {
            config: { ...config, routes: [route, { ...route, name: 'a1' }] },
          }),
      ).toThrow(
        'routes[1].name: "a1" and "a-1" would both name their stack outputs A1QueueUrl; rename one of them',
      );
    });
  });

  describe('configuration', () => {
    it('tags every resource with the Argyle environment and the configured tags', () => {
      // Arrange
      const { template } = synth({ environment: 'production', tags: { team: 'payments' } });
      const tags = Match.arrayWith([
        { Key: ENVIRONMENT_TAG, Value: 'production' },
        { Key: 'team', Value: 'payments' },
      ]);

      // Assert
      for (const type of [
        'AWS::SQS::Queue',
        'AWS::Lambda::Function',
        'AWS::ApiGateway::RestApi',
        'AWS::ApiGateway::Stage',
        'AWS::SecretsManager::Secret',
        'AWS::Logs::LogGroup',
        'AWS::IAM::Role',
      ]) {
        template.allResourcesProperties(type, { Tags: tags });
      }
    });

    it('exposes the Argyle environment, sandbox by default', () => {
      expect(synth().stack.argyleEnvironment).toBe('sandbox');
      expect(synth({ environment: 'production' }).stack.argyleEnvironment).toBe('production');
    });

    it('builds routes with their queue settings from the configuration', () => {
      // Act
      const { stack, template } = synth({
        routes: [
          {
            name: 'accounts',
            events: ['accounts.*'],
            subscriptions: ['prod'],
            fifo: true,
            maxReceiveCount: 3,
            visibilityTimeoutSeconds: 90,
            retentionDays: 2,
          },
        ],
        catchAll: { retentionDays: 7 },
      });

      // Assert
      const resources = template.findResources('AWS::SQS::Queue');
      expect(resources[logicalId(stack, stack.ingest.queue('accounts'))]?.Properties).toMatchObject({
        FifoQueue: true,
        MessageRetentionPeriod: 172_800,
        VisibilityTimeout: 90,
        RedrivePolicy: { maxReceiveCount: 3 },
      });
      expect(resources[logicalId(stack, stack.ingest.catchAllQueue)]?.Properties).toMatchObject({
        MessageRetentionPeriod: 604_800,
      });
      expect(JSON.parse(receiverEnvironment(template)[RECEIVER_ENV.ROUTES] ?? '')).toMatchObject({
        rules: [{ events: ['accounts.*'], subscriptions: ['prod'], queue: 0 }],
      });
    });

    it('applies body limit, throttling and log retention from the configuration', () => {
      const { template } = synth({
        maxBodyBytes: 65_536,
        throttling: { rateLimit: 10, burstLimit: 20 },
        logRetentionDays: 7,
      });

      expect(receiverEnvironment(template)[RECEIVER_ENV.MAX_BODY_BYTES]).toBe('65536');
      template.hasResourceProperties('AWS::ApiGateway::Stage', {
        MethodSettings: [Match.objectLike({ ThrottlingRateLimit: 10, ThrottlingBurstLimit: 20 })],
      });
      template.allResourcesProperties('AWS::Logs::LogGroup', { RetentionInDays: 7 });
    });

    it('lifts the source IP restriction, with a warning, when configured', () => {
      const { stack, template } = synth({ sourceIps: { restrict: false } });

      template.hasResourceProperties('AWS::ApiGateway::RestApi', { Policy: Match.absent() });
      Annotations.fromStack(stack).hasWarning('*', Match.stringLikeRegexp('only the HMAC signature check'));
    });

    it('uses the configured source addresses', () => {
      const { template } = synth({ sourceIps: { allow: ['198.51.100.0/24'] } });

      template.hasResourceProperties('AWS::ApiGateway::RestApi', {
        Policy: {
          Statement: Match.arrayWith([
            Match.objectLike({ Condition: { NotIpAddress: { 'aws:SourceIp': ['198.51.100.0/24'] } } }),
          ]),
        },
      });
    });

    it('skips the API Gateway account role, or access logging altogether, when configured', () => {
      const withoutRole = synth({ accessLogs: { createApiGatewayAccountRole: false } }).template;
      const withoutLogs = synth({ accessLogs: { enabled: false } }).template;

      expect(withoutRole.findResources('AWS::ApiGateway::Account')).toEqual({});
      withoutRole.hasResourceProperties('AWS::ApiGateway::Stage', { AccessLogSetting: Match.anyValue() });
      expect(withoutLogs.findResources('AWS::ApiGateway::Account')).toEqual({});
      withoutLogs.hasResourceProperties('AWS::ApiGateway::Stage', { AccessLogSetting: Match.absent() });
    });
  });

  describe('full synthesis', () => {
    it('bundles the receiver and passes the built-in CloudFormation validation', () => {
      // Arrange
      const app = fullApp();
      const stack = new ArgyleWebhookStack(app, 'ArgyleWebhooks', {
        config: parseConfig(cdkJsonContext().argyleWebhooks),
      });

      // Act
      const template = Template.fromStack(stack);

      // Assert
      expect(Annotations.fromStack(stack).findError('*', Match.anyValue())).toEqual([]);
      const code = receiverFunction(template).Properties?.Code as { S3Key: string };
      const assetHash = code.S3Key.replace(/\.zip$/, '');
      const bundle = readFileSync(
        path.join(app.synth().directory, `asset.${assetHash}`, 'index.mjs'),
        'utf8',
      );
      const banner = "import{createRequire}from'node:module';const require=createRequire(import.meta.url);";
      expect(bundle.startsWith(banner), 'the bundle starts with the require shim').toBe(true);
      expect(/export\{\w+ as handler\}/.test(bundle), 'the bundle exports handler').toBe(true);
      expect(/from\s*["']@aws-sdk\//.test(bundle), 'the bundle imports nothing from @aws-sdk').toBe(false);
    });
  });

  describe('bin/app.ts', () => {
    it('prints invalid configuration to stderr without a stack trace and exits with 1', () => {
      // Arrange
      const root = path.resolve(import.meta.dirname, '../..');
      const context = { ...cdkJsonContext(), argyleWebhooks: { environment: 'prod', routs: [] } };

      // Act
      const result = spawnSync(path.join(root, 'node_modules/.bin/tsx'), ['bin/app.ts'], {
        cwd: root,
        encoding: 'utf8',
        env: {
          ...process.env,
          CDK_CONTEXT_JSON: JSON.stringify(context),
          CDK_OUTDIR: mkdtempSync(path.join(tmpdir(), 'argyle-webhooks-')),
        },
      });

      // Assert
      expect(result.status).toBe(1);
      expect(result.stderr).toBe(
        'invalid argyleWebhooks configuration (cdk.json "context", or -c argyleWebhooks=...):\n' +
          '  argyleWebhooks.environment: "prod" is not an Argyle environment; write "sandbox" or "production"\n' +
          '  argyleWebhooks.routs: unknown key (did you mean "routes"?); allowed keys here are environment, stackName, routes, subscriptions, argyleApi, subscriptionWatch, signingSecret, catchAll, sourceIps, maxBodyBytes, throttling, accessLogs, alarms, waf, archive, kmsKeyArn, logRetentionDays, tags, exampleConsumer, environments\n',
      );
    });
  });
});
