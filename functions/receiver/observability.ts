/**
 * Structured JSON logs and CloudWatch embedded metrics for the receiver, through Powertools for AWS Lambda.
 * Log lines carry identifiers and outcomes only: never a body, a signature, a secret, or an account or user id.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import {
  type AttributeAdjustment,
  type CatchAllReason,
  RECEIVER_METRIC_DIMENSION as D,
  RECEIVER_METRIC as M,
} from '../shared/contract';

export type RejectionReason = 'signature' | 'size' | 'method' | 'empty';

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
  /** One attribute value of a stored message was cut or left out. */
  attributeAdjusted(adjustment: AttributeAdjustment): void;
}

export function createLogger(): Logger {
  return new Logger({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'argyle-webhook-receiver' });
}

/**
 * Counters as EMF lines in `POWERTOOLS_METRICS_NAMESPACE`. Every line carries the dimensions `service` and, on
 * Lambda, `FunctionName` (from `AWS_LAMBDA_FUNCTION_NAME`); an accepted delivery is one line with three
 * dimension sets (by family, by event, in total) rather than three lines.
 */
export function createMetrics(env: NodeJS.ProcessEnv = process.env): ReceiverMetrics {
  const functionName = env.AWS_LAMBDA_FUNCTION_NAME;
  const metrics = new Metrics({
    namespace: env.POWERTOOLS_METRICS_NAMESPACE ?? 'ArgyleWebhooks',
    serviceName: env.POWERTOOLS_SERVICE_NAME ?? 'argyle-webhook-receiver',
    defaultDimensions: functionName ? { [D.FUNCTION_NAME]: functionName } : {},
  });
  // One Metrics instance, flushed after each counter: building a `singleMetric()` per counter costs about 45 µs
  // (a new Metrics and Console each time), this about 8 µs (npm run bench, M3b).
  const count = (name: string, dimensions: Readonly<Record<string, string>>[] = []) => {
    const [first, ...more] = dimensions;
    if (first) for (const [key, value] of Object.entries(first)) metrics.addDimension(key, value);
    for (const set of more) metrics.addDimensions(set);
    metrics.addMetric(name, MetricUnit.Count, 1);
    metrics.publishStoredMetrics();
  };
  return {
    accepted: (event) =>
      count(M.ACCEPTED, [{ [D.EVENT_FAMILY]: eventFamily(event) }, { [D.EVENT]: eventName(event) }, {}]),
    rejected: (reason) => count(M.REJECTED, [{ [D.REASON]: reason }]),
    routed: (queueName) => count(M.ROUTED, [{ [D.QUEUE]: queueName }]),
    catchAll: (reason) => count(M.CATCH_ALL, [{ [D.REASON]: reason }]),
    sendFailed: (queueName) => count(M.SEND_FAILURES, [{ [D.QUEUE]: queueName }]),
    schemaFailed: (event) => count(M.SCHEMA_FAILURES, [{ [D.EVENT_FAMILY]: eventFamily(event) }]),
    secretUnavailable: () => count(M.SECRET_UNAVAILABLE),
    secretRefreshed: () => count(M.SECRET_REFRESHES),
    attributeAdjusted: (adjustment) => count(M.ATTRIBUTES_ADJUSTED, [{ [D.REASON]: adjustment }]),
  };
}

/**
 * `accounts` for `accounts.connected`: a dimension with a bounded number of values; `other` when the family is
 * not printable ASCII (a signed envelope may hold any characters, a dimension value may not).
 */
export function eventFamily(event: string | undefined): string {
  if (event === undefined) return 'none';
  const dot = event.indexOf('.');
  const family = (dot > 0 ? event.slice(0, dot) : event).slice(0, 64);
  return /^[\x21-\x7E]+$/.test(family) ? family : 'other';
}

/**
 * `accounts.connected` as is: a dimension value only for names of the form `<resource>.<action>` of at most 64
 * characters, `other` for anything else, `none` without an event. Only signed deliveries get here, so the
 * values are Argyle's event names.
 */
export function eventName(event: string | undefined): string {
  if (event === undefined) return 'none';
  return event.length <= 64 && /^[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*$/.test(event) ? event : 'other';
}

/** The last path segment of a queue URL: its name, safe to log. */
export function queueName(queueUrl: string): string {
  return queueUrl.slice(queueUrl.lastIndexOf('/') + 1);
}
