import { Aws, Duration, Stack } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, Stats, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { ISecret, RotationSchedule } from 'aws-cdk-lib/aws-secretsmanager';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { ROTATION_ENV, SUBSCRIPTION_ENV } from '../../functions/shared/contract.js';
import type { ArgyleSubscriptions } from './argyle-subscriptions.js';
import { functionDefaults } from './function-defaults.js';
import { acknowledgeRotationFindings } from './nag-acknowledgements.js';
import { ROTATION_DEFAULTS, ROTATION_LIMITS, rotationIntervalProblem } from './rotation-settings.js';

export { ROTATION_DEFAULTS, ROTATION_LIMITS };

/**
 * How long one rotation step may run: the 40 s wait before the replacements are created, then per subscription
 * a list, a create and (should it go wrong) a look-up and a delete, each call bounded at 40 s.
 */
export const ROTATION_FUNCTION_TIMEOUT = Duration.minutes(5);

export interface SigningSecretRotationProps {
  /** The signing secret (`ArgyleWebhookIngest.signingSecret`). */
  readonly signingSecret: ISecret;
  /**
   * The subscriptions the rotation replaces: their custom resources (the schedule waits for them), the
   * credentials secret, and the state table of their ownership records and lease.
   */
  readonly subscriptions: ArgyleSubscriptions;
  /**
   * Days between two scheduled rotations (1 to 1000).
   *
   * @default 30
   */
  readonly everyDays?: number;
  /**
   * Hours that must pass after a rotation (or a value put by hand) before the next one may start; shorter than
   * the schedule. A rotation sooner is refused.
   *
   * @default 24
   */
  readonly minimumIntervalHours?: number;
  /** Where the alarm on failed rotation steps goes (the monitoring's topic); no alarm without one. */
  readonly alarmTopic?: ITopic;
  /**
   * Retention of the rotation function's log group.
   *
   * @default RetentionDays.ONE_MONTH
   */
  readonly logRetention?: RetentionDays;
}

/**
 * Rotates the signing secret on a schedule without a deploy: Secrets Manager calls the rotation function
 * (`functions/subscription/rotation/`), which stores a new value as AWSPENDING, replaces every Argyle
 * subscription the stack owns with one signed with it, checks the replacements, promotes the value and deletes
 * the replaced subscriptions (docs/rotation.md).
 *
 * - The schedule rotates every `everyDays`, never when it is created or changed (`rotateImmediatelyOnUpdate:
 *   false`), and CloudFormation creates it only after the subscription resources (and removes it before them),
 *   so a deploy and a rotation do not race; at run time both take the same lease.
 * - The function may: what Secrets Manager's rotation needs on the signing secret alone (DescribeSecret,
 *   GetSecretValue, PutSecretValue, UpdateSecretVersionStage; GetRandomPassword, which has no resource), read the
 *   credentials secret, and get, put, delete and scan the state table's items (`grantStateAccess`). Secrets
 *   Manager may invoke it.
 * - An alarm (with `alarmTopic`) when a rotation step fails.
 */
export class SigningSecretRotation extends Construct {
  readonly function: LambdaFunction;
  readonly schedule: RotationSchedule;
  /** `RotationErrors`, when an alarm topic was given. */
  readonly alarm?: Alarm;

  constructor(scope: Construct, id: string, props: SigningSecretRotationProps) {
    super(scope, id);
    const everyDays = props.everyDays ?? ROTATION_DEFAULTS.everyDays;
    const minimumIntervalHours = props.minimumIntervalHours ?? ROTATION_DEFAULTS.minimumIntervalHours;
    validate(everyDays, minimumIntervalHours);

    const logGroup = new LogGroup(this, 'FunctionLogGroup', {
      retention: props.logRetention ?? RetentionDays.ONE_MONTH,
    });
    const role = new Role(this, 'FunctionRole', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description:
        "Argyle signing secret rotation: rotates the signing secret, reads the API credentials, keeps the subscriptions' records",
    });
    logGroup.grantWrite(role);
    this.function = new LambdaFunction(this, 'Function', {
      description:
        'Rotates the Argyle signing secret, replacing every Argyle subscription (Secrets Manager rotation)',
      ...functionDefaults('rotation'),
      timeout: ROTATION_FUNCTION_TIMEOUT,
      logGroup,
      role,
      environment: {
        POWERTOOLS_SERVICE_NAME: 'argyle-webhook-subscriptions',
        POWERTOOLS_LOG_LEVEL: 'INFO',
        [ROTATION_ENV.SIGNING_SECRET_ARN]: props.signingSecret.secretArn,
        [ROTATION_ENV.MINIMUM_INTERVAL_HOURS]: String(minimumIntervalHours),
        [SUBSCRIPTION_ENV.STATE_TABLE]: props.subscriptions.stateTable.tableName,
      },
    });

