import { Aws, Duration, Token, Validations } from 'aws-cdk-lib';
import { Metric, Stats } from 'aws-cdk-lib/aws-cloudwatch';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction as LambdaTarget } from 'aws-cdk-lib/aws-events-targets';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { type IFunction, Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import {
  WATCHER_METRIC_DIMENSION as D,
  RECEIVER_METRIC_NAMESPACE,
  type SUBSCRIPTION_DRIFT_KINDS,
  SUBSCRIPTION_ENV,
  WATCHER_ENV,
  WATCHER_METRIC,
  WATCHER_SERVICE_NAME,
} from '../../functions/shared/contract.js';
import { SUBSCRIPTION_WATCH_DEFAULTS, SUBSCRIPTION_WATCH_LIMITS } from '../defaults.js';
import { integerRangeProblem } from '../validation.js';
import { functionDefaults } from './function-defaults.js';

export { SUBSCRIPTION_WATCH_DEFAULTS, SUBSCRIPTION_WATCH_LIMITS };

/** One of the drift kinds the watcher reports (`missing`, `changed`, `secret-differs`, `duplicate`, `silent`). */
export type SubscriptionDriftKind = (typeof SUBSCRIPTION_DRIFT_KINDS)[number];

/** What the watcher does with the state table when it only reports. */
const READ_ACTIONS = ['dynamodb:GetItem', 'dynamodb:Scan'] as const;

/** How long one run may take: a repair may create (after a 40 s wait) and delete several subscriptions. */
export const WATCHER_TIMEOUT = Duration.minutes(5);

export interface SubscriptionWatcherProps {
  /** The table of ownership records, the lease and the markers (`ArgyleSubscriptions.stateTable`). */
  readonly stateTable: ITable;
  /** The Argyle API credentials secret (`ArgyleSubscriptions.credentialsSecret`). */
  readonly credentialsSecret: ISecret;
  /** The signing secret (`ArgyleWebhookIngest.signingSecret`): its stages are compared with Argyle's secret. */
  readonly signingSecret: ISecret;
  /**
   * The receiver, whose `DeliveriesAccepted` by `Subscription` says when a subscription was last accepted.
   *
   * @default - `silent` is not checked
   */
  readonly receiver?: IFunction;
  /**
   * How often to run: whole minutes, 5 to 720.
   *
   * @default Duration.minutes(15)
   */
  readonly every?: Duration;
  /**
   * How long Argyle may have been sending without the receiver accepting before a subscription is `silent`:
   * whole minutes, 5 to 1440.
   *
   * @default Duration.minutes(15)
   */
  readonly silentAfter?: Duration;
  /**
   * Repair missing, changed and secret-differing subscriptions (never deleting one the stack does not own).
   *
   * @default false - report only
   */
  readonly repair?: boolean;
  /**
   * Retention of the function's log group.
   *
   * @default RetentionDays.ONE_MONTH
   */
  readonly logRetention?: RetentionDays;
}

/**
 * The subscription watcher (`functions/subscription/watcher/`): an EventBridge rule runs it every `every`; each
 * run compares the live Argyle subscriptions with the ownership records, counts each finding in
 * `SubscriptionDrift` (by `Kind`, and by `Kind` and `Subscription`), logs it, and with `repair` restores what is
 * missing, changed or signs with the wrong secret. Its role may read the state table (and write it when it
 * repairs), read the two secrets, and call `cloudwatch:GetMetricData`; nothing else.
 */
export class SubscriptionWatcher extends Construct {
  readonly function: LambdaFunction;
  /** The schedule. */
  readonly rule: Rule;
  readonly every: Duration;
  readonly silentAfter: Duration;
  readonly repair: boolean;

  constructor(scope: Construct, id: string, props: SubscriptionWatcherProps) {
    super(scope, id);
    this.every = props.every ?? Duration.minutes(SUBSCRIPTION_WATCH_DEFAULTS.intervalMinutes);
    this.silentAfter = props.silentAfter ?? Duration.minutes(SUBSCRIPTION_WATCH_DEFAULTS.silentAfterMinutes);
    this.repair = props.repair ?? SUBSCRIPTION_WATCH_DEFAULTS.repair;
    validate(this, this.every, this.silentAfter);

    const logGroup = new LogGroup(this, 'LogGroup', {
      retention: props.logRetention ?? RetentionDays.ONE_MONTH,
    });
    const role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: this.repair
        ? 'Argyle subscription watcher: reads and repairs the subscriptions, reads their records and secrets'
        : 'Argyle subscription watcher: reads the subscriptions, their records and secrets; repairs nothing',
    });
    logGroup.grantWrite(role);
    this.function = new LambdaFunction(this, 'Function', {
      description: `Checks the Argyle webhook subscriptions every ${this.every.toMinutes()} minutes${this.repair ? ' and repairs them' : ''}`,
      ...functionDefaults('subscription-watcher'),
      timeout: WATCHER_TIMEOUT,
      logGroup,
      role,
      // A failed run is not run again at once: the next one comes on schedule (and the errors alarm tells).
      retryAttempts: 0,
      environment: {
        POWERTOOLS_SERVICE_NAME: WATCHER_SERVICE_NAME,
        POWERTOOLS_METRICS_NAMESPACE: RECEIVER_METRIC_NAMESPACE,
        POWERTOOLS_LOG_LEVEL: 'INFO',
        [SUBSCRIPTION_ENV.STATE_TABLE]: props.stateTable.tableName,
        [WATCHER_ENV.REPAIR]: String(this.repair),
        [WATCHER_ENV.SILENT_AFTER_MINUTES]: String(this.silentAfter.toMinutes()),
        ...(props.receiver === undefined
          ? {}
          : {
              [WATCHER_ENV.RECEIVER_FUNCTION_NAME]: props.receiver.functionName,
              [WATCHER_ENV.RECEIVER_METRIC_NAMESPACE]: RECEIVER_METRIC_NAMESPACE,
            }),
      },
    });

    // The store reads with GetItem and Scan, and writes records, the lease and markers with PutItem and DeleteItem.
    role.addToPolicy(
      new PolicyStatement({
        actions: this.repair
          ? [...READ_ACTIONS, 'dynamodb:PutItem', 'dynamodb:DeleteItem']
          : [...READ_ACTIONS],
        resources: [props.stateTable.tableArn],
      }),
    );
    const tableKey = props.stateTable.encryptionKey;
    if (tableKey !== undefined) {
      // A customer managed key (perhaps imported, whose policy cannot change here): allowed in the role, for use
      // through DynamoDB only; writing needs what CDK's own table grants give.
      role.addToPolicy(
        new PolicyStatement({
          actions: this.repair
            ? ['kms:Decrypt', 'kms:DescribeKey', 'kms:Encrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*']
            : ['kms:Decrypt', 'kms:DescribeKey'],
          resources: [tableKey.keyArn],
          conditions: { StringEquals: { 'kms:ViaService': `dynamodb.${Aws.REGION}.amazonaws.com` } },
        }),
      );
      if (this.repair) {
        for (const action of ['kms:GenerateDataKey*', 'kms:ReEncrypt*']) {
          Validations.of(role).acknowledge({
            id: `AwsSolutions-IAM5[Action::${action}]`,
            reason: `${action} is part of what DynamoDB needs to write the state table with its customer managed key, through DynamoDB only, on that one key.`,
          });
        }
      }
    }
    props.credentialsSecret.grantRead(role);
    props.signingSecret.grantRead(role);
    const signingKey = props.signingSecret.encryptionKey;
    if (signingKey !== undefined) {
      // As for the subscription handler: an imported key's policy cannot be changed, so allow it in the role.
      role.addToPolicy(
        new PolicyStatement({
          actions: ['kms:Decrypt'],
          resources: [signingKey.keyArn],
          conditions: { StringEquals: { 'kms:ViaService': `secretsmanager.${Aws.REGION}.amazonaws.com` } },
        }),
      );
    }
    if (props.receiver !== undefined) {
      role.addToPolicy(new PolicyStatement({ actions: ['cloudwatch:GetMetricData'], resources: ['*'] }));
      Validations.of(role).acknowledge({
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason:
          'cloudwatch:GetMetricData supports no resource-level permission (the Service Authorization Reference ' +
          "lists no resource type for it); the watcher reads only the receiver's DeliveriesAccepted with it.",
      });
    }

    this.rule = new Rule(this, 'Schedule', {
      description: `Runs the Argyle subscription watcher every ${this.every.toMinutes()} minutes`,
      schedule: Schedule.rate(this.every),
      targets: [new LambdaTarget(this.function, { retryAttempts: 0 })],
    });
  }

  /** `SubscriptionDrift` of one kind, over every subscription (what the alarms read), as a sum per `period`. */
  metricDrift(kind: SubscriptionDriftKind, period: Duration = this.every): Metric {
    return this.metric(WATCHER_METRIC.DRIFT, { [D.KIND]: kind }, period);
  }

  /** Runs that checked every record, as a sum per `period`. */
  metricRuns(period: Duration = this.every): Metric {
    return this.metric(WATCHER_METRIC.RUNS, {}, period);
  }

  /** Runs that could not tell what is missing (Argyle's list passed the page bound). */
  metricIncomplete(period: Duration = this.every): Metric {
    return this.metric(WATCHER_METRIC.UNCHECKED, { [D.REASON]: 'list-limit' }, period);
  }

  private metric(name: string, dimensions: Record<string, string>, period: Duration): Metric {
    return new Metric({
      namespace: RECEIVER_METRIC_NAMESPACE,
      metricName: name,
      dimensionsMap: {
        [D.SERVICE]: WATCHER_SERVICE_NAME,
        [D.FUNCTION_NAME]: this.function.functionName,
        ...dimensions,
      },
      statistic: Stats.SUM,
      period,
    });
  }
}

function validate(scope: Construct, every: Duration, silentAfter: Duration): void {
  const problems: string[] = [];
  const check = (field: string, value: Duration, limits: { min: number; max: number }) => {
    const minutes = value.toMinutes({ integral: false });
    if (Token.isUnresolved(minutes)) return;
    const problem = integerRangeProblem(minutes, limits.min, limits.max, 'minutes');
    if (problem !== undefined) problems.push(`${field}: ${problem}`);
  };
  check('every', every, SUBSCRIPTION_WATCH_LIMITS.intervalMinutes);
  check('silentAfter', silentAfter, SUBSCRIPTION_WATCH_LIMITS.silentAfterMinutes);
  if (problems.length > 0) {
    throw new Error(
      `invalid SubscriptionWatcher props at ${scope.node.path}:\n${problems.map((p) => `  ${p}`).join('\n')}`,
    );
  }
}
