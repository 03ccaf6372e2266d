import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { Duration, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { describe, expect, it } from 'vitest';
import { FUNCTION_BUNDLING, PROJECT_ROOT } from '../../build/function-bundling';
import { FUNCTION_ENTRIES, functionAssetDir } from '../../lib/constructs/function-defaults';
import { ReceiverFunction, type ReceiverFunctionProps } from '../../lib/constructs/receiver-function';
import { fastApp } from '../support/cdk-app';
import { onlyResource, receiverEnvironment } from './template-helpers';

function synth(props?: ReceiverFunctionProps) {
  const stack = new Stack(fastApp(), 'Test');
  new ReceiverFunction(stack, 'Receiver', props);
  return Template.fromStack(stack);
}

describe('ReceiverFunction', () => {
  it('bundles functions/receiver/entry.ts', () => {
    expect(FUNCTION_ENTRIES.receiver).toMatch(/^functions\/receiver\/entry\.ts$/);
    expect(existsSync(path.join(PROJECT_ROOT, FUNCTION_ENTRIES.receiver))).toBe(true);
  });

  it('bundles one minified ES module with the AWS SDK inside, locally, with a require shim', () => {
    expect(FUNCTION_BUNDLING).toEqual({
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node22',
      mainFields: ['module', 'main'],
      minify: true,
      sourcemap: false,
      external: [],
      banner: { js: "import{createRequire}from'node:module';const require=createRequire(import.meta.url);" },
      legalComments: 'none',
      logLevel: 'warning',
    });
  });

  it('deploys the pre-built handler from dist/assets/receiver, the file the npm package ships', () => {
    const stack = new Stack(fastApp(), 'Test');
    new ReceiverFunction(stack, 'Receiver');
    const assembly = (stack.node.root as ReturnType<typeof fastApp>).synth();

    const manifest: { files: Record<string, { source: { path: string } }> } = JSON.parse(
      readFileSync(path.join(assembly.directory, 'Test.assets.json'), 'utf8'),
    );
    const staged = Object.values(manifest.files).map(({ source }) =>
      path.join(assembly.directory, source.path, 'index.mjs'),
    );
    const shipped = readFileSync(path.join(functionAssetDir('receiver'), 'index.mjs'));
    expect(staged.filter((file) => existsSync(file) && readFileSync(file).equals(shipped))).toHaveLength(1);
    expect(Template.fromStack(stack).findResources('AWS::Lambda::Function')).toSatisfy(
      (functions: Record<string, { Properties: { Handler: string } }>) =>
        Object.values(functions).every((fn) => fn.Properties.Handler === 'index.handler'),
    );
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
