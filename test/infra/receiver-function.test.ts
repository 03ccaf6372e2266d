import { existsSync } from 'node:fs';
import { Duration, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { describe, expect, it } from 'vitest';
import {
  RECEIVER_BUNDLING,
  RECEIVER_ENTRY,
  ReceiverFunction,
  type ReceiverFunctionProps,
} from '../../lib/constructs/receiver-function';
import { fastApp } from '../support/cdk-app';
import { onlyResource, receiverEnvironment } from './template-helpers';

function synth(props?: ReceiverFunctionProps) {
  const stack = new Stack(fastApp(), 'Test');
  new ReceiverFunction(stack, 'Receiver', props);
  return Template.fromStack(stack);
}

describe('ReceiverFunction', () => {
  it('bundles functions/receiver/handler.ts', () => {
    expect(RECEIVER_ENTRY).toMatch(/\/functions\/receiver\/handler\.ts$/);
    expect(existsSync(RECEIVER_ENTRY)).toBe(true);
  });

  it('bundles one minified ES module with the AWS SDK inside, locally, with a require shim', () => {
    expect(RECEIVER_BUNDLING).toEqual({
      format: OutputFormat.ESM,
      mainFields: ['module', 'main'],
      bundleAwsSDK: true,
      externalModules: [],
      minify: true,
      sourceMap: false,
      target: 'node22',
      banner: "import{createRequire}from'node:module';const require=createRequire(import.meta.url);",
      forceDockerBundling: false,
    });
  });

  it('defaults to 256 MB, 20 s and a log group kept for 30 days', () => {
    const template = synth();

    template.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs24.x',
      Architectures: ['arm64'],
      MemorySize: 256,
      Timeout: 20,
      LoggingConfig: { LogFormat: 'JSON', LogGroup: { Ref: Match.stringLikeRegexp('^ReceiverLogGroup') } },
    });
    template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 30 });
  });

  it('uses the given memory, timeout and log retention when given', () => {
    const template = synth({
      memorySize: 512,
      timeout: Duration.seconds(20),
      logRetention: RetentionDays.ONE_WEEK,
    });

    template.hasResourceProperties('AWS::Lambda::Function', { MemorySize: 512, Timeout: 20 });
    template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 7 });
  });

  it('sets the Powertools defaults when no environment is given', () => {
    expect(receiverEnvironment(synth())).toEqual({
      POWERTOOLS_SERVICE_NAME: 'argyle-webhook-receiver',
      POWERTOOLS_METRICS_NAMESPACE: 'ArgyleWebhooks',
      POWERTOOLS_LOG_LEVEL: 'INFO',
    });
  });

  it("merges the caller's environment over the defaults instead of replacing them", () => {
    const template = synth({ environment: { EXTRA: 'yes', POWERTOOLS_LOG_LEVEL: 'DEBUG' } });

    expect(receiverEnvironment(template)).toEqual({
      POWERTOOLS_SERVICE_NAME: 'argyle-webhook-receiver',
      POWERTOOLS_METRICS_NAMESPACE: 'ArgyleWebhooks',
      POWERTOOLS_LOG_LEVEL: 'DEBUG',
      EXTRA: 'yes',
    });
  });

  it('has exactly one function, so nothing else is bundled with it', () => {
    expect(onlyResource(synth(), 'AWS::Lambda::Function').Type).toBe('AWS::Lambda::Function');
  });
});
