/**
 * The queues the configured routes create, as the dev server creates them in the SQS emulator, and the routing
 * table that addresses them. Pure. Where the stack lets CloudFormation generate names, the dev server uses
 * readable ones: the route's name (`.fifo` added for a FIFO route), `catch-all`, and `<name>_dlq` for each
 * dead-letter queue (route names cannot contain `_`, so these never clash with a route's queue).
 */
import type { RoutingTable } from '../functions/shared/contract';
import type { ArgyleWebhooksConfig } from '../lib/config';
import { routingTableOf } from '../lib/routing-table';
import { CATCH_ALL_NAME } from '../lib/validation';

/** How long a dead-letter queue keeps a message, as in the stack. */
const DEAD_LETTER_RETENTION_DAYS = 14;
const DAY_SECONDS = 86_400;
/**
 * A FIFO queue as the stack creates it, in high-throughput mode. The emulator keeps both settings and
 * deduplicates per message group as SQS does; it has no throughput quota to lift.
 */
const FIFO_ATTRIBUTES: Readonly<Record<string, string>> = {
  FifoQueue: 'true',
  DeduplicationScope: 'messageGroup',
  FifoThroughputLimit: 'perMessageGroupId',
};

export interface DevQueue {
  readonly name: string;
  /** The route the queue belongs to; `catch-all` for the catch-all queue and its dead-letter queue. */
  readonly route: string;
  readonly fifo: boolean;
  /** Whether this is a dead-letter queue. */
  readonly deadLetter: boolean;
  /** CreateQueue attributes, without the redrive policy (which needs the dead-letter queue's ARN). */
  readonly attributes: Readonly<Record<string, string>>;
  /** Where messages go after `maxReceiveCount` receives; set on every queue that is not a dead-letter queue. */
  readonly redrive?: { readonly deadLetterQueue: string; readonly maxReceiveCount: number };
}

/**
 * The archive queue and its dead-letter queue, with `archive.enabled`. A leading `_` keeps them apart from route
 * queues (route names start with a letter).
 */
export const DEV_ARCHIVE_QUEUE = '_archive';
export const DEV_ARCHIVE_DEAD_LETTER_QUEUE = '_archive_dlq';
/** The route of the archive's queues, in {@link DevQueue.route}. */
export const ARCHIVE_ROUTE = 'archive';
const ARCHIVE_QUEUE_SETTINGS = {
  maxReceiveCount: 5,
  visibilityTimeoutSeconds: 360,
  retentionDays: 14,
} as const;

export interface DevQueuePlan {
  /** Every queue, each dead-letter queue before the queue that uses it. */
  readonly queues: readonly DevQueue[];
  /** The receiver's routing table, with queue names (the receiver prepends the emulator's URL prefix). */
  readonly routingTable: RoutingTable;
}

/** The local name of a route's queue (`catch-all` for the catch-all). */
export function devQueueName(route: string, fifo = false): string {
  return fifo ? `${route}.fifo` : route;
}

/** The local name of a route's dead-letter queue. */
export function devDeadLetterQueueName(route: string, fifo = false): string {
  return devQueueName(`${route}_dlq`, fifo);
}

interface QueueSettings {
  readonly maxReceiveCount: number;
  readonly visibilityTimeoutSeconds: number;
  readonly retentionDays: number;
}

export function planDevQueues(config: ArgyleWebhooksConfig): DevQueuePlan {
  const queues: DevQueue[] = [];
  const add = (route: string, fifo: boolean, settings: QueueSettings): string => {
    const fifoAttributes: Record<string, string> = fifo ? FIFO_ATTRIBUTES : {};
    const deadLetterQueue = devDeadLetterQueueName(route, fifo);
    queues.push({
      name: deadLetterQueue,
      route,
      fifo,
      deadLetter: true,
      attributes: {
        ...fifoAttributes,
        SqsManagedSseEnabled: 'true',
        MessageRetentionPeriod: String(DEAD_LETTER_RETENTION_DAYS * DAY_SECONDS),
      },
    });
    const name = devQueueName(route, fifo);
    queues.push({
      name,
      route,
      fifo,
      deadLetter: false,
      attributes: {
        ...fifoAttributes,
        SqsManagedSseEnabled: 'true',
        VisibilityTimeout: String(settings.visibilityTimeoutSeconds),
        MessageRetentionPeriod: String(settings.retentionDays * DAY_SECONDS),
      },
      redrive: { deadLetterQueue, maxReceiveCount: settings.maxReceiveCount },
    });
    return name;
  };
  const routes = config.routes.map((route) => ({
    events: route.events,
    subscriptions: route.subscriptions,
    queue: add(route.name, route.fifo, route),
  }));
  const catchAll = add(CATCH_ALL_NAME, false, config.catchAll);
  if (config.archive.enabled) {
    queues.push(
      {
        name: DEV_ARCHIVE_DEAD_LETTER_QUEUE,
        route: ARCHIVE_ROUTE,
        fifo: false,
        deadLetter: true,
        attributes: { SqsManagedSseEnabled: 'true', MessageRetentionPeriod: String(14 * DAY_SECONDS) },
      },
      {
        name: DEV_ARCHIVE_QUEUE,
        route: ARCHIVE_ROUTE,
        fifo: false,
        deadLetter: false,
        attributes: {
          SqsManagedSseEnabled: 'true',
          VisibilityTimeout: String(ARCHIVE_QUEUE_SETTINGS.visibilityTimeoutSeconds),
          MessageRetentionPeriod: String(ARCHIVE_QUEUE_SETTINGS.retentionDays * DAY_SECONDS),
        },
        redrive: {
          deadLetterQueue: DEV_ARCHIVE_DEAD_LETTER_QUEUE,
          maxReceiveCount: ARCHIVE_QUEUE_SETTINGS.maxReceiveCount,
        },
      },
    );
  }
  return { queues, routingTable: routingTableOf(routes, catchAll) };
}
