/**
 * Apps for infrastructure tests, with the context of the project's cdk.json so feature flags (and the default
 * `argyleWebhooks` configuration) match a real `cdk synth`.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { App } from 'aws-cdk-lib';

const CDK_JSON = path.resolve(import.meta.dirname, '../../cdk.json');

/** The `context` object of the project's cdk.json. */
export function cdkJsonContext(): Record<string, unknown> {
  const cdkJson: { context?: Record<string, unknown> } = JSON.parse(readFileSync(CDK_JSON, 'utf8'));
  return { ...cdkJson.context };
}

/**
 * An app for structural assertions: no esbuild bundling (`aws:cdk:bundling-stacks` is empty) and no built-in
 * CloudFormation validation, so a synth takes milliseconds. `context` is merged over cdk.json's.
 */
export function fastApp(context: Record<string, unknown> = {}): App {
  return new App({
    builtinCloudFormationValidation: false,
    context: { ...cdkJsonContext(), 'aws:cdk:bundling-stacks': [], ...context },
  });
}

/** An app that synthesizes like `cdk synth`: bundles every function and runs the CloudFormation validation. */
export function fullApp(context: Record<string, unknown> = {}): App {
  return new App({ context: { ...cdkJsonContext(), ...context } });
}