    // Secrets Manager's rotation permissions on this secret, and the invoke permission (RotationSchedule adds
    // both; with an encryption key, the key's use through Secrets Manager too).
    this.schedule = props.signingSecret.addRotationSchedule('Rotation', {
      rotationLambda: this.function,
      automaticallyAfter: Duration.days(everyDays),
      rotateImmediatelyOnUpdate: false,
    });
    for (const resource of props.subscriptions.resources.values()) this.schedule.node.addDependency(resource);
    const key = props.signingSecret.encryptionKey;
    if (key !== undefined) {
      // A key given by ARN (kmsKeyArn) has a policy CDK cannot change: allow its use in the role, through
      // Secrets Manager only, to read the current value and store the new one.
      role.addToPrincipalPolicy(
        new PolicyStatement({
          actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
          resources: [key.keyArn],
          conditions: { StringEquals: { 'kms:ViaService': `secretsmanager.${Aws.REGION}.amazonaws.com` } },
        }),
      );
    }
    props.subscriptions.credentialsSecret.grantRead(role);
    props.subscriptions.grantStateAccess(this.function);

    acknowledgeRotationFindings(this);

    if (props.alarmTopic !== undefined) {
      this.alarm = new Alarm(this, 'RotationErrors', {
        alarmName: `${Stack.of(this).stackName}-${id}-RotationErrors`.replace(/[^A-Za-z0-9_-]/g, '-'),
        alarmDescription:
          'A rotation step of the signing secret failed. The previous value and subscriptions keep working, and ' +
          'replacements made so far deliver too (every event twice) until the rotation finishes. Read the rotation ' +
          "function's log for the step and the reason, fix it, then let the rotation run again: npx " +
          'argyle-subscriptions rotate --secret <SigningSecretArn> (docs/rotation.md, "When a step fails").',
        metric: this.function.metricErrors({ statistic: Stats.SUM, period: Duration.minutes(5) }),
        threshold: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      });
      const action = new SnsAction(props.alarmTopic);
      this.alarm.addAlarmAction(action);
      this.alarm.addOkAction(action);
    }
  }
}

function validate(everyDays: number, minimumIntervalHours: number): void {
  const problems: string[] = [];
  const whole = (value: number, limits: { min: number; max: number }) =>
    Number.isInteger(value) && value >= limits.min && value <= limits.max;
  if (!whole(everyDays, ROTATION_LIMITS.everyDays)) {
    problems.push(
      `everyDays: ${everyDays} is not a whole number of days from ${ROTATION_LIMITS.everyDays.min} to ${ROTATION_LIMITS.everyDays.max}; write e.g. 30`,
    );
  }
  if (!whole(minimumIntervalHours, ROTATION_LIMITS.minimumIntervalHours)) {
    problems.push(
      `minimumIntervalHours: ${minimumIntervalHours} is not a whole number of hours from ${ROTATION_LIMITS.minimumIntervalHours.min} to ${ROTATION_LIMITS.minimumIntervalHours.max}; write e.g. 24`,
    );
  } else {
    const problem = rotationIntervalProblem(everyDays, minimumIntervalHours);
    if (problem !== undefined) problems.push(`minimumIntervalHours: ${problem}`);
  }
  if (problems.length > 0)
    throw new Error(`invalid SigningSecretRotation props:\n  ${problems.join('\n  ')}`);
}
