/**
 * Structured JSON logs and CloudWatch embedded metrics for the receiver, through Powertools for AWS Lambda.
 * Log lines carry identifiers and outcomes only: never a body, a signature, a secret, or an account or user id.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { RejectionReason } from '../shared/contract';
import {
  type AttributeAdjustment,
  type CatchAllReason,
  RECEIVER_METRIC_DIMENSION as D,
  RECEIVER_METRIC as M,
  MAX_ATTRIBUTE_VALUE_CHARS,
  RECEIVER_METRIC_NAMESPACE,
  RECEIVER_SERVICE_NAME,
} from '../shared/contract';
import { type EmfPart, type EmfTemplate, emfTemplate } from './emf-documents';
import { ReceiverLogFormatter, ReceiverLogger } from './logger';
import { cutAtCodePoint } from './sqs-text';

export type { RejectionReason };

/**
 * What an accepted delivery counts: the event, the Argyle subscription that sent it, the queues that took it,
 * and why it went to the catch-all.
 */
export interface DeliveryCounts {
  readonly event: string | undefined;
  /** The envelope's `name` (as stored in the message, or as it came). */
  readonly subscription?: string | undefined;
  /** Names of the queues that took the message. */
  readonly queues: readonly string[];
  readonly catchAllReason?: CatchAllReason;
  /** The event failed its catalogue schema (it is delivered all the same). */
  readonly schemaFailed?: boolean;
}

