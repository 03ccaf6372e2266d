/**
 * The defaults and limits that both the constructs and the cdk.json configuration use, with no CDK import: the
 * configuration (and so `npm run dev`, which reads cdk.json) loads these without loading aws-cdk-lib. Each
 * construct module re-exports its own.
 */
import { show } from './value-checks.js';

/** The addresses Argyle sends webhooks from (docs.argyle.com, "Webhooks"), as /32 CIDR blocks. */
export const ARGYLE_SOURCE_IPS: readonly string[] = [
  '34.27.251.226/32',
  '34.122.50.253/32',
  '35.188.163.115/32',
  '35.226.53.251/32',
];

/** Defaults of `ArgyleWebhookIngestProps`, shared with the cdk.json configuration so the two cannot drift. */
export const INGEST_DEFAULTS = {
  /** Far above any Argyle envelope, and well below what one SQS message can carry. */
  maxBodyBytes: 131_072,
  maxReceiveCount: 5,
  visibilityTimeoutSeconds: 30,
  routeRetentionDays: 4,
  catchAllRetentionDays: 14,
  /**
   * Twice the busiest second of a large integrator's refresh (lib/capacity.ts, docs/capacity.md), so Argyle is
   * never answered 429: Argyle does not say whether it retries one. The resource policy keeps others out.
   */
  rateLimit: 1000,
  /**
   * As many as the rate: a whole second of it at once, and no more than the default Lambda concurrency of an
   * account, so a larger burst is refused here (429, counted) rather than by Lambda (a 500).
   */
  burstLimit: 1000,
  /** One month (CloudWatch's `RetentionDays.ONE_MONTH`). */
  logRetentionDays: 30,
} as const;

/** Defaults and limits of the archive (`archive` in cdk.json, `ArgyleWebhookArchiveProps`). */
export const ARCHIVE_DEFAULTS = {
  retentionDays: 30,
} as const;
export const ARCHIVE_LIMITS = {
  /** From a day to ten years. */
  retentionDays: { min: 1, max: 3_650 },
} as const;

/** Defaults of {@link ArgyleWebhookMonitoringProps}, shared with the cdk.json configuration. */
export const MONITORING_DEFAULTS = {
  signatureFailuresPer5Minutes: 20,
  oldestMessageAgeMinutes: 30,
} as const;

/** Limits of the settings, shared with the cdk.json configuration. */
export const MONITORING_LIMITS = {
  signatureFailuresPer5Minutes: { min: 1, max: 1_000_000 },
  /** Up to the longest SQS retention, 14 days. */
  oldestMessageAgeMinutes: { min: 1, max: 20_160 },
  /** An alarm may look back at most one day. */
  noDeliveryHours: { min: 1, max: 24 },
} as const;

/** Defaults of the subscription watcher (`SubscriptionWatcherProps`, cdk.json `subscriptionWatch`). */
export const SUBSCRIPTION_WATCH_DEFAULTS = {
  enabled: true,
  intervalMinutes: 15,
  /** As `argyle-subscriptions status` (DEFAULT_SILENT_AFTER_MS). */
  silentAfterMinutes: 15,
  repair: false,
} as const;

/** Limits of the watcher's settings, shared with the cdk.json configuration. */
export const SUBSCRIPTION_WATCH_LIMITS = {
  /** Two missed runs must fit the "not running" alarm's window, which may span at most a day below hourly periods. */
  intervalMinutes: { min: 5, max: 720 },
  silentAfterMinutes: { min: 5, max: 1440 },
} as const;

/** Defaults of {@link ArgyleWebhookWafProps}, shared with the cdk.json configuration. */
export const WAF_DEFAULTS = {
  /**
   * The stage's default rate (1000 requests a second) for the whole 5-minute window: Argyle may send its whole
   * peak from one of its addresses, and the WAF must not refuse what the stage would accept (docs/capacity.md).
   * The IP set rule, not this one, keeps other addresses out.
   */
  rateLimitPer5Minutes: 300_000,
} as const;

/** The range AWS WAF accepts for a rate-based rule's limit. */
export const WAF_RATE_LIMIT = { min: 10, max: 2_000_000_000 } as const;

/** The function's timeout. SQS requires the queue's visibility timeout to be at least this. */
export const EXAMPLE_CONSUMER_TIMEOUT_SECONDS = 10;

/** Records per invocation. */
export const EXAMPLE_CONSUMER_BATCH_SIZE = 10;

/**
 * Why the example consumer cannot consume `route` (given the configured routes' names and visibility timeouts,
 * `catch-all` included), or undefined when it can.
 */
export function exampleConsumerRouteProblem(
  route: string,
  visibilityTimeouts: ReadonlyMap<string, number>,
): string | undefined {
  const visibility = visibilityTimeouts.get(route);
  if (visibility === undefined) {
    const names = [...visibilityTimeouts.keys()].map((name) => `"${name}"`).join(', ');
    return `${show(route)} is not a route; write one of ${names}`;
  }
  if (visibility < EXAMPLE_CONSUMER_TIMEOUT_SECONDS) {
    return `route ${show(route)} has a visibility timeout of ${visibility} s, below the example consumer's timeout (${EXAMPLE_CONSUMER_TIMEOUT_SECONDS} s), which SQS event sources do not allow; raise its visibilityTimeoutSeconds to at least ${EXAMPLE_CONSUMER_TIMEOUT_SECONDS}`;
  }
  return undefined;
}
