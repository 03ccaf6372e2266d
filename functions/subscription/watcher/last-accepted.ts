/**
 * When the receiver last accepted a delivery from each subscription, read from CloudWatch: the receiver's
 * `DeliveriesAccepted` by `Subscription` (dimension set `service`, `FunctionName`, `Subscription`), the latest
 * minute with a non-zero `Sum`. One `GetMetricData` call per subscription Argyle has sent for, over a window
 * from `silentAfter` (and a minute) before Argyle's `last_sent_at` to now: a delivery accepted before the window
 * is more than `silentAfter` older than `last_sent_at`, so "none in the window" decides `silent` as "never"
 * would. CloudWatch bills $0.01 per 1,000 metrics requested: one per subscription per run.
 */
import { CloudWatchClient, GetMetricDataCommand, type GetMetricDataInput } from '@aws-sdk/client-cloudwatch';
import {
  RECEIVER_METRIC_DIMENSION as D,
  RECEIVER_METRIC,
  RECEIVER_METRIC_NAMESPACE,
  RECEIVER_SERVICE_NAME,
} from '../../shared/contract';

export type MetricsReader = Pick<CloudWatchClient, 'send'>;

/** What the receiver's record says about one subscription. */
export interface LastAccepted {
  /** The start of the latest minute (or period) with an accepted delivery; `null` when none since `since`. */
  readonly at: Date | null;
  /** Where the search window started, when it was a window (CloudWatch); absent when `at` is all there is. */
  readonly since?: Date;
}

export interface ReceiverMetricsSource {
  /** The receiver function's name (its metrics' `FunctionName`). */
  readonly functionName: string;
  /** @default RECEIVER_METRIC_NAMESPACE */
  readonly namespace?: string;
  /** @default RECEIVER_SERVICE_NAME */
  readonly service?: string;
}

export interface LastAcceptedRequest {
  /** Configured subscription names, each with Argyle's `last_sent_at` of its live subscription. */
  readonly subscriptions: readonly {
    readonly name: string;
    readonly lastSentAt: string | null | undefined;
  }[];
  readonly silentAfterMs: number;
  readonly now: Date;
}

const MINUTE_MS = 60_000;
const DAY_MS = 24 * 60 * MINUTE_MS;
/** CloudWatch keeps 1-minute data 15 days, 5-minute data 63 days and 1-hour data 455 days. */
const RETENTION = [
  { ageMs: 15 * DAY_MS, periodSeconds: 60 },
  { ageMs: 63 * DAY_MS, periodSeconds: 300 },
  { ageMs: 455 * DAY_MS, periodSeconds: 3600 },
] as const;

/** A CloudWatch client with bounded retries and timeouts, created once per process. */
export function createMetricsReader(): CloudWatchClient {
  return new CloudWatchClient({
    maxAttempts: 3,
    requestHandler: { connectionTimeout: 2_000, requestTimeout: 10_000, throwOnRequestTimeout: true },
  });
}

/**
 * The `GetMetricData` request for one subscription sent at `lastSentAt`, or undefined when it cannot be asked
 * (never sent, an unreadable time, or older than CloudWatch keeps). Pure.
 */
export function lastAcceptedRequest(
  source: ReceiverMetricsSource,
  name: string,
  lastSentAt: string | null | undefined,
  silentAfterMs: number,
  now: Date,
): GetMetricDataInput | undefined {
  if (typeof lastSentAt !== 'string') return undefined;
  const sent = Date.parse(lastSentAt);
  if (Number.isNaN(sent)) return undefined;
  const from = Math.min(sent, now.getTime()) - silentAfterMs - MINUTE_MS;
  const age = now.getTime() - from;
  const retention = RETENTION.find((r) => age <= r.ageMs);
  if (retention === undefined) return undefined;
  const periodMs = retention.periodSeconds * 1000;
  const start = Math.floor(from / periodMs) * periodMs;
  // EndTime is exclusive: up to the end of the current period, so the delivery of a moment ago counts.
  const end = Math.ceil((now.getTime() + 1) / periodMs) * periodMs;
  return {
    MetricDataQueries: [
      {
        Id: 'accepted',
        MetricStat: {
          Metric: {
            Namespace: source.namespace ?? RECEIVER_METRIC_NAMESPACE,
            MetricName: RECEIVER_METRIC.ACCEPTED,
            Dimensions: [
              { Name: D.SERVICE, Value: source.service ?? RECEIVER_SERVICE_NAME },
              { Name: D.FUNCTION_NAME, Value: source.functionName },
              { Name: D.SUBSCRIPTION, Value: name },
            ],
          },
          Period: retention.periodSeconds,
          Stat: 'Sum',
        },
        ReturnData: true,
      },
    ],
    StartTime: new Date(start),
    EndTime: new Date(end),
    ScanBy: 'TimestampDescending',
  };
}

/**
 * By subscription name, when the receiver last accepted a delivery from it; only subscriptions Argyle has sent
 * for (and not too long ago) are asked about.
 *
 * @throws the CloudWatch client's error when a call fails
 */
export async function readLastAccepted(
  reader: MetricsReader,
  source: ReceiverMetricsSource,
  request: LastAcceptedRequest,
): Promise<Map<string, LastAccepted>> {
  const found = new Map<string, LastAccepted>();
  await Promise.all(
    request.subscriptions.map(async ({ name, lastSentAt }) => {
      const input = lastAcceptedRequest(source, name, lastSentAt, request.silentAfterMs, request.now);
      if (input === undefined) return;
      found.set(name, { at: await latestNonZero(reader, input), since: input.StartTime as Date });
    }),
  );
  return found;
}

/** The latest timestamp with a value above zero, over every page of the answer. */
async function latestNonZero(reader: MetricsReader, input: GetMetricDataInput): Promise<Date | null> {
  let latest: Date | null = null;
  let nextToken: string | undefined;
  for (let page = 0; page < 100; page++) {
    const output = await reader.send(
      new GetMetricDataCommand({ ...input, ...(nextToken ? { NextToken: nextToken } : {}) }),
    );
    for (const result of output.MetricDataResults ?? []) {
      const timestamps = result.Timestamps ?? [];
      (result.Values ?? []).forEach((value, index) => {
        const at = timestamps[index];
        if (value > 0 && at !== undefined && (latest === null || at.getTime() > latest.getTime())) {
          latest = at;
        }
      });
    }
    nextToken = output.NextToken;
    if (nextToken === undefined || nextToken === '') break;
  }
  return latest;
}
