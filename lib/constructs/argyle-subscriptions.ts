import { Aws, CustomResource, Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import { AttributeType, BillingMode, Table, TableEncryption } from 'aws-cdk-lib/aws-dynamodb';
import { type IGrantable, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { CfnFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { type ISecret, Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Provider } from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import {
  SUBSCRIPTION_PROPERTY as P,
  SUBSCRIPTION_ATTRIBUTE,
  SUBSCRIPTION_ENV,
  SUBSCRIPTION_RESOURCE_TYPE,
  SUBSCRIPTION_STATE_KEY,
} from '../../functions/shared/contract.js';
import { SUBSCRIPTION_HANDLER_TIMEOUT, SubscriptionFunction } from './subscription-function.js';
import {
  type ArgyleApiEnvironment,
  type ArgyleApiVersionName,
  type ArgyleSubscriptionSpec,
  apiBaseUrlProblem,
  credentialsSecretNameProblem,
  defaultCredentialsSecretName,
  SUBSCRIPTION_DEFAULTS,
  subscriptionSpecProblems,
} from './subscription-settings.js';

/**
 * How long CloudFormation waits for an answer about one subscription before it fails the resource itself:
 * the handler's timeout plus room for the provider framework, instead of CloudFormation's default hour.
 */
export const SUBSCRIPTION_SERVICE_TIMEOUT = SUBSCRIPTION_HANDLER_TIMEOUT.plus(Duration.minutes(5));

export interface ArgyleSubscriptionsProps {
  /** Where Argyle delivers, e.g. `ArgyleWebhookIngest.webhookUrl`. */
  readonly webhookUrl: string;
  /** The secret whose string value signs the deliveries, e.g. `ArgyleWebhookIngest.signingSecret`. */
  readonly signingSecret: ISecret;
  /**
   * The Argyle environment whose API holds the subscriptions; it picks the API's URL.
   *
   * @default 'sandbox'
   */
  readonly environment?: ArgyleApiEnvironment;
  /**
   * The subscriptions to register, one custom resource each. At least one; names are unique.
   *
   * @default - one subscription, `all-events`, to events `['*']`
   */
  readonly subscriptions?: readonly ArgyleSubscriptionSpec[];
  /**
   * Name of the Secrets Manager secret holding the API key, JSON `{"api_key_id": "...", "api_key_secret":
   * "..."}`. Create it before deploying; a missing or malformed secret fails the deploy with the command that
   * creates it.
   *
   * @default - `argyle-webhooks/<environment>/api-credentials`
   */
  readonly credentialsSecretName?: string;
  /**
   * Version of Argyle's API to call.
   *
   * @default 'v2'
   */
  readonly apiVersion?: ArgyleApiVersionName;
  /**
   * Origin to call instead of the environment's (a proxy). The variable `ARGYLE_API_BASE_URL`, set on the
   * handler function, overrides both.
   *
   * @default - the environment's URL (https://api-sandbox.argyle.com or https://api.argyle.com)
   */
  readonly apiBaseUrl?: string;
  /**
   * Raise this after putting a new value in the signing secret: every subscription is then replaced by one that
   * signs with the new value (CloudFormation deletes the old one once the new one exists). The receiver accepts
   * the previous value meanwhile, so no delivery is lost during the switch.
   *
   * @default 1
   */
  readonly signingSecretGeneration?: number;
  /**
   * Retention of the handler's and the provider framework's log groups.
   *
   * @default RetentionDays.ONE_MONTH
   */
  readonly logRetention?: RetentionDays;
  /**
   * Customer managed KMS key to encrypt the state table (the ownership records) with.
   *
   * @default - the AWS managed key for DynamoDB (`aws/dynamodb`)
   */
  readonly encryptionKey?: IKey;
}

/** What a function that reads and writes the ownership records, the lease and the markers may do: no more. */
const STATE_TABLE_ACTIONS = [
  'dynamodb:GetItem',
  'dynamodb:PutItem',
  'dynamodb:DeleteItem',
  'dynamodb:Scan',
] as const;

/** What such a function may do with the table's customer managed key, through DynamoDB only. */
const STATE_KEY_ACTIONS = [
  'kms:Decrypt',
  'kms:DescribeKey',
  'kms:Encrypt',
  'kms:ReEncrypt*',
  'kms:GenerateDataKey*',
] as const;

/**
 * Registers Argyle webhook subscriptions on deploy and removes them on destroy: one CloudFormation custom
 * resource per subscription (so replacing one never touches another), handled by {@link SubscriptionFunction}
 * through the CDK provider framework. Which Argyle subscriptions each resource owns is kept in one DynamoDB
 * table ({@link stateTable}), which a watcher, repair and rotation read and write too; a changed setting creates
 * (or adopts) the new subscription, and CloudFormation's Delete of the old physical id, sent once the update
 * succeeded, removes the old one.
 *
 * The handler may read the credentials secret and the signing secret and use the state table, nothing else;
 * the provider framework may only invoke the handler. No secret value reaches the template, the resource
 * properties, the table or the outputs.
 */
export class ArgyleSubscriptions extends Construct {
  /** The custom resource handler. */
  readonly handler: SubscriptionFunction;
  /** The provider framework in front of the handler. */
  readonly provider: Provider;
  /** The API credentials secret, by name. */
  readonly credentialsSecret: ISecret;
  /** The custom resources, by subscription name, in configuration order. */
  readonly resources: ReadonlyMap<string, CustomResource>;
  /**
   * The ownership records, the lease and the markers (partition key `pk`, a string; see
   * `functions/subscription/state/`). Give another function access with {@link grantStateAccess}.
   */
  readonly stateTable: Table;
  readonly #encryptionKey: IKey | undefined;

  constructor(scope: Construct, id: string, props: ArgyleSubscriptionsProps) {
    super(scope, id);
    const environment = props.environment ?? 'sandbox';
    const subscriptions = props.subscriptions ?? SUBSCRIPTION_DEFAULTS.subscriptions;
    const credentialsSecretName = props.credentialsSecretName ?? defaultCredentialsSecretName(environment);
    const apiVersion = props.apiVersion ?? SUBSCRIPTION_DEFAULTS.apiVersion;
    const logRetention = props.logRetention ?? RetentionDays.ONE_MONTH;
    validate(props, environment, subscriptions, credentialsSecretName, apiVersion);

    this.#encryptionKey = props.encryptionKey;
    // Deleted with the stack: the custom resources reference it, so CloudFormation deletes them (and with them
    // every subscription the records hold) before the table, and a table kept after that would hold nothing.
    this.stateTable = new Table(this, 'State', {
      partitionKey: { name: SUBSCRIPTION_STATE_KEY, type: AttributeType.STRING },
      billingMode: BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      encryption: props.encryptionKey ? TableEncryption.CUSTOMER_MANAGED : TableEncryption.AWS_MANAGED,
      ...(props.encryptionKey ? { encryptionKey: props.encryptionKey } : {}),
      removalPolicy: RemovalPolicy.DESTROY,
    });

    this.handler = new SubscriptionFunction(this, 'Handler', { logRetention });
    this.handler.addEnvironment(SUBSCRIPTION_ENV.STATE_TABLE, this.stateTable.tableName);
    this.grantStateAccess(this.handler);
    this.credentialsSecret = Secret.fromSecretNameV2(this, 'ApiCredentials', credentialsSecretName);
    this.credentialsSecret.grantRead(this.handler);
    props.signingSecret.grantRead(this.handler);
    const signingKey = props.signingSecret.encryptionKey;
    if (signingKey !== undefined) {
      // grantRead lets Secrets Manager decrypt for the handler through the key's policy, which an imported key
      // (kmsKeyArn) does not let CDK change: allow it in the role, for use through Secrets Manager only.
      this.handler.addToRolePolicy(
        new PolicyStatement({
          actions: ['kms:Decrypt'],
          resources: [signingKey.keyArn],
          conditions: { StringEquals: { 'kms:ViaService': `secretsmanager.${Aws.REGION}.amazonaws.com` } },
        }),
      );
    }

    // The framework's role may write its own logs and invoke the handler (the Provider adds that grant).
    const frameworkLogGroup = new LogGroup(this, 'ProviderLogGroup', { retention: logRetention });
    const frameworkRole = new Role(this, 'ProviderRole', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: 'Argyle subscription custom resource provider: invokes the handler, writes its logs',
    });
    frameworkLogGroup.grantWrite(frameworkRole);
    this.provider = new Provider(this, 'Provider', {
      onEventHandler: this.handler,
      logGroup: frameworkLogGroup,
      frameworkOnEventRole: frameworkRole,
    });
    // cdk-nag (test/infra/nag.test.ts) flags the `<handler ARN>:*` of that grant.
    const handlerId = Stack.of(this).resolve((this.handler.node.defaultChild as CfnFunction).logicalId);
    Validations.of(frameworkRole).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${handlerId}.Arn>:*]`,
      reason:
        "The provider framework may invoke any version of its one handler function, which is the grant CDK's Provider makes.",
    });

    const resources = new Map<string, CustomResource>();
    for (const subscription of subscriptions) {
      const properties: Record<string, unknown> = {
        [P.NAME]: subscription.name,
        [P.EVENTS]: [...subscription.events],
        [P.CONFIG]: Stack.of(this).toJsonString(canonical(subscription.config)),
        [P.WEBHOOK_URL]: props.webhookUrl,
        [P.SIGNING_SECRET_ARN]: props.signingSecret.secretArn,
        [P.CREDENTIALS_SECRET_NAME]: credentialsSecretName,
        [P.ENVIRONMENT]: environment,
        [P.API_VERSION]: apiVersion,
        // New in the release that keeps ownership records: the property change that makes CloudFormation send
        // existing stacks the Update which migrates them (docs/subscriptions.md).
        [P.STATE_TABLE]: this.stateTable.tableName,
      };
      if (props.apiBaseUrl !== undefined) properties[P.API_BASE_URL] = props.apiBaseUrl;
      // Left out at its default, so that existing stacks see no property change.
      const generation = props.signingSecretGeneration ?? 1;
      if (generation !== 1) properties[P.SIGNING_SECRET_GENERATION] = String(generation);
      resources.set(
        subscription.name,
        new CustomResource(this, subscription.name, {
          serviceToken: this.provider.serviceToken,
          serviceTimeout: SUBSCRIPTION_SERVICE_TIMEOUT,
          resourceType: SUBSCRIPTION_RESOURCE_TYPE,
          properties,
        }),
      );
    }
    this.resources = resources;
  }

  /**
   * Lets `grantee` (a watcher, a rotation function) read and write the ownership records, the lease and the
   * markers: get, put, delete and scan items of the state table, and use its customer managed key through
   * DynamoDB when there is one. Set {@link SUBSCRIPTION_ENV.STATE_TABLE} on it to the table's name.
   */
  grantStateAccess(grantee: IGrantable): void {
    grantee.grantPrincipal.addToPrincipalPolicy(
      new PolicyStatement({ actions: [...STATE_TABLE_ACTIONS], resources: [this.stateTable.tableArn] }),
    );
    const key = this.#encryptionKey;
    if (key === undefined) return;
    // An imported key's policy cannot be changed here: allow it in the role, for use through DynamoDB only. The
    // actions are those CDK's own table grants give for a customer managed key.
    grantee.grantPrincipal.addToPrincipalPolicy(
      new PolicyStatement({
        actions: [...STATE_KEY_ACTIONS],
        resources: [key.keyArn],
        conditions: { StringEquals: { 'kms:ViaService': `dynamodb.${Aws.REGION}.amazonaws.com` } },
      }),
    );
    const principal = grantee.grantPrincipal;
    if (principal instanceof Construct) {
      for (const action of ['kms:GenerateDataKey*', 'kms:ReEncrypt*']) {
        Validations.of(principal).acknowledge({
          id: `AwsSolutions-IAM5[Action::${action}]`,
          reason: `${action} is part of what DynamoDB needs to use the state table's customer managed key for the function, through DynamoDB only, on that one key.`,
        });
      }
    }
  }

  /**
   * A subscription's Argyle id (a deploy-time token): the one the last deploy registered (a repair or a
   * rotation since may have replaced it; the ownership record knows).
   *
   * @throws Error for a name that is not configured, listing the configured ones
   */
  subscriptionId(name: string): string {
    const resource = this.resources.get(name);
    if (resource === undefined) {
      throw new Error(
        `no subscription named ${JSON.stringify(name)}; the configured ones are ${[...this.resources.keys()].join(', ')}`,
      );
    }
    return resource.getAttString(SUBSCRIPTION_ATTRIBUTE.ID);
  }
}

