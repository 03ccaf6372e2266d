/** The subscription watcher as the app deploys it from cdk.json's `subscriptionWatch`. */
import { Validations } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { describe, expect, it } from 'vitest';
import { ArgyleWebhookStack } from '../../lib/argyle-webhook-stack';
import { parseConfig } from '../../lib/config';
import { fastApp } from '../support/cdk-app';
import { logicalId, policyStatements, type Resource } from './template-helpers';

const KEY_ARN = 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';

function synth(raw: Record<string, unknown> = {}) {
  const app = fastApp();
  const stack = new ArgyleWebhookStack(app, 'Test', { config: parseConfig(raw) });
  return { app, stack, template: Template.fromStack(stack) };
}

const rules = (template: Template) =>
  Object.values(template.findResources('AWS::Events::Rule')) as Resource[];
const alarmNames = (template: Template) =>
  (Object.values(template.findResources('AWS::CloudWatch::Alarm')) as Resource[]).map((a) =>
    String(a.Properties?.AlarmName),
  );

describe('the subscription watcher in the stack', () => {
  it('runs every 15 minutes by default, reporting only, with its alarms on the alarm topic', () => {
    const { stack, template } = synth();

    expect(stack.subscriptionWatcher).toBeDefined();
    expect(rules(template).map((rule) => rule.Properties?.ScheduleExpression)).toEqual(['rate(15 minutes)']);
    expect(stack.subscriptionWatcher?.repair).toBe(false);
    expect(alarmNames(template)).toEqual(
      expect.arrayContaining([
        'Test-Monitoring-SubscriptionMissing',
        'Test-Monitoring-SubscriptionSilent',
        'Test-Monitoring-SubscriptionWatcherNotRunning',
      ]),
    );
  });

  it('reads the state table the subscriptions construct keeps, and the receiver’s metrics', () => {
    const { stack, template } = synth();
    const watcher = stack.subscriptionWatcher;
    if (watcher === undefined || stack.subscriptions === undefined) throw new Error('no watcher');
    const statements = policyStatements(
      template,
      logicalId(stack, watcher.function.role ?? watcher.function),
    );

    expect(statements).toContainEqual({
      Action: ['dynamodb:GetItem', 'dynamodb:Scan'],
      Effect: 'Allow',
      Resource: { 'Fn::GetAtt': [logicalId(stack, stack.subscriptions.stateTable), 'Arn'] },
    });
    template.hasOutput('SubscriptionStateTable', {
      Value: { Ref: logicalId(stack, stack.subscriptions.stateTable) },
    });
    template.hasOutput('ReceiverFunctionName', { Value: { Ref: logicalId(stack, stack.ingest.receiver) } });
  });

  it('follows intervalMinutes, silentAfterMinutes and repair', () => {
    const { stack, template } = synth({
      subscriptionWatch: { intervalMinutes: 30, silentAfterMinutes: 60, repair: true },
    });

    expect(rules(template).map((rule) => rule.Properties?.ScheduleExpression)).toEqual(['rate(30 minutes)']);
    expect(stack.subscriptionWatcher?.repair).toBe(true);
    expect(stack.subscriptionWatcher?.silentAfter.toMinutes()).toBe(60);
  });

  it('deploys no watcher and no drift alarm when switched off', () => {
    const { stack, template } = synth({ subscriptionWatch: { enabled: false } });

    expect(stack.subscriptionWatcher).toBeUndefined();
    expect(rules(template)).toEqual([]);
    expect(alarmNames(template).filter((name) => name.includes('Subscription'))).toEqual([]);
  });

  it('deploys no watcher when the stack registers no subscription', () => {
    const { stack, template } = synth({ subscriptions: [] });

    expect(stack.subscriptionWatcher).toBeUndefined();
    expect(rules(template)).toEqual([]);
  });

  it('leaves cdk-nag nothing unacknowledged with repair on and a customer managed key', () => {
    const { app } = synth({ kmsKeyArn: KEY_ARN, subscriptionWatch: { repair: true } });
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
    let findings = '';
    try {
      app.synth();
    } catch (error) {
      findings = error instanceof Error ? error.message : String(error);
    }

    expect(findings).toBe('');
  });
});
