/** The SubscriptionWatcher construct and what ArgyleWebhookMonitoring adds for it. */
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { type App, Duration, Stack, Validations } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AttributeType, BillingMode, Table } from 'aws-cdk-lib/aws-dynamodb';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { AwsSolutionsChecks } from 'cdk-nag';
import { describe, expect, it } from 'vitest';
import { ArgyleWebhookIngest } from '../../lib/constructs/argyle-webhook-ingest';
import { ArgyleWebhookMonitoring } from '../../lib/constructs/argyle-webhook-monitoring';
import { functionAssetDir } from '../../lib/constructs/function-defaults';
import {
  SubscriptionWatcher,
  type SubscriptionWatcherProps,
} from '../../lib/constructs/subscription-watcher';
import { fastApp } from '../support/cdk-app';
import { alarm, alarmNames } from './monitoring-fixtures';
import { logicalId, onlyResource, policyStatements, type Resource } from './template-helpers';

function synth(props: Partial<SubscriptionWatcherProps> = {}, app: App = fastApp()) {
  const stack = new Stack(app, 'Test');
  const ingest = new ArgyleWebhookIngest(stack, 'Ingest', {
    routes: [{ name: 'all-events', events: ['*'] }],
  });
  const stateTable = new Table(stack, 'State', {
    partitionKey: { name: 'pk', type: AttributeType.STRING },
    billingMode: BillingMode.PAY_PER_REQUEST,
    pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
  });
  const credentialsSecret = Secret.fromSecretNameV2(
    stack,
    'Credentials',
    'argyle-webhooks/sandbox/api-credentials',
  );
  const watcher = new SubscriptionWatcher(stack, 'Watcher', {
    stateTable,
    credentialsSecret,
    signingSecret: ingest.signingSecret,
    receiver: ingest.receiver,
    ...props,
  });
  const monitoring = new ArgyleWebhookMonitoring(stack, 'Monitoring', {
    ingest,
    subscriptionWatcher: watcher,
  });
  return { stack, ingest, stateTable, watcher, monitoring, template: Template.fromStack(stack) };
}

function watcherFunction(template: Template): Resource {
  const functions = Object.values(template.findResources('AWS::Lambda::Function')) as Resource[];
  const [found] = functions.filter((fn) =>
    JSON.stringify(fn.Properties?.Environment).includes('argyle-webhook-subscription-watcher'),
  );
  if (found === undefined) throw new Error('no watcher function');
  return found;
}