/** The receiver's counters. Each call writes at once: one EMF document, or more only for a fanned-out delivery. */
export interface ReceiverMetrics {
  /**
   * An accepted delivery: DeliveriesAccepted, MessagesRouted per queue, CatchAllDeliveries and SchemaFailures
   * as they apply, each with its own dimension sets, in one document; a delivery sent to several queues gets
   * one more document per further queue (a document holds one `Queue` value).
   */
  delivered(counts: DeliveryCounts): void;
  accepted(event: string | undefined, subscription?: string): void;
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

/** The receiver's Powertools Logger: Powertools' layout, written without its per-line extras (./logger). */
export function createLogger(): Logger {
  return new ReceiverLogger({
    serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? RECEIVER_SERVICE_NAME,
    logFormatter: new ReceiverLogFormatter(),
  });
}

/** Powertools Metrics that says whether it is disabled (`POWERTOOLS_METRICS_DISABLED`, `POWERTOOLS_DEV`). */
class ReceiverEmf extends Metrics {
  get enabled(): boolean {
    return !this.isDisabled();
  }
}

/** Distinct dimension values (and deliveries' combinations) kept; past that they are serialized each time. */
const MAX_CACHED_PARTS = 256;

/**
 * Counters as EMF in `POWERTOOLS_METRICS_NAMESPACE`. Every metric carries the dimensions `service` and, on
 * Lambda, `FunctionName` (from `AWS_LAMBDA_FUNCTION_NAME`), plus at most one of its own; DeliveriesAccepted has
 * four dimension sets (by family, by event, in total, by subscription). Powertools serializes each counter with its dimension
 * values once (validating names, units and dimensions), and each document is serialized once but for its
 * timestamp: a delivery costs a lookup and one write, and never depends on the log level.
 */
export function createMetrics(env: NodeJS.ProcessEnv = process.env): ReceiverMetrics {
  const functionName = env.AWS_LAMBDA_FUNCTION_NAME;
  const metrics = new ReceiverEmf({
    namespace: env.POWERTOOLS_METRICS_NAMESPACE ?? RECEIVER_METRIC_NAMESPACE,
    serviceName: env.POWERTOOLS_SERVICE_NAME ?? RECEIVER_SERVICE_NAME,
    defaultDimensions: functionName ? { [D.FUNCTION_NAME]: functionName } : {},
  });
  const serialize = (name: string, dimensions: readonly Readonly<Record<string, string>>[]): EmfPart => {
    const [first, ...more] = dimensions;
    if (first) for (const [key, value] of Object.entries(first)) metrics.addDimension(key, value);
    for (const set of more) metrics.addDimensions(set);
    metrics.addMetric(name, MetricUnit.Count, 1);
    try {
      const { _aws, ...members } = metrics.serializeMetrics();
      const [directive] = _aws.CloudWatchMetrics;
      if (directive === undefined) throw new Error(`Powertools serialized ${name} without a directive`);
      return { metric: name, directive, members };
    } finally {
      metrics.clearMetrics();
      metrics.clearDimensions();
    }
  };
  /** The parts of counter `name`, each serialized on first use of its key with the sets `dimensions()`. */
  const counter = (name: string) => {
    const parts = new Map<string, EmfPart>();
    return (key: string, dimensions: () => Readonly<Record<string, string>>[]): EmfPart => {
      const cached = parts.get(key);
      if (cached) return cached;
      const part = serialize(name, dimensions());
      if (parts.size < MAX_CACHED_PARTS) parts.set(key, part);
      return part;
    };
  };
  /** Counter `name` by one dimension of its own (none: `dimension` undefined). */
  const by = (name: string, dimension?: string) => {
    const parts = counter(name);
    return (value: string) => parts(value, () => (dimension ? [{ [dimension]: value }] : []));
  };
  const acceptedParts = counter(M.ACCEPTED);
  /**
   * DeliveriesAccepted by family, by event, in total and by subscription. Keyed by each value's length and the
   * value, so no pair can be taken for another.
   */
  const accepted = (event: string | undefined, subscription: string | undefined) =>
    acceptedParts(`${lengthKey(event)}${lengthKey(subscription)}`, (): Record<string, string>[] => [
      { [D.EVENT_FAMILY]: eventFamily(event) },
      { [D.EVENT]: eventName(event) },
      {},
      { [D.SUBSCRIPTION]: subscriptionName(subscription) },
    ]);
  const rejected = by(M.REJECTED, D.REASON);
  const routed = by(M.ROUTED, D.QUEUE);
  const catchAll = by(M.CATCH_ALL, D.REASON);
  const sendFailed = by(M.SEND_FAILURES, D.QUEUE);
  const schemaFailed = by(M.SCHEMA_FAILURES, D.EVENT_FAMILY);
  const secretUnavailable = by(M.SECRET_UNAVAILABLE);
  const secretRefreshed = by(M.SECRET_REFRESHES);
  const attributeAdjusted = by(M.ATTRIBUTES_ADJUSTED, D.REASON);

  const write = (template: EmfTemplate) => {
    if (!metrics.enabled) return;
    process.stdout.write(`${template.stamp(Date.now())}\n`);
  };
  /** One counter alone: its template, kept with its part. */
  const alone = new WeakMap<EmfPart, EmfTemplate>();
  const one = (part: EmfPart) => {
    let template = alone.get(part);
    if (template === undefined) {
      template = emfTemplate([part]);
      alone.set(part, template);
    }
    write(template);
  };
  /** The counters of an accepted delivery, by event, subscription, queues, catch-all reason and schema failure. */
  const deliveries = new Map<string, EmfTemplate>();
  return {
    delivered: (counts) => {
      // Event and subscription length-keyed, so no value can be mistaken for another combination; queue names
      // and reasons come from the configuration and the contract.
      const key = `${lengthKey(counts.event)}${lengthKey(counts.subscription)}${counts.queues.join('|')}|${counts.catchAllReason ?? ''}|${counts.schemaFailed ? 1 : 0}`;
      let template = deliveries.get(key);
      if (template === undefined) {
        const parts = [accepted(counts.event, counts.subscription), ...counts.queues.map(routed)];
        if (counts.catchAllReason) parts.push(catchAll(counts.catchAllReason));
        if (counts.schemaFailed) parts.push(schemaFailed(eventFamily(counts.event)));
        template = emfTemplate(parts);
        if (deliveries.size < MAX_CACHED_PARTS) deliveries.set(key, template);
      }
      write(template);
    },
    accepted: (event, subscription) => one(accepted(event, subscription)),
    rejected: (value) => one(rejected(value)),
    routed: (name) => one(routed(name)),
    catchAll: (value) => one(catchAll(value)),
    sendFailed: (name) => one(sendFailed(name)),
    schemaFailed: (event) => one(schemaFailed(eventFamily(event))),
    secretUnavailable: () => one(secretUnavailable('')),
    secretRefreshed: () => one(secretRefreshed('')),
    attributeAdjusted: (value) => one(attributeAdjusted(value)),
  };
}

/** `<length>:<value>|`, or `-1:|` for none: a cache key part no other value shares. */
const lengthKey = (value: string | undefined) => (value === undefined ? '-1:|' : `${value.length}:${value}|`);

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

/**
 * The envelope's `name` as a dimension value: cut like an attribute value ({@link MAX_ATTRIBUTE_VALUE_CHARS}),
 * `other` when what remains is not printable ASCII (CloudWatch takes no other dimension value) or starts or
 * ends with a space, `none` without one. The subscriptions a stack configures are all kept as they are.
 */
export function subscriptionName(subscription: string | undefined): string {
  if (subscription === undefined || subscription === '') return 'none';
  const cut = cutAtCodePoint(subscription, MAX_ATTRIBUTE_VALUE_CHARS);
  return /^[\x21-\x7E](?:[\x20-\x7E]*[\x21-\x7E])?$/.test(cut) ? cut : 'other';
}

/** The last path segment of a queue URL: its name, safe to log. */
export function queueName(queueUrl: string): string {
  return queueUrl.slice(queueUrl.lastIndexOf('/') + 1);
}
