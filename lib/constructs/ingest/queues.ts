/**
 * The ingest construct's queues: one per route (or the route's own), then the catch-all, each created one with
 * its dead-letter queue; and the receiver's routing table that addresses them.
 */
import { Duration, Token } from 'aws-cdk-lib';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import {
  DeduplicationScope,
  FifoThroughputLimit,
  type IQueue,
  Queue,
  QueueEncryption,
} from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { RoutingTable } from '../../../functions/shared/contract.js';
import { routingTableOf } from '../../routing-table.js';
import {
  GENERATED_QUEUE_NAME_BYTES,
  routingTableSizeProblem,
  UNRESOLVED_QUEUE_URL_BYTES,
} from '../../validation.js';
import {
  type ArgyleQueueOptions,
  type ArgyleRoute,
  type ArgyleRouteQueues,
  INGEST_DEFAULTS,
  type ResolvedIngestProps,
} from './props.js';

export interface IngestQueues {
  /** Each route's queues, by route name, in route order. */
  readonly routeQueues: ReadonlyMap<string, ArgyleRouteQueues>;
  readonly catchAll: ArgyleRouteQueues;
}

/** Creates the queues under `scope`: `Routes/<route name>/...` and `CatchAll/...`. */
export function createIngestQueues(scope: Construct, resolved: ResolvedIngestProps): IngestQueues {
  const { props, routes } = resolved;
  const routeQueues = new Map<string, ArgyleRouteQueues>();
  const routesScope = new Construct(scope, 'Routes');
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
  const catchAll: ArgyleRouteQueues = props.catchAllQueue
    ? { queue: props.catchAllQueue }
    : createQueues(
        new Construct(scope, 'CatchAll'),
        false,
        props.catchAll ?? {},
        Duration.days(INGEST_DEFAULTS.catchAllRetentionDays),
        props.encryptionKey,
      );
  return { routeQueues, catchAll };
}

export interface ReceiverRouting {
  /** The routing table, each target queue listed once. */
  readonly table: RoutingTable;
  /** The target queues, in the order of the table's `queues`. */
  readonly targets: readonly IQueue[];
  /** Set when the table could outgrow the receiver's environment once deployed. */
  readonly sizeProblem?: string;
}

/**
 * The routing table lists each target queue once: a queue created here by name (the receiver prepends the
 * URL prefix), any other queue by its full URL.
 */
export function receiverRouting(routes: readonly ArgyleRoute[], queues: IngestQueues): ReceiverRouting {
  const { routeQueues, catchAll } = queues;
  const allQueues = [...routeQueues.values(), catchAll];
  const created = new Set(allQueues.filter((q) => q.deadLetterQueue !== undefined).map((q) => q.queue));
  const table = routingTableOf(
    routes.map((route) => ({ ...route, queue: queueOf(routeQueues, route.name) })),
    catchAll.queue,
  );
  const targets = table.queues;
  const routingTable: RoutingTable = {
    ...table,
    queues: targets.map((queue) => (created.has(queue) ? queue.queueName : queue.queueUrl)),
  };
  const sizeProblem = routingTableSizeProblem({
    ...routingTable,
    queues: targets.map((queue) => longestEntry(queue, created.has(queue))),
  });
  return { table: routingTable, targets, ...(sizeProblem === undefined ? {} : { sizeProblem }) };
}

function queueOf(routeQueues: ReadonlyMap<string, ArgyleRouteQueues>, name: string): IQueue {
  const queues = routeQueues.get(name);
  if (queues === undefined) throw new Error(`there is no route named "${name}"`);
  return queues.queue;
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
    // High-throughput FIFO: the quota applies per message group (an Argyle account), not to the whole queue.
    ...(fifo
      ? {
          deduplicationScope: DeduplicationScope.MESSAGE_GROUP,
          fifoThroughputLimit: FifoThroughputLimit.PER_MESSAGE_GROUP_ID,
        }
      : {}),
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
