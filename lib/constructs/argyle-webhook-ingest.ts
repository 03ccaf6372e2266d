/**
 * The ingest construct: it composes its parts, each in `ingest/`: the props and their defaults (`props.ts`)
 * and checks (`validate-props.ts`), the queues and the routing table (`queues.ts`), the API with its logs
 * (`api.ts`) and who may call it (`source-ip-policy.ts`). This module is where the construct library's users,
 * and `lib/index.ts`, import all of them from.
 */
import { Annotations, Aws, Stack } from 'aws-cdk-lib';
import type { RestApi } from 'aws-cdk-lib/aws-apigateway';
import type { Grant, IGrantable } from 'aws-cdk-lib/aws-iam';
import type { ILogGroup } from 'aws-cdk-lib/aws-logs';
import { type ISecret, Secret } from 'aws-cdk-lib/aws-secretsmanager';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { unmatchedRoutePatternWarning } from '../../functions/catalogue/known-events.js';
import { type PublishedRouting, RECEIVER_ENV, SECRET_TTL_SECONDS } from '../../functions/shared/contract.js';
import { CATCH_ALL_NAME, show } from '../validation.js';
import { createIngestApi } from './ingest/api.js';
import { type ArgyleRouteQueues, type ArgyleWebhookIngestProps, resolveIngestProps } from './ingest/props.js';
import { createIngestQueues, receiverRouting } from './ingest/queues.js';
import { warnSourceIpsUnrestricted } from './ingest/source-ip-policy.js';
import { fail, validateIngestProps } from './ingest/validate-props.js';
import { acknowledgeIngestFindings } from './nag-acknowledgements.js';
import { ReceiverFunction } from './receiver-function.js';

export { ACCESS_LOG_FORMAT } from './ingest/api.js';
export {
  ARGYLE_SOURCE_IPS,
  type ArgyleQueueOptions,
  type ArgyleRoute,
  type ArgyleRouteQueues,
  type ArgyleThrottling,
  type ArgyleWebhookIngestProps,
  INGEST_DEFAULTS,
  SECRET_TTL_SECONDS,
  STAGE_NAME,
} from './ingest/props.js';

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
  /** The receiver's routing table and the prefix of its queue names (the stack's `ReceiverRouting` output). */
  readonly routing: PublishedRouting;
  /** The API's access log group; undefined when access logging is off. */
  readonly accessLogGroup?: ILogGroup;
  /** API Gateway's execution log group of the stage (errors only); undefined when access logging is off. */
  readonly executionLogGroup?: ILogGroup;

  constructor(scope: Construct, id: string, props: ArgyleWebhookIngestProps = {}) {
    super(scope, id);
    const resolved = resolveIngestProps(props);
    fail(this, validateIngestProps(resolved));
    for (const [r, route] of resolved.routes.entries()) {
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

    const queues = createIngestQueues(this, resolved);
    this.routeQueues = queues.routeQueues;
    this.catchAllQueue = queues.catchAll.queue;
    this.catchAllDeadLetterQueue = queues.catchAll.deadLetterQueue;
    const routing = receiverRouting(resolved.routes, queues);
    if (routing.sizeProblem !== undefined) fail(this, [`routes: ${routing.sizeProblem}`]);

    const queueUrlPrefix = `https://sqs.${Aws.REGION}.${Aws.URL_SUFFIX}/${Aws.ACCOUNT_ID}/`;
    this.routing = { ...routing.table, queueUrlPrefix };
    this.receiver = new ReceiverFunction(this, 'Receiver', {
      logRetention: resolved.logRetention,
      environment: {
        [RECEIVER_ENV.SIGNING_SECRET_ARN]: this.signingSecret.secretArn,
        [RECEIVER_ENV.ROUTES]: Stack.of(this).toJsonString(routing.table),
        [RECEIVER_ENV.QUEUE_URL_PREFIX]: queueUrlPrefix,
        [RECEIVER_ENV.MAX_BODY_BYTES]: String(resolved.maxBodyBytes),
        [RECEIVER_ENV.SECRET_TTL_SECONDS]: String(SECRET_TTL_SECONDS),
      },
    });
    this.signingSecret.grantRead(this.receiver);
    for (const queue of routing.targets) queue.grantSendMessages(this.receiver);

    const { api, accessLogGroup, executionLogGroup } = createIngestApi(this, id, resolved, this.receiver);
    this.api = api;
    this.accessLogGroup = accessLogGroup;
    this.executionLogGroup = executionLogGroup;
    this.webhookUrl = this.api.urlForPath('/webhook');
    acknowledgeIngestFindings(this, props.encryptionKey !== undefined);
    if (!resolved.restrictSourceIps) warnSourceIpsUnrestricted(this);
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
