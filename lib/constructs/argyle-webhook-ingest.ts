import { Annotations, Aws, Duration, Stack, Token } from 'aws-cdk-lib';
import {
  AccessLogField,
  AccessLogFormat,
  EndpointType,
  LambdaIntegration,
  LogGroupLogDestination,
  MethodLoggingLevel,
  RestApi,
} from 'aws-cdk-lib/aws-apigateway';
import {
  AnyPrincipal,
  Effect,
  type Grant,
  type IGrantable,
  PolicyDocument,
  PolicyStatement,
} from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { type ILogGroup, LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { type ISecret, Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { type IQueue, Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { unmatchedRoutePatternWarning } from '../../functions/catalogue/known-events.js';
import { RECEIVER_ENV, type RoutingTable } from '../../functions/shared/contract.js';
import { routingTableOf } from '../routing-table.js';
import {
  CATCH_ALL_NAME,
  duplicateNameProblems,
  eventPatternProblem,
  GENERATED_QUEUE_NAME_BYTES,
  integerRangeProblem,
  ipOrCidrProblem,
  maxBodyBytesProblem,
  receiverEnvironmentProblem,
  routeNameProblem,
  show,
  subscriptionNameProblem,
  UNRESOLVED_QUEUE_URL_BYTES,
} from '../validation.js';
import { acknowledgeIngestFindings } from './nag-acknowledgements.js';
import { ReceiverFunction } from './receiver-function.js';

/** The addresses Argyle sends webhooks from (docs.argyle.com, "Webhooks"), as /32 CIDR blocks. */
export const ARGYLE_SOURCE_IPS: readonly string[] = [
  '34.27.251.226/32',
  '34.122.50.253/32',
  '35.188.163.115/32',
  '35.226.53.251/32',
];

/** The API's one stage. */
export const STAGE_NAME = 'prod';

/** How long the receiver caches the signing secret. */
export const SECRET_TTL_SECONDS = 300;

/** Defaults of {@link ArgyleWebhookIngestProps}, shared with the cdk.json configuration so the two cannot drift. */
export const INGEST_DEFAULTS = {
  /** Far above any Argyle envelope, and well below what one SQS message can carry. */
  maxBodyBytes: 131_072,
  maxReceiveCount: 5,
  visibilityTimeoutSeconds: 30,
  routeRetentionDays: 4,
  catchAllRetentionDays: 14,
  rateLimit: 50,
  burstLimit: 100,
  logRetentionDays: RetentionDays.ONE_MONTH,
} as const;

/** Settings of a queue the construct creates. */
export interface ArgyleQueueOptions {
  /**
   * How many times a message is received before it moves to the queue's dead-letter queue.
   *
   * @default 5
   */
  readonly maxReceiveCount?: number;
  /**
   * How long a received message stays hidden from other consumers.
   *
   * @default Duration.seconds(30)
   */
  readonly visibilityTimeout?: Duration;
  /**
   * How long SQS keeps a message that nobody deletes.
   *
   * @default Duration.days(4) for a route's queue, Duration.days(14) for the catch-all queue
   */
  readonly retentionPeriod?: Duration;
}

/** One routing rule: deliveries whose event matches one of `events` go to the route's queue. */
export interface ArgyleRoute extends ArgyleQueueOptions {
  /**
   * Names the route, its queue and its outputs: 1 to 40 lower-case letters, digits or "-", starting with a
   * letter; unique; not `catch-all`.
   */
  readonly name: string;
  /** Event patterns: `*`, or `<resource>.<action>` where either part may be `*` (`accounts.*`). */
  readonly events: readonly string[];
  /**
   * Argyle subscription names (the envelope's `name`); when given, the route takes only deliveries from them.
   *
   * @default - deliveries from every subscription
   */
  readonly subscriptions?: readonly string[];
  /**
   * Whether the route's queue (and its dead-letter queue) is FIFO. For a given `queue`, leave it out or make it
   * agree with `queue.fifo`.
   *
   * @default - `queue.fifo` when `queue` is given, otherwise false
   */
  readonly fifo?: boolean;
  /**
   * An existing queue to deliver to. The construct then creates no queue and no dead-letter queue for the route,
   * and the queue options (`maxReceiveCount`, `visibilityTimeout`, `retentionPeriod`) do not apply.
   *
   * @default - a new queue with its own dead-letter queue
   */
  readonly queue?: IQueue;
}

/** API Gateway stage throttling. */
export interface ArgyleThrottling {
  /**
   * Steady-state requests per second.
   *
   * @default 50
   */
  readonly rateLimit?: number;
  /**
   * Requests that may arrive at once.
   *
   * @default 100
   */
  readonly burstLimit?: number;
}

export interface ArgyleWebhookIngestProps {
  /**
   * Routing rules, in order. A delivery goes to the queue of every route it matches, and to the catch-all
   * queue when it matches none (or cannot be parsed). An empty list sends everything to the catch-all queue.
   *
   * @default - one route, `all-events`, with events `["*"]`
   */
  readonly routes?: readonly ArgyleRoute[];
  /**
   * An existing standard queue to use as the catch-all queue; no catch-all queue or dead-letter queue is then
   * created. Give either this or `catchAll`.
   *
   * @default - a new standard queue with its own dead-letter queue, configured by `catchAll`
   */
  readonly catchAllQueue?: IQueue;
  /**
   * Settings of the catch-all queue the construct creates.
   *
   * @default - 5 receives, 30 s visibility timeout, 14 days retention
   */
  readonly catchAll?: ArgyleQueueOptions;
  /**
   * The secret whose string value is the webhook signing secret (the Argyle subscription's `secret`).
   *
   * @default - a new secret with a generated value of 64 letters and digits
   */
  readonly signingSecret?: ISecret;
  /**
   * Largest accepted request body in bytes; larger deliveries are refused with 413. At most
   * `MAX_DELIVERABLE_BODY_BYTES`, so any body fits one SQS message.
   *
   * @default 131072
   */
  readonly maxBodyBytes?: number;
  /**
   * Whether the API's resource policy denies callers outside `allowedSourceIps`.
   *
   * @default true
   */
  readonly restrictSourceIps?: boolean;
  /**
   * IP addresses or CIDR blocks allowed to call the webhook when `restrictSourceIps` is true.
   *
   * @default ARGYLE_SOURCE_IPS
   */
  readonly allowedSourceIps?: readonly string[];
  /**
   * Stage throttling.
   *
   * @default - 50 requests per second, bursts of 100
   */
  readonly throttling?: ArgyleThrottling;
  /**
   * Whether API Gateway writes an access log (JSON, one line per request, without bodies) to a log group, and
   * its execution errors (ERROR level, never request or response data) to its execution log group.
   *
   * @default true
   */
  readonly accessLogging?: boolean;
  /**
   * Whether to create the account-wide role API Gateway uses to write to CloudWatch Logs, which access and
   * execution logging need. Set it to false when the account already has one (API Gateway settings,
   * "CloudWatch log role ARN").
   * Ignored without access logging.
   *
   * @default true
   */
  readonly createApiGatewayAccountRole?: boolean;
  /**
   * Retention of the receiver's and the API's log groups.
   *
   * @default RetentionDays.ONE_MONTH
   */
  readonly logRetention?: RetentionDays;
  /**
   * A customer managed KMS key to encrypt the queues this construct creates (and their dead-letter queues) and
   * the signing secret it creates, instead of SQS-managed encryption and the `aws/secretsmanager` key. Its key
   * policy must let IAM policies of this account grant its use (the default key policy does); the receiver
   * gets `kms:GenerateDataKey*` and `kms:Decrypt` on it through the queues' and the secret's grants, and
   * consumers get `kms:Decrypt` through {@link ArgyleWebhookIngest.grantConsume}. It must be in the stack's
   * region.
   *
   * @default - SQS-managed encryption, which other AWS services and accounts can also produce to
   */
  readonly encryptionKey?: IKey;
}

/** A route's queue and, when the construct created it, its dead-letter queue. */
export interface ArgyleRouteQueues {
  readonly queue: IQueue;
  /** Undefined for a queue the construct did not create. */
  readonly deadLetterQueue?: IQueue;
}

/**
 * Receives Argyle webhooks: a regional REST API with one `POST /webhook` method, restricted by default to
 * Argyle's addresses, proxies each delivery (body bytes untouched) to the receiver function, which checks the
 * `X-Argyle-Signature` HMAC-SHA512 and sends the delivery to the queues of the routes it matches, or to the
 * catch-all queue.
 *
 * Every queue it creates is encrypted (SQS-managed, or with `encryptionKey`), refuses non-TLS access and has its
 * own dead-letter queue. The API logs accesses and execution errors.
 * The receiver may only read the signing secret and send to its queues.
 */
export class ArgyleWebhookIngest extends Construct {
  /** The REST API. */
  readonly api: RestApi;
  /** The receiver function. */
  readonly receiver: ReceiverFunction;
  /** The secret holding the signing secret. */
  readonly signingSecret: ISecret;
  /** The full URL of `POST /webhook`, to register with Argyle. */
  readonly webhookUrl: string;
  /** The queue for deliveries that match no route or cannot be parsed. */
  readonly catchAllQueue: IQueue;
  /** The catch-all queue's dead-letter queue; undefined when `catchAllQueue` was given. */
  readonly catchAllDeadLetterQueue?: IQueue;
  /** Each route's queues, by route name, in route order. */
  readonly routeQueues: ReadonlyMap<string, ArgyleRouteQueues>;
  /** The API's access log group; undefined when access logging is off. */
  readonly accessLogGroup?: ILogGroup;
  /** API Gateway's execution log group of the stage (errors only); undefined when access logging is off. */
  readonly executionLogGroup?: ILogGroup;

  constructor(scope: Construct, id: string, props: ArgyleWebhookIngestProps = {}) {
    super(scope, id);
    const routes = props.routes ?? [{ name: 'all-events', events: ['*'] }];
    const maxBodyBytes = props.maxBodyBytes ?? INGEST_DEFAULTS.maxBodyBytes;
    const restrictSourceIps = props.restrictSourceIps ?? true;
    const allowedSourceIps = props.allowedSourceIps ?? ARGYLE_SOURCE_IPS;
    const accessLogging = props.accessLogging ?? true;
    const logRetention = props.logRetention ?? INGEST_DEFAULTS.logRetentionDays;
    const throttling = {
      rateLimit: props.throttling?.rateLimit ?? INGEST_DEFAULTS.rateLimit,
      burstLimit: props.throttling?.burstLimit ?? INGEST_DEFAULTS.burstLimit,
    };
    fail(this, validateProps(props, routes, maxBodyBytes, restrictSourceIps, allowedSourceIps, throttling));
    for (const [r, route] of routes.entries()) {
      for (const [e, pattern] of route.events.entries()) {
        const warning = unmatchedRoutePatternWarning(pattern);
        if (warning === undefined) continue;
        Annotations.of(this).addWarningV2(
          'argyle-webhooks:route-pattern-matches-no-event',
          `routes[${r}].events[${e}] (route "${route.name}"): ${warning}`,
        );
      }
    }

    this.signingSecret =
      props.signingSecret ??
      new Secret(this, 'SigningSecret', {
        description: 'Signing secret of the Argyle webhook subscription (X-Argyle-Signature, HMAC-SHA512)',
        encryptionKey: props.encryptionKey,
        generateSecretString: { passwordLength: 64, excludePunctuation: true, includeSpace: false },
      });

    // Queues: one per route (or the route's own), then the catch-all.
    const routeQueues = new Map<string, ArgyleRouteQueues>();
    const routesScope = new Construct(this, 'Routes');
    for (const route of routes) {
      routeQueues.set(
        route.name,
        route.queue
          ? { queue: route.queue }
          : createQueues(
              new Construct(routesScope, route.name),
              route.fifo ?? false,
              route,
              Duration.days(INGEST_DEFAULTS.routeRetentionDays),
              props.encryptionKey,
            ),
      );
    }
    this.routeQueues = routeQueues;
    const catchAll: ArgyleRouteQueues = props.catchAllQueue
      ? { queue: props.catchAllQueue }
      : createQueues(
          new Construct(this, 'CatchAll'),
          false,
          props.catchAll ?? {},
          Duration.days(INGEST_DEFAULTS.catchAllRetentionDays),
          props.encryptionKey,
        );
    this.catchAllQueue = catchAll.queue;
    this.catchAllDeadLetterQueue = catchAll.deadLetterQueue;

    // The routing table lists each target queue once: a queue created here by name (the receiver prepends the
    // URL prefix), any other queue by its full URL.
    const allQueues = [...routeQueues.values(), catchAll];
    const created = new Set(allQueues.filter((q) => q.deadLetterQueue !== undefined).map((q) => q.queue));
    const table = routingTableOf(
      routes.map((route) => ({ ...route, queue: this.queue(route.name) })),
      catchAll.queue,
    );
    const targets = table.queues;
    const routingTable: RoutingTable = {
      ...table,
      queues: targets.map((queue) => (created.has(queue) ? queue.queueName : queue.queueUrl)),
    };
    const longest: RoutingTable = {
      ...routingTable,
      queues: targets.map((queue) => 'x'.repeat(longestEntry(queue, created.has(queue)))),
    };
    const sizeProblem = receiverEnvironmentProblem(RECEIVER_ENV.ROUTES, longest);
    if (sizeProblem !== undefined) fail(this, [`routes: ${sizeProblem}`]);

    this.receiver = new ReceiverFunction(this, 'Receiver', {
      logRetention,
      environment: {
        [RECEIVER_ENV.SIGNING_SECRET_ARN]: this.signingSecret.secretArn,
        [RECEIVER_ENV.ROUTES]: Stack.of(this).toJsonString(routingTable),
        [RECEIVER_ENV.QUEUE_URL_PREFIX]: `https://sqs.${Aws.REGION}.${Aws.URL_SUFFIX}/${Aws.ACCOUNT_ID}/`,
        [RECEIVER_ENV.MAX_BODY_BYTES]: String(maxBodyBytes),
        [RECEIVER_ENV.SECRET_TTL_SECONDS]: String(SECRET_TTL_SECONDS),
      },
    });
    this.signingSecret.grantRead(this.receiver);
    for (const queue of targets) queue.grantSendMessages(this.receiver);

    // The API.
    this.accessLogGroup = accessLogging
      ? new LogGroup(this, 'AccessLogs', { retention: logRetention })
      : undefined;
    this.api = new RestApi(this, 'Api', {
      restApiName: `${Stack.of(this).stackName}-${id}`,
      description: 'Receives Argyle webhooks: POST /webhook',
      endpointConfiguration: { types: [EndpointType.REGIONAL] },
      // Every content type is binary, so API Gateway hands the receiver the exact body bytes (base64) to verify.
      binaryMediaTypes: ['*/*'],
      cloudWatchRole: accessLogging && (props.createApiGatewayAccountRole ?? true),
      policy: restrictSourceIps ? sourceIpPolicy(allowedSourceIps) : undefined,
      deployOptions: {
        stageName: STAGE_NAME,
        throttlingRateLimit: throttling.rateLimit,
        throttlingBurstLimit: throttling.burstLimit,
        metricsEnabled: true,
        // Execution logging records errors only, and never data tracing, which would write bodies and
        // signatures to CloudWatch. It needs the account's API Gateway logging role, as access logging does.
        loggingLevel: accessLogging ? MethodLoggingLevel.ERROR : MethodLoggingLevel.OFF,
        dataTraceEnabled: false,
        ...(this.accessLogGroup
          ? {
              accessLogDestination: new LogGroupLogDestination(this.accessLogGroup),
              accessLogFormat: ACCESS_LOG_FORMAT,
            }
          : {}),
      },
    });
    if (accessLogging) {
      // API Gateway would create this group itself, without a retention; the stage logs once it exists.
      this.executionLogGroup = new LogGroup(this, 'ExecutionLogs', {
        logGroupName: `API-Gateway-Execution-Logs_${this.api.restApiId}/${STAGE_NAME}`,
        retention: logRetention,
      });
      this.api.deploymentStage.node.addDependency(this.executionLogGroup);
    }
    // A changed resource policy only takes effect with a new deployment.
    this.api.latestDeployment?.addToLogicalId({ restrictSourceIps, allowedSourceIps });
    this.api.root
      .addResource('webhook')
      // No request validator: the receiver answers a missing or wrong signature with 401 and an oversized body
      // with 413 (the contract), where API Gateway's validator would answer 400.
      .addMethod('POST', new LambdaIntegration(this.receiver, { proxy: true, allowTestInvoke: false }));
    this.webhookUrl = this.api.urlForPath('/webhook');
    acknowledgeIngestFindings(this, props.encryptionKey !== undefined);

    if (!restrictSourceIps) {
      Annotations.of(this).addWarningV2(
        'argyle-webhooks:source-ips-unrestricted',
        'restrictSourceIps is false: anyone on the internet can reach POST /webhook, and only the HMAC signature ' +
          "check protects it. Keep the restriction to Argyle's addresses (the default) unless a proxy in front " +
          'changes the source address.',
      );
    }
  }

  /**
   * A route's queue; `catch-all` names the catch-all queue.
   *
   * @throws Error for an unknown route name, listing the known ones
   */
  queue(routeName: string): IQueue {
    return this.queuesOf(routeName).queue;
  }

  /**
   * A route's dead-letter queue; `catch-all` names the catch-all queue's. Undefined for a queue the construct
   * did not create.
   *
   * @throws Error for an unknown route name, listing the known ones
   */
  deadLetterQueue(routeName: string): IQueue | undefined {
    return this.queuesOf(routeName).deadLetterQueue;
  }

  /** Lets `grantee` receive and delete messages from a route's queue (`catch-all` for the catch-all queue). */
  grantConsume(routeName: string, grantee: IGrantable): Grant {
    return this.queue(routeName).grantConsumeMessages(grantee);
  }

  private queuesOf(routeName: string): ArgyleRouteQueues {
    if (routeName === CATCH_ALL_NAME) {
      return { queue: this.catchAllQueue, deadLetterQueue: this.catchAllDeadLetterQueue };
    }
    const queues = this.routeQueues.get(routeName);
    if (queues === undefined) {
      const known = [...this.routeQueues.keys(), CATCH_ALL_NAME].map((name) => `"${name}"`).join(', ');
      throw new Error(`there is no route named ${show(routeName)}; use one of ${known}`);
    }
    return queues;
  }
}

/** One JSON object per request; `errorMessage` uses API Gateway's own JSON-escaped form. */
const ACCESS_LOG_FORMAT = AccessLogFormat.custom(
  JSON.stringify({
    requestId: AccessLogField.contextRequestId(),
    sourceIp: AccessLogField.contextIdentitySourceIp(),
    requestTime: AccessLogField.contextRequestTime(),
    httpMethod: AccessLogField.contextHttpMethod(),
    path: AccessLogField.contextPath(),
    status: AccessLogField.contextStatus(),
    responseLength: AccessLogField.contextResponseLength(),
    integrationStatus: AccessLogField.contextIntegrationStatus(),
    errorMessage: '@ERROR_MESSAGE@',
    responseLatency: AccessLogField.contextResponseLatency(),
    apiId: AccessLogField.contextApiId(),
  }).replace('"@ERROR_MESSAGE@"', AccessLogField.contextErrorMessageString()),
);

function sourceIpPolicy(allowedSourceIps: readonly string[]): PolicyDocument {
  const invoke = {
    principals: [new AnyPrincipal()],
    actions: ['execute-api:Invoke'],
    resources: ['execute-api:/*'],
  };
  return new PolicyDocument({
    statements: [
      new PolicyStatement({ effect: Effect.ALLOW, ...invoke }),
      new PolicyStatement({
        effect: Effect.DENY,
        ...invoke,
        conditions: { NotIpAddress: { 'aws:SourceIp': [...allowedSourceIps] } },
      }),
    ],
  });
}

function createQueues(
  scope: Construct,
  fifo: boolean,
  options: ArgyleQueueOptions,
  defaultRetention: Duration,
  encryptionKey: IKey | undefined,
): { queue: Queue; deadLetterQueue: Queue } {
  const common = {
    fifo: fifo ? true : undefined,
    ...(encryptionKey
      ? { encryption: QueueEncryption.KMS, encryptionMasterKey: encryptionKey }
      : { encryption: QueueEncryption.SQS_MANAGED }),
    enforceSSL: true,
  };
  const deadLetterQueue = new Queue(scope, 'DeadLetterQueue', {
    ...common,
    retentionPeriod: Duration.days(14),
  });
  const queue = new Queue(scope, 'Queue', {
    ...common,
    visibilityTimeout:
      options.visibilityTimeout ?? Duration.seconds(INGEST_DEFAULTS.visibilityTimeoutSeconds),
    retentionPeriod: options.retentionPeriod ?? defaultRetention,
    deadLetterQueue: {
      queue: deadLetterQueue,
      maxReceiveCount: options.maxReceiveCount ?? INGEST_DEFAULTS.maxReceiveCount,
    },
  });
  return { queue, deadLetterQueue };
}

/** Longest the queue's routing-table entry can be once deployed. */
function longestEntry(queue: IQueue, created: boolean): number {
  if (created) return GENERATED_QUEUE_NAME_BYTES;
  return Token.isUnresolved(queue.queueUrl) ? UNRESOLVED_QUEUE_URL_BYTES : queue.queueUrl.length;
}

function fail(scope: Construct, problems: readonly string[]): void {
  if (problems.length === 0) return;
  throw new Error(
    `invalid ArgyleWebhookIngest props at ${scope.node.path}:\n${problems.map((p) => `  ${p}`).join('\n')}`,
  );
}

function validateProps(
  props: ArgyleWebhookIngestProps,
  routes: readonly ArgyleRoute[],
  maxBodyBytes: number,
  restrictSourceIps: boolean,
  allowedSourceIps: readonly string[],
  throttling: Required<ArgyleThrottling>,
): string[] {
  const problems: string[] = [];
  const check = (field: string, problem: string | undefined) => {
    if (problem !== undefined) problems.push(`${field}: ${problem}`);
  };
  for (const [r, route] of routes.entries()) {
    const at = `routes[${r}]`;
    check(`${at}.name`, routeNameProblem(route.name));
    if (route.events.length === 0) {
      check(`${at}.events`, '[] is empty; write at least one pattern, e.g. ["accounts.*"]');
    }
    for (const [e, pattern] of route.events.entries())
      check(`${at}.events[${e}]`, eventPatternProblem(pattern));
    if (route.subscriptions?.length === 0) {
      check(
        `${at}.subscriptions`,
        '[] is empty; write at least one subscription name, or leave subscriptions out',
      );
    }
    for (const [i, name] of (route.subscriptions ?? []).entries()) {
      check(`${at}.subscriptions[${i}]`, subscriptionNameProblem(name));
    }
    if (route.queue) {
      if (route.fifo !== undefined && route.fifo !== route.queue.fifo) {
        check(
          `${at}.fifo`,
          `${route.fifo} disagrees with the given queue, which is ${route.queue.fifo ? 'FIFO' : 'standard'}; leave fifo out or set it to ${route.queue.fifo}`,
        );
      }
      const ignored = (['maxReceiveCount', 'visibilityTimeout', 'retentionPeriod'] as const).filter(
        (key) => route[key] !== undefined,
      );
      if (ignored.length > 0) {
        check(
          at,
          `${ignored.join(', ')} only apply to queues this construct creates, and the route brings its own queue; remove them or remove queue`,
        );
      }
    } else {
      problems.push(...queueOptionProblems(at, route));
    }
  }
  for (const { index, problem } of duplicateNameProblems(routes.map((route) => route.name))) {
    check(`routes[${index}].name`, problem);
  }
  if (props.catchAllQueue && props.catchAll) {
    check(
      'catchAll',
      'applies only to a catch-all queue this construct creates; give catchAll or catchAllQueue, not both',
    );
  }
  if (props.catchAllQueue?.fifo) {
    check('catchAllQueue', 'is a FIFO queue; the catch-all queue must be a standard queue');
  }
  problems.push(...queueOptionProblems('catchAll', props.catchAll ?? {}));
  if (!Token.isUnresolved(maxBodyBytes)) check('maxBodyBytes', maxBodyBytesProblem(maxBodyBytes));
  if (restrictSourceIps && allowedSourceIps.length === 0) {
    check(
      'allowedSourceIps',
      '[] would block every caller while restrictSourceIps is true; list the allowed addresses (or leave it out for ARGYLE_SOURCE_IPS), or set restrictSourceIps to false',
    );
  }
  allowedSourceIps.forEach((ip, i) => {
    if (!Token.isUnresolved(ip)) check(`allowedSourceIps[${i}]`, ipOrCidrProblem(ip));
  });
  if (!Token.isUnresolved(throttling.rateLimit) && !(throttling.rateLimit > 0)) {
    check(
      'throttling.rateLimit',
      `${show(throttling.rateLimit)} is not positive; write requests per second above 0, e.g. 50`,
    );
  }
  if (
    !Token.isUnresolved(throttling.burstLimit) &&
    !(Number.isInteger(throttling.burstLimit) && throttling.burstLimit > 0)
  ) {
    check(
      'throttling.burstLimit',
      `${show(throttling.burstLimit)} is not a positive whole number; write e.g. 100`,
    );
  }
  return problems;
}

function queueOptionProblems(at: string, options: ArgyleQueueOptions): string[] {
  const problems: string[] = [];
  const { maxReceiveCount, visibilityTimeout, retentionPeriod } = options;
  if (maxReceiveCount !== undefined && !Token.isUnresolved(maxReceiveCount)) {
    const problem = integerRangeProblem(maxReceiveCount, 1, 1000, 'receives');
    if (problem) problems.push(`${at}.maxReceiveCount: ${problem}`);
  }
  if (visibilityTimeout && !visibilityTimeout.isUnresolved()) {
    const problem = integerRangeProblem(visibilityTimeout.toSeconds(), 0, 43_200, 'seconds');
    if (problem) problems.push(`${at}.visibilityTimeout: ${problem}, e.g. Duration.seconds(30)`);
  }
  if (retentionPeriod && !retentionPeriod.isUnresolved()) {
    const problem = integerRangeProblem(retentionPeriod.toSeconds(), 60, 1_209_600, 'seconds');
    if (problem)
      problems.push(`${at}.retentionPeriod: ${problem} (1 minute to 14 days), e.g. Duration.days(4)`);
  }
  return problems;
}
