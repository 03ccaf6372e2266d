/**
 * The signing secret's rotation in the template: the schedule (every `everyDays`, never on deploy, after the
 * subscription resources), the rotation function's least-privilege role and settings, the alarm, and the
 * configuration that switches it on.
 */
import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { describe, expect, it } from 'vitest';
import { ROTATION_ENV, SUBSCRIPTION_ENV, SUBSCRIPTION_RESOURCE_TYPE } from '#functions/shared/contract';
import { ArgyleWebhookStack } from '../../lib/argyle-webhook-stack';
import { parseConfig } from '../../lib/config';
import { ArgyleSubscriptions } from '../../lib/constructs/argyle-subscriptions';
import { FUNCTION_ENTRIES } from '../../lib/constructs/function-defaults';
import {
  SigningSecretRotation,
  type SigningSecretRotationProps,
} from '../../lib/constructs/signing-secret-rotation';
import { fastApp } from '../support/cdk-app';
import { configProblems } from '../support/config-problems';
import { WEBHOOK_URL } from './subscriptions-fixtures';
import { logicalId, onlyResource, policyStatements, type Resource } from './template-helpers';

/** The one resource of `type` that `which` picks. */
function resourceWhere(template: Template, type: string, which: (resource: Resource) => boolean): Resource {
  const found = (Object.values(template.findResources(type)) as Resource[]).filter(which);
  if (found.length !== 1 || found[0] === undefined)
    throw new Error(`expected one ${type}, found ${found.length}`);
  return found[0];
}

const isRotationFunction = (resource: Resource) =>
  String(resource.Properties?.Description ?? '').startsWith('Rotates');

function synth(props: Partial<SigningSecretRotationProps> = {}) {
  const stack = new Stack(fastApp(), 'Test');
  const signingSecret = new Secret(stack, 'SigningSecret');
  const subscriptions = new ArgyleSubscriptions(stack, 'Subscriptions', {
    webhookUrl: WEBHOOK_URL,
    signingSecret,
    subscriptions: [
      { name: 'accounts', events: ['accounts.connected'] },
      { name: 'all-events', events: ['*'] },
    ],
  });
  const rotation = new SigningSecretRotation(stack, 'Rotation', {
    signingSecret,
    subscriptions,
    alarmTopic: new Topic(stack, 'Alarms'),
    ...props,
  });
  return { stack, signingSecret, subscriptions, rotation, template: Template.fromStack(stack) };
}

describe('SigningSecretRotation', () => {
  const { stack, signingSecret, subscriptions, rotation, template } = synth();

  it('schedules a rotation every 30 days that never runs when the schedule is deployed, after every subscription resource', () => {
    const schedule = onlyResource(template, 'AWS::SecretsManager::RotationSchedule');
    const resources = Object.keys(template.findResources(SUBSCRIPTION_RESOURCE_TYPE));

    expect(schedule.Properties).toEqual({
      SecretId: { Ref: logicalId(stack, signingSecret) },
      RotationLambdaARN: { 'Fn::GetAtt': [logicalId(stack, rotation.function), 'Arn'] },
      RotationRules: { ScheduleExpression: 'rate(30 days)' },
      RotateImmediatelyOnUpdate: false,
    });
    expect(resources).toHaveLength(2);
    expect((schedule as Resource & { DependsOn?: string[] }).DependsOn).toEqual(
      expect.arrayContaining(resources),
    );
  });

  it('runs the pre-built rotation handler with the secret, the minimum interval and the state table', () => {
    const fn = resourceWhere(template, 'AWS::Lambda::Function', isRotationFunction);

    expect(FUNCTION_ENTRIES.rotation).toBe('functions/subscription/rotation/handler.ts');
    expect(fn.Properties?.Timeout).toBe(300);
    expect(fn.Properties?.Environment).toHaveProperty('Variables');
    expect((fn.Properties?.Environment as { Variables?: unknown } | undefined)?.Variables).toMatchObject({
      [ROTATION_ENV.SIGNING_SECRET_ARN]: { Ref: logicalId(stack, signingSecret) },
      [ROTATION_ENV.MINIMUM_INTERVAL_HOURS]: '24',
      [SUBSCRIPTION_ENV.STATE_TABLE]: { Ref: logicalId(stack, subscriptions.stateTable) },
    });
  });

  it('lets the function rotate that one secret, read the credentials, use the state table and write its logs, nothing else', () => {
    const statements = policyStatements(
      template,
      logicalId(stack, rotation.function.role ?? rotation.function),
    );
    const actions = statements.map((statement) => [statement.Action, statement.Resource]);

    expect(actions).toEqual([
      [['logs:CreateLogStream', 'logs:PutLogEvents'], expect.anything()],
      [
        [
          'secretsmanager:DescribeSecret',
          'secretsmanager:GetSecretValue',
          'secretsmanager:PutSecretValue',
          'secretsmanager:UpdateSecretVersionStage',
        ],
        { Ref: logicalId(stack, signingSecret) },
      ],
      ['secretsmanager:GetRandomPassword', '*'],
      [['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue'], expect.anything()],
      [
        ['dynamodb:DeleteItem', 'dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Scan'],
        { 'Fn::GetAtt': [logicalId(stack, subscriptions.stateTable), 'Arn'] },
      ],
    ]);
    expect(JSON.stringify(statements[3]?.Resource)).toContain(
      ':secret:argyle-webhooks/sandbox/api-credentials-??????',
    );
  });

  it('lets Secrets Manager, and only it, invoke the function', () => {
    const permission = resourceWhere(template, 'AWS::Lambda::Permission', (resource) =>
      JSON.stringify(resource.Properties?.FunctionName).includes(logicalId(stack, rotation.function)),
    );

    expect(permission.Properties).toMatchObject({
      Action: 'lambda:InvokeFunction',
      Principal: 'secretsmanager.amazonaws.com',
    });
  });

  it('alarms on the topic when a rotation step fails', () => {
    const alarm = onlyResource(template, 'AWS::CloudWatch::Alarm');

    expect(alarm.Properties).toMatchObject({
      MetricName: 'Errors',
      Namespace: 'AWS/Lambda',
      Threshold: 1,
      AlarmActions: [{ Ref: expect.stringMatching(/^Alarms/) }],
      OKActions: [{ Ref: expect.stringMatching(/^Alarms/) }],
    });
    expect(String(alarm.Properties?.AlarmDescription)).toMatch(/rotation step of the signing secret failed/);
  });

  it('takes the schedule and the minimum interval from its props', () => {
    const { template: custom } = synth({ everyDays: 7, minimumIntervalHours: 12 });
    const schedule = onlyResource(custom, 'AWS::SecretsManager::RotationSchedule');
    const fn = resourceWhere(custom, 'AWS::Lambda::Function', isRotationFunction);

    expect(schedule.Properties?.RotationRules).toEqual({ ScheduleExpression: 'rate(7 days)' });
    expect(JSON.stringify(fn.Properties?.Environment)).toContain(
      `"${ROTATION_ENV.MINIMUM_INTERVAL_HOURS}":"12"`,
    );
  });

  it('refuses a schedule out of range and a minimum interval not shorter than the schedule, naming each', () => {
    expect(() => synth({ everyDays: 0, minimumIntervalHours: 0.5 })).toThrow(
      /invalid SigningSecretRotation props:\n {2}everyDays: 0 is not a whole number of days from 1 to 1000; write e\.g\. 30\n {2}minimumIntervalHours: 0\.5 is not a whole number of hours from 1 to 24000; write e\.g\. 24/,
    );
    expect(() => synth({ everyDays: 1, minimumIntervalHours: 24 })).toThrow(
      /minimumIntervalHours: 24 hours is not shorter than the schedule \(everyDays 1, 24 hours\): every scheduled rotation would be refused as too soon; write fewer than 24 hours, or a larger everyDays/,
    );
  });
});