/** `config` with its keys in a fixed order, so reordering them in cdk.json changes nothing. */
function canonical(config: ArgyleSubscriptionSpec['config']): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (config?.days_synced !== undefined) out.days_synced = config.days_synced;
  if (config?.include_resource !== undefined) out.include_resource = config.include_resource;
  if (config?.items !== undefined) out.items = [...config.items];
  return out;
}

function validate(
  props: ArgyleSubscriptionsProps,
  environment: string,
  subscriptions: readonly ArgyleSubscriptionSpec[],
  credentialsSecretName: string,
  apiVersion: string,
): void {
  const problems: string[] = [];
  if (environment !== 'sandbox' && environment !== 'production') {
    problems.push(
      `environment: ${JSON.stringify(environment)} is not an Argyle environment; write "sandbox" or "production"`,
    );
  }
  if (apiVersion !== 'v1' && apiVersion !== 'v2') {
    problems.push(
      `apiVersion: ${JSON.stringify(apiVersion)} is not an Argyle API version; write "v2" or "v1"`,
    );
  }
  if (subscriptions.length === 0) {
    problems.push(
      'subscriptions: [] is empty; give at least one subscription, or leave ArgyleSubscriptions out to manage subscriptions by hand',
    );
  }
  problems.push(...subscriptionSpecProblems(subscriptions));
  const secretProblem = credentialsSecretNameProblem(credentialsSecretName);
  if (secretProblem) problems.push(`credentialsSecretName: ${secretProblem}`);
  if (props.apiBaseUrl !== undefined) {
    const urlProblem = apiBaseUrlProblem(props.apiBaseUrl);
    if (urlProblem) problems.push(`apiBaseUrl: ${urlProblem}`);
  }
  if (problems.length > 0) throw new Error(`invalid ArgyleSubscriptions props:\n  ${problems.join('\n  ')}`);
}