describe('SubscriptionWatcher', () => {
  it('ships its handler pre-built', () => {
    expect(existsSync(path.join(functionAssetDir('subscription-watcher'), 'index.mjs'))).toBe(true);
  });

  it('runs every 15 minutes by default, from an EventBridge rule, and never twice for one schedule', () => {
    const { template } = synth();

    const rule = onlyResource(template, 'AWS::Events::Rule');
    expect(rule.Properties).toMatchObject({ ScheduleExpression: 'rate(15 minutes)', State: 'ENABLED' });
    expect(rule.Properties?.Targets).toEqual([
      expect.objectContaining({ RetryPolicy: { MaximumRetryAttempts: 0 } }),
    ]);
    expect(onlyResource(template, 'AWS::Lambda::EventInvokeConfig').Properties).toMatchObject({
      MaximumRetryAttempts: 0,
    });
  });

  it('runs as often as configured', () => {
    const { template } = synth({ every: Duration.minutes(60) });

    expect(onlyResource(template, 'AWS::Events::Rule').Properties?.ScheduleExpression).toBe('rate(1 hour)');
  });

  it('tells the function its table, whether to repair, the silent threshold and the receiver', () => {
    const { stack, stateTable, ingest, template } = synth({ silentAfter: Duration.minutes(30) });

    expect(watcherFunction(template).Properties).toMatchObject({
      Timeout: 300,
      Environment: {
        Variables: {
          ARGYLE_SUBSCRIPTION_STATE_TABLE: { Ref: logicalId(stack, stateTable) },
          ARGYLE_WATCH_REPAIR: 'false',
          ARGYLE_WATCH_SILENT_AFTER_MINUTES: '30',
          ARGYLE_RECEIVER_FUNCTION_NAME: { Ref: logicalId(stack, ingest.receiver) },
          ARGYLE_RECEIVER_METRIC_NAMESPACE: 'ArgyleWebhooks',
          POWERTOOLS_SERVICE_NAME: 'argyle-webhook-subscription-watcher',
          POWERTOOLS_METRICS_NAMESPACE: 'ArgyleWebhooks',
        },
      },
    });
  });

  it('may only read the state table, the two secrets and metric data when it does not repair', () => {
    const { stack, watcher, template } = synth();
    const statements = policyStatements(
      template,
      logicalId(stack, watcher.function.role ?? watcher.function),
    );
    const actions = statements.flatMap((s) => [s.Action].flat());

    expect(actions).toEqual(
      expect.arrayContaining(['dynamodb:GetItem', 'dynamodb:Scan', 'cloudwatch:GetMetricData']),
    );
    expect(actions).not.toContain('dynamodb:PutItem');
    expect(actions).not.toContain('dynamodb:DeleteItem');
    const secrets = statements.filter((s) => JSON.stringify(s.Action).includes('secretsmanager:'));
    expect(secrets).toEqual([
      {
        Action: ['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue'],
        Effect: 'Allow',
        Resource: [
          expect.objectContaining({ 'Fn::Join': expect.anything() }),
          expect.objectContaining({ Ref: expect.any(String) }),
        ],
      },
    ]);
    expect(statements.find((s) => s.Action === 'cloudwatch:GetMetricData')?.Resource).toBe('*');
    const services = new Set(actions.map((action) => String(action).split(':')[0]));
    expect([...services].sort()).toEqual(['cloudwatch', 'dynamodb', 'logs', 'secretsmanager']);
  });

  it('may write the state table when it repairs', () => {
    const { stack, watcher, template } = synth({ repair: true });
    const actions = policyStatements(
      template,
      logicalId(stack, watcher.function.role ?? watcher.function),
    ).flatMap((s) => [s.Action].flat());

    expect(actions).toEqual(expect.arrayContaining(['dynamodb:PutItem', 'dynamodb:DeleteItem']));
    expect(watcherFunction(template).Properties).toMatchObject({
      Environment: { Variables: expect.objectContaining({ ARGYLE_WATCH_REPAIR: 'true' }) },
    });
  });

  it('reads no metrics, and may not, without a receiver', () => {
    const stack = new Stack(fastApp(), 'Bare');
    const watcher = new SubscriptionWatcher(stack, 'Watcher', {
      stateTable: new Table(stack, 'State', { partitionKey: { name: 'pk', type: AttributeType.STRING } }),
      credentialsSecret: Secret.fromSecretNameV2(stack, 'Credentials', 'creds'),
      signingSecret: new Secret(stack, 'Signing'),
    });
    const template = Template.fromStack(stack);
    const actions = policyStatements(
      template,
      logicalId(stack, watcher.function.role ?? watcher.function),
    ).flatMap((s) => [s.Action].flat());

    expect(actions).not.toContain('cloudwatch:GetMetricData');
    expect(JSON.stringify(watcherFunction(template).Properties)).not.toContain(
      'ARGYLE_RECEIVER_FUNCTION_NAME',
    );
  });

  it('refuses a schedule or a silent threshold out of range, naming both', () => {
    expect(() => synth({ every: Duration.minutes(2), silentAfter: Duration.days(2) })).toThrow(
      /invalid SubscriptionWatcher props at Test\/Watcher:\n {2}every: 2 is out of range; write a whole number of minutes from 5 to 720\n {2}silentAfter: 2880 is out of range/,
    );
  });

  it('leaves cdk-nag nothing unacknowledged', () => {
    const app = fastApp();
    synth({}, app);
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
    let findings = '';
    try {
      app.synth();
    } catch (error) {
      findings = error instanceof Error ? error.message : String(error);
    }

    expect(findings.split('\n').filter((line) => line.includes('Test/Watcher'))).toEqual([]);
  });

  describe('alarms and dashboard', () => {
    const { template, watcher, stack } = synth();

    it('raises an alarm per drift kind on the alarm topic, reading SubscriptionDrift by Kind', () => {
      expect(alarmNames(template)).toEqual(
        expect.arrayContaining([
          'Test-Monitoring-SubscriptionMissing',
          'Test-Monitoring-SubscriptionChanged',
          'Test-Monitoring-SubscriptionSecretDiffers',
          'Test-Monitoring-SubscriptionDuplicate',
          'Test-Monitoring-SubscriptionSilent',
          'Test-Monitoring-SubscriptionWatcherErrors',
          'Test-Monitoring-SubscriptionWatcherNotRunning',
          'Test-Monitoring-SubscriptionChecksIncomplete',
        ]),
      );
      expect(alarm(template, 'SubscriptionMissing')).toMatchObject({
        Namespace: 'ArgyleWebhooks',
        MetricName: 'SubscriptionDrift',
        Dimensions: expect.arrayContaining([
          { Name: 'Kind', Value: 'missing' },
          { Name: 'service', Value: 'argyle-webhook-subscription-watcher' },
          { Name: 'FunctionName', Value: { Ref: logicalId(stack, watcher.function) } },
        ]),
        Statistic: 'Sum',
        Period: 900,
        Threshold: 1,
        EvaluationPeriods: 2,
        DatapointsToAlarm: 1,
        TreatMissingData: 'notBreaching',
        AlarmActions: [expect.anything()],
        OKActions: [expect.anything()],
      });
      expect(String(alarm(template, 'SubscriptionDuplicate').AlarmDescription)).toContain('never deletes');
      expect(alarm(template, 'SubscriptionSilent')).toMatchObject({
        EvaluationPeriods: 3,
        DatapointsToAlarm: 2,
      });
    });

    it('raises an alarm when two runs in a row did not finish, counting missing data as breaching', () => {
      expect(alarm(template, 'SubscriptionWatcherNotRunning')).toMatchObject({
        MetricName: 'SubscriptionWatcherRuns',
        ComparisonOperator: 'LessThanThreshold',
        Threshold: 1,
        Period: 900,
        EvaluationPeriods: 2,
        DatapointsToAlarm: 2,
        TreatMissingData: 'breaching',
      });
    });

    it('raises an alarm on any error of the watcher function', () => {
      expect(alarm(template, 'SubscriptionWatcherErrors')).toMatchObject({
        Namespace: 'AWS/Lambda',
        MetricName: 'Errors',
        Threshold: 1,
      });
    });

    it('adds a row of drift, acceptance per subscription, runs and repairs to the dashboard', () => {
      const body = JSON.stringify(
        onlyResource(template, 'AWS::CloudWatch::Dashboard').Properties?.DashboardBody,
      );

      expect(body).toContain('## Argyle subscriptions');
      expect(body).toContain('Drift findings by kind');
      expect(body).toContain('Accepted per subscription');
      expect(body).toContain('Subscription');
      expect(body).toContain('Repairs by outcome');
    });
  });
});