describe('signingSecret.rotation in cdk.json', () => {
  const stackWith = (raw: Record<string, unknown>) => {
    const stack = new ArgyleWebhookStack(fastApp(), 'Test', { config: parseConfig(raw) });
    return { stack, template: Template.fromStack(stack) };
  };

  it('is off by default: no schedule, no rotation function', () => {
    const { stack, template } = stackWith({});

    expect(template.findResources('AWS::SecretsManager::RotationSchedule')).toEqual({});
    expect(stack.signingSecretRotation).toBeUndefined();
    expect(parseConfig({}).signingSecret).toEqual({
      rotation: { enabled: false, everyDays: 30, minimumIntervalHours: 24 },
    });
  });

  it('turns the schedule on, with its alarm on the stack’s alarm topic', () => {
    const { stack, template } = stackWith({
      signingSecret: { rotation: { enabled: true, everyDays: 14, minimumIntervalHours: 48 } },
    });
    const schedule = onlyResource(template, 'AWS::SecretsManager::RotationSchedule');

    expect(schedule.Properties).toMatchObject({
      RotationRules: { ScheduleExpression: 'rate(14 days)' },
      RotateImmediatelyOnUpdate: false,
    });
    expect(stack.signingSecretRotation?.alarm).toBeDefined();
    expect(JSON.stringify(template.toJSON())).toContain(`"${ROTATION_ENV.MINIMUM_INTERVAL_HOURS}":"48"`);
  });

  it('fails synth for values out of range, naming the field and the fix', () => {
    expect(
      configProblems({
        signingSecret: { rotation: { enabled: 'yes', everyDays: 1001, minimumIntervalHours: 0 } },
      }),
    ).toEqual([
      'argyleWebhooks.signingSecret.rotation.enabled: "yes" is not a boolean; write true or false',
      expect.stringMatching(/^argyleWebhooks\.signingSecret\.rotation\.everyDays: 1001 .*1 to 1000/),
      expect.stringMatching(/^argyleWebhooks\.signingSecret\.rotation\.minimumIntervalHours: 0 .*1 to 24000/),
    ]);
  });

  it('fails synth for a minimum interval not shorter than the schedule', () => {
    expect(
      configProblems({ signingSecret: { rotation: { everyDays: 2, minimumIntervalHours: 72 } } }),
    ).toEqual([
      'argyleWebhooks.signingSecret.rotation.minimumIntervalHours: 72 hours is not shorter than the schedule (everyDays 2, 48 hours): every scheduled rotation would be refused as too soon; write fewer than 48 hours, or a larger everyDays',
    ]);
  });

  it('fails synth for rotation without subscriptions to replace', () => {
    expect(configProblems({ subscriptions: [], signingSecret: { rotation: { enabled: true } } })).toEqual([
      expect.stringMatching(
        /^argyleWebhooks\.signingSecret\.rotation\.enabled: true needs subscriptions to replace, and "subscriptions" is \[\]/,
      ),
    ]);
  });
});
