import { type App, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { describe, expect, it } from 'vitest';
import { ArgyleWebhookStack } from '../../lib/argyle-webhook-stack';
import { parseConfig } from '../../lib/config';
import { fastApp, fullApp } from '../support/cdk-app';
import { configProblems as problems } from '../support/config-problems';
import { logicalId } from './template-helpers';

const ROUTES = [
  { name: 'accounts', events: ['accounts.*'] },
  { name: 'payroll', events: ['paystubs.*'], fifo: true },
];

function synth(rawConfig: Record<string, unknown>, app: App = fastApp()) {
  const stack = new ArgyleWebhookStack(app, 'Test', { config: parseConfig(rawConfig) });
  return { app, stack, template: Template.fromStack(stack) };
}

describe('the example consumer option', () => {
  it('is off by default: no consumer function and no event source', () => {
    // Act
    const { stack, template } = synth({ routes: ROUTES });
    // Assert
    expect(stack.exampleConsumer).toBeUndefined();
    template.resourceCountIs('AWS::Lambda::EventSourceMapping', 0);
    expect(
      template.findResources('AWS::Lambda::Function', {
        Properties: { Description: Match.stringLikeRegexp('Example consumer') },
      }),
    ).toEqual({});
  });

  describe('when enabled', () => {
    const { stack, template } = synth({
      routes: ROUTES,
      exampleConsumer: { enabled: true, route: 'accounts' },
    });
    const consumer = stack.exampleConsumer;
    const functionId = consumer ? logicalId(stack, consumer.function) : '';
    const queueId = logicalId(stack, stack.ingest.queue('accounts'));

    it('adds a Node.js 24 ARM function with JSON logs', () => {
      template.hasResourceProperties('AWS::Lambda::Function', {
        Description: Match.stringLikeRegexp(
          'Example consumer of the Argyle webhook queue of route "accounts"',
        ),
        Runtime: 'nodejs24.x',
        Architectures: ['arm64'],
        Handler: 'index.handler',
        Timeout: 10,
        LoggingConfig: Match.objectLike({ LogFormat: 'JSON' }),
      });
    });

    it("feeds it the route's queue, reporting batch item failures", () => {
      template.resourceCountIs('AWS::Lambda::EventSourceMapping', 1);
      template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
        FunctionName: { Ref: functionId },
        EventSourceArn: { 'Fn::GetAtt': [queueId, 'Arn'] },
        BatchSize: 10,
        FunctionResponseTypes: ['ReportBatchItemFailures'],
      });
    });

    it('lets it receive and delete messages of that queue only', () => {
      template.hasResourceProperties('AWS::IAM::Policy', {
        Roles: [{ Ref: Match.stringLikeRegexp('ExampleConsumerFunctionServiceRole') }],
        PolicyDocument: {
          Statement: [
            Match.objectLike({
              Effect: 'Allow',
              Action: Match.arrayWith(['sqs:DeleteMessage', 'sqs:ReceiveMessage']),
              Resource: { 'Fn::GetAtt': [queueId, 'Arn'] },
            }),
          ],
        },
      });
    });

    it('leaves nothing for cdk-nag to report', () => {
      // Arrange
      const app = fastApp();
      synth({ routes: ROUTES, exampleConsumer: { enabled: true, route: 'payroll' } }, app);
      Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
      // Act / Assert
      expect(() => app.synth()).not.toThrow();
    });
  });

  it('consumes the catch-all queue when the route is catch-all', () => {
    // Act
    const { stack, template } = synth({
      routes: ROUTES,
      exampleConsumer: { enabled: true, route: 'catch-all' },
    });
    // Assert
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      EventSourceArn: { 'Fn::GetAtt': [logicalId(stack, stack.ingest.catchAllQueue), 'Arn'] },
    });
  });

  it('bundles the handler with esbuild', () => {
    // Act
    const { template } = synth({ exampleConsumer: { enabled: true } }, fullApp());
    // Assert
    template.hasResourceProperties('AWS::Lambda::Function', {
      Description: Match.stringLikeRegexp('Example consumer'),
      Code: { S3Bucket: Match.anyValue(), S3Key: Match.stringLikeRegexp('\\.zip$') },
    });
  });
});

describe('exampleConsumer configuration', () => {
  it('defaults to off, on the all-events route', () => {
    expect(parseConfig({}).exampleConsumer).toEqual({ enabled: false, route: 'all-events' });
  });

  it('uses the given route when enabled', () => {
    expect(
      parseConfig({ routes: ROUTES, exampleConsumer: { enabled: true, route: 'payroll' } }).exampleConsumer,
    ).toEqual({ enabled: true, route: 'payroll' });
  });

  it('fails for a route that does not exist, listing those that do', () => {
    expect(problems({ routes: ROUTES, exampleConsumer: { enabled: true } })).toEqual([
      'argyleWebhooks.exampleConsumer.route: "all-events" is not a route; write one of "accounts", "payroll", "catch-all"',
    ]);
  });

  it("fails for a route whose visibility timeout is below the function's timeout", () => {
    expect(
      problems({
        routes: [{ name: 'fast', events: ['*'], visibilityTimeoutSeconds: 5 }],
        exampleConsumer: { enabled: true, route: 'fast' },
      }),
    ).toEqual([
      `argyleWebhooks.exampleConsumer.route: route "fast" has a visibility timeout of 5 s, below the example consumer's timeout (10 s), which SQS event sources do not allow; raise its visibilityTimeoutSeconds to at least 10`,
    ]);
  });

  it('does not check the route while disabled', () => {
    expect(parseConfig({ routes: ROUTES }).exampleConsumer.enabled).toBe(false);
  });

  it('fails for an unknown key, naming the allowed ones', () => {
    expect(problems({ exampleConsumer: { enable: true } })).toEqual([
      'argyleWebhooks.exampleConsumer.enable: unknown key (did you mean "enabled"?); allowed keys here are enabled, route',
    ]);
  });
});
