/**
 * Structured JSON logs and CloudWatch embedded metrics for the receiver, through Powertools for AWS Lambda.
 * Log lines carry identifiers and outcomes only: never a body, a signature, a secret, or an account or user id.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { CatchAllReason } from '../shared/contract';

export type RejectionReason = 'signature' | 'size' | 'method';

/** The receiver's counters; each call records one occurrence and is emitted at once (one EMF line). */
export interface ReceiverMetrics {
  accepted(event: string | undefined): void;
  rejected(reason: RejectionReason): void;
  routed(queueName: string): void;
  catchAll(reason: CatchAllReason): void;
  sendFailed(queueName: string): void;
  schemaFailed(event: string): void;
  secretUnavailable(): void;
  secretRefreshed(): void;
}

export function createLogger(): Logger {
  return new Logger({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'argyle-webhook-receiver' });
}

export function createMetrics(): ReceiverMetrics {
  const metrics = new Metrics({
    namespace: process.env.POWERTOOLS_METRICS_NAMESPACE ?? 'ArgyleWebhooks',
    serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'argyle-webhook-receiver',
  });
  const count = (name: string, dimension?: readonly [string, string]) => {
    const single = metrics.singleMetric();
    if (dimension) single.addDimension(dimension[0], dimension[1]);
    single.addMetric(name, MetricUnit.Count, 1);
  };
  return {
    accepted: (event) => count('DeliveriesAccepted', ['EventFamily', eventFamily(event)]),
    rejected: (reason) => count('DeliveriesRejected', ['Reason', reason]),
    routed: (queueName) => count('MessagesRouted', ['Queue', queueName]),
    catchAll: (reason) => count('CatchAllDeliveries', ['Reason', reason]),
    sendFailed: (queueName) => count('SendFailures', ['Queue', queueName]),
    schemaFailed: (event) => count('SchemaFailures', ['EventFamily', eventFamily(event)]),
    secretUnavailable: () => count('SecretUnavailable'),
    secretRefreshed: () => count('SecretRefreshes'),
  };
}

/** `accounts` for `accounts.connected`: a dimension with a bounded number of values. */
export function eventFamily(event: string | undefined): string {
  if (event === undefined) return 'none';
  const dot = event.indexOf('.');
  return (dot > 0 ? event.slice(0, dot) : event).slice(0, 64);
}

/** The last path segment of a queue URL: its name, safe to log. */
export function queueName(queueUrl: string): string {
  return queueUrl.slice(queueUrl.lastIndexOf('/') + 1);
}
