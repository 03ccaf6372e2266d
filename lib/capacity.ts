/**
 * The capacity and cost model of docs/capacity.md: one Argyle integrator's load, the limit of every layer a
 * delivery crosses, and what the default stack costs per million deliveries. Pure figures and arithmetic, no
 * CDK: the doc quotes {@link capacityFigures}, and test/infra/capacity.test.ts checks the model against the
 * stack's defaults, the receiver's real log output and the doc, so none of them can drift apart.
 */

/** How one integrator's daily refresh of its connected accounts turns into deliveries. */
export interface IntegratorLoad {
  readonly connectedAccounts: number;
  /** accounts.updated, paystubs.added, gigs.added, *.fully_synced, … per account in one refresh. */
  readonly eventsPerAccountPerRefresh: number;
  /** The time over which one refresh sends its events. */
  readonly refreshWindowSeconds: number;
  /** The busiest second's rate over the window's average rate. */
  readonly peakFactor: number;
  /** Argyle delivers an event once per subscription it matches. */
  readonly subscriptionsPerEvent: number;
}

/** A large integrator: 100,000 connected accounts, 6 events each within an hour, peaks at 3× the average. */
export const ARGYLE_LOAD: IntegratorLoad = {
  connectedAccounts: 100_000,
  eventsPerAccountPerRefresh: 6,
  refreshWindowSeconds: 3_600,
  peakFactor: 3,
  subscriptionsPerEvent: 1,
};

/** How far above the model's peak the defaults must sit: a second integrator-sized refresh, or a bad guess. */
export const HEADROOM = 2;

/**
 * AWS's default quotas the model checks against (each adjustable unless said otherwise); sources in
 * docs/capacity.md.
 */
export const AWS_QUOTAS = {
  /** API Gateway, per account and region, shared by every API: requests per second and bucket size. */
  apiGatewayAccountRate: 10_000,
  apiGatewayAccountBurst: 5_000,
  /** The same in the 13 regions with the lower default (Cape Town, Milan, Jakarta, …). */
  apiGatewayAccountRateLowRegions: 2_500,
  apiGatewayAccountBurstLowRegions: 1_250,
  /** Lambda concurrent executions per account and region, shared by every function. */
  lambdaAccountConcurrency: 1_000,
  /** New execution environments per function every 10 seconds (not adjustable). */
  lambdaScalingPer10Seconds: 1_000,
  /** SendMessage calls per second on a FIFO queue without high throughput (and per partition with it). */
  sqsFifoTps: 300,
  /** SendMessage calls per second on a high-throughput FIFO queue in us-east-1, us-west-2 and eu-west-1. */
  sqsFifoHighThroughputTps: 70_000,
  /** GetSecretValue calls per second per account and region. */
  secretsManagerGetSecretValueTps: 10_000,
  /** WAF's rate-based rules count requests over this window. */
  wafWindowSeconds: 300,
} as const;

/**
 * The receiver on Lambda. Durations are modelled, not measured on AWS: most of a warm invocation is the SQS
 * round trip (5–10 ms of SQS's own time, a p99 near 200 ms), the receiver's own CPU is a fraction of a
 * millisecond (npm run bench, M3b). Read the real figures from the REPORT lines once deployed.
 */
export const RECEIVER_PROFILE = {
  /** lib/constructs/function-defaults.ts. */
  memoryMb: 256,
  warmDurationMs: 40,
  p99DurationMs: 200,
  /** How long an execution environment keeps the signing secret (SECRET_TTL_SECONDS, functions/shared/contract.ts). */
  secretTtlSeconds: 300,
  /**
   * GetSecretValue calls per read of the secret: AWSCURRENT (functions/receiver/signing-secret.ts). AWSPREVIOUS
   * is read only after a signature the current value does not verify: rare, and left out.
   */
  secretCallsPerRead: 1,
} as const;

/**
 * Lambda's platform records for one invocation in the JSON log format (platform.start and platform.report), in
 * their documented shape with typical values; `initDurationMs` is added on a cold start only.
 */
export const PLATFORM_RECORDS = [
  '{"time":"2026-11-23T10:00:00.000Z","type":"platform.start","record":{"requestId":"6f7f0961-7a5b-4a8f-9d5e-2f6c1b0e3a4d","version":"$LATEST"}}',
  '{"time":"2026-11-23T10:00:00.041Z","type":"platform.report","record":{"requestId":"6f7f0961-7a5b-4a8f-9d5e-2f6c1b0e3a4d","metrics":{"durationMs":38.731,"billedDurationMs":39,"memorySizeMB":256,"maxMemoryUsedMB":94},"status":"success"}}',
] as const;

/**
 * Bytes each accepted delivery adds to CloudWatch Logs with the default route (one queue). The receiver's lines
 * are measured from its real output (test/support/receiver-log-output.ts, checked by
 * test/infra/capacity.test.ts): the `delivery accepted` INFO line and one EMF line (accepted four ways, routed). The
 * access log line is the stage's format with typical values (checked the same way). CloudWatch Logs counts 26
 * bytes more per event.
 */
export const LOG_BYTES_PER_DELIVERY = {
  receiverInfoLine: 761,
  receiverMetricLines: 749,
  receiverMetricLineCount: 1,
  accessLogLine: 291,
  platform: PLATFORM_RECORDS.reduce((total, record) => total + Buffer.byteLength(record), 0),
  platformLineCount: PLATFORM_RECORDS.length,
  perEventOverhead: 26,
} as const;

/** The v2 events of the catalogue (functions/catalogue/v2-events.ts) and their families. */
export const CATALOGUE_SIZE = { events: 52, families: 16 } as const;

/** us-east-1 list prices in USD, first tier, as of 2026; sources in docs/capacity.md. */
export const PRICES_USD = {
  restApiPerMillion: 3.5,
  httpApiPerMillion: 1.0,
  lambdaRequestsPerMillion: 0.2,
  lambdaArmPerGbSecond: 0.000_013_333_4,
  sqsStandardPerMillion: 0.4,
  sqsFifoPerMillion: 0.5,
  logsIngestionPerGb: 0.5,
  secretsManagerPer10kCalls: 0.05,
  secretPerMonth: 0.4,
  kmsPer10kRequests: 0.03,
  kmsKeyPerMonth: 1.0,
  alarmPerMonth: 0.1,
  dashboardPerMonth: 3.0,
  customMetricPerMonth: 0.3,
  s3PutPer1000: 0.005,
  s3StandardPerGbMonth: 0.023,
  /** Kinesis Data Firehose Direct PUT ingestion, first tier; each record is billed rounded up to 5 KB. */
  firehosePerGb: 0.029,
} as const;

/**
 * The archive (docs/archive.md) at the model's peak: the archiver's batches fill to 1,000 records well within
 * their 60 s window, and hold about 3 event families each. The gzip size per delivery and the archiver's CPU
 * are measured (npm run bench, M7: about 92 bytes and 30 µs for 1 KB catalogue examples); the model assumes 300
 * bytes (larger real bodies, `include_resource`) and 300 ms per batch (gzip, CPU and the S3 round trips).
 */
export const ARCHIVE_PROFILE = {
  recordsPerBatch: 1_000,
  familiesPerBatch: 3,
  gzipBytesPerDelivery: 300,
  archiverMsPerBatch: 300,
  archiverMemoryMb: 512,
  retentionDays: 30,
  /** At one delivery a second the 60 s window closes on 60 records. */
  recordsPerBatchWhenQuiet: 60,
  /** Firehose bills a record in 5 KB steps: an Argyle delivery is one step. */
  firehoseBilledKbPerRecord: 5,
} as const;

/** Deliveries per second over the refresh window. */
export function averageDeliveriesPerSecond(load: IntegratorLoad): number {
  return (
    (load.connectedAccounts * load.eventsPerAccountPerRefresh * load.subscriptionsPerEvent) /
    load.refreshWindowSeconds
  );
}

/** Deliveries in the busiest second. */
export function peakDeliveriesPerSecond(load: IntegratorLoad): number {
  return averageDeliveriesPerSecond(load) * load.peakFactor;
}

/** Execution environments busy at once at `deliveriesPerSecond` (Little's law). */
export function concurrentExecutions(deliveriesPerSecond: number, durationMs: number): number {
  return Math.ceil((deliveriesPerSecond * durationMs) / 1000);
}

/**
 * GetSecretValue calls while the stack takes `deliveries` at `deliveriesPerSecond`: each execution environment
 * reads the secret once, then again each TTL (p99 concurrency as the number of environments, as bursts keep
 * extra ones), one call a read.
 */
export function secretReads(deliveries: number, deliveriesPerSecond: number): number {
  const environments = concurrentExecutions(deliveriesPerSecond, RECEIVER_PROFILE.p99DurationMs);
  const seconds = deliveries / deliveriesPerSecond;
  const reads = environments * (1 + Math.floor(seconds / RECEIVER_PROFILE.secretTtlSeconds));
  return reads * RECEIVER_PROFILE.secretCallsPerRead;
}

/**
 * Bytes CloudWatch Logs ingests per delivery, overhead included. `infoLine: false` is POWERTOOLS_LOG_LEVEL=WARN
 * (the receiver's one INFO line is `delivery accepted`); `accessLogs: false` is `accessLogs.enabled: false`.
 */
export function logBytesPerDelivery(options: { readonly accessLogs: boolean; readonly infoLine: boolean }) {
  const b = LOG_BYTES_PER_DELIVERY;
  const event = (bytes: number, count = 1) => bytes + b.perEventOverhead * count;
  return (
    event(b.receiverMetricLines, b.receiverMetricLineCount) +
    (options.infoLine ? event(b.receiverInfoLine) : 0) +
    event(b.platform, b.platformLineCount) +
    (options.accessLogs ? event(b.accessLogLine) : 0)
  );
}

export interface CostLine {
  readonly line: string;
  readonly usd: number;
}

export interface CostOptions {
  /** Queues each delivery is sent to. @default 1 (the default route) */
  readonly standardSendsPerDelivery?: number;
  readonly fifoSendsPerDelivery?: number;
  readonly accessLogs?: boolean;
  /** The receiver's INFO line (POWERTOOLS_LOG_LEVEL=INFO, the default). */
  readonly infoLine?: boolean;
  /** With `kmsKeyArn`: KMS calls, per million deliveries. */
  readonly kms?: boolean;
}

/** What one million deliveries cost, line by line, at the model's peak rate. */
export function costPerMillion(options: CostOptions = {}): CostLine[] {
  const million = 1_000_000;
  const gbSeconds = (RECEIVER_PROFILE.memoryMb / 1024) * (RECEIVER_PROFILE.warmDurationMs / 1000) * million;
  const logGb =
    (logBytesPerDelivery({
      accessLogs: options.accessLogs ?? true,
      infoLine: options.infoLine ?? true,
    }) *
      million) /
    1024 ** 3;
  const peak = peakDeliveriesPerSecond(ARGYLE_LOAD);
  const reads = secretReads(million, peak);
  const lines: CostLine[] = [
    { line: 'API Gateway REST API requests', usd: PRICES_USD.restApiPerMillion },
    {
      line: 'Lambda requests and duration (arm64)',
      usd: PRICES_USD.lambdaRequestsPerMillion + gbSeconds * PRICES_USD.lambdaArmPerGbSecond,
    },
    {
      line: 'SQS SendMessage',
      usd:
        (options.standardSendsPerDelivery ?? 1) * PRICES_USD.sqsStandardPerMillion +
        (options.fifoSendsPerDelivery ?? 0) * PRICES_USD.sqsFifoPerMillion,
    },
    { line: 'CloudWatch Logs ingestion', usd: logGb * PRICES_USD.logsIngestionPerGb },
    { line: 'Secrets Manager reads', usd: (reads / 10_000) * PRICES_USD.secretsManagerPer10kCalls },
  ];
  if (options.kms) {
    // SQS asks KMS for a data key per queue every 5 minutes; the secret costs one Decrypt per read.
    const queues = (options.standardSendsPerDelivery ?? 1) + (options.fifoSendsPerDelivery ?? 0) + 1;
    const periods = Math.ceil(million / peak / 300);
    lines.push({
      line: 'KMS requests',
      usd: ((queues * periods + reads) / 10_000) * PRICES_USD.kmsPer10kRequests,
    });
  }
  return lines;
}

/**
 * Custom metrics the receiver, the access log filters and the subscription watcher publish when every catalogue
 * event arrives from `subscriptions` Argyle subscriptions (DeliveriesAccepted by Subscription: one metric each)
 * and nothing drifts (the watcher counts its runs).
 */
export function customMetricCount(routedQueues: number, subscriptions = 1): number {
  const accepted = CATALOGUE_SIZE.events + CATALOGUE_SIZE.families + 1 + subscriptions;
  const rejectedReasons = 4;
  const catchAllReasons = 3;
  const accessLogMetrics = 2;
  const watcherRuns = 1;
  return accepted + routedQueues + rejectedReasons + catchAllReasons + accessLogMetrics + watcherRuns;
}

/** What the default stack costs each month whatever the traffic: alarms, dashboard, keys, secret, metrics. */
export function monthlyCost(alarms: number, routedQueues: number): CostLine[] {
  return [
    { line: `${alarms} alarms`, usd: alarms * PRICES_USD.alarmPerMonth },
    { line: 'dashboard (beyond an account’s first three)', usd: PRICES_USD.dashboardPerMonth },
    { line: 'alarm topic KMS key', usd: PRICES_USD.kmsKeyPerMonth },
    { line: 'signing secret', usd: PRICES_USD.secretPerMonth },
    {
      line: `custom metrics (at most ${customMetricCount(routedQueues)})`,
      usd: customMetricCount(routedQueues) * PRICES_USD.customMetricPerMonth,
    },
  ];
}

/** What the archive adds per million deliveries: the archive queue and archiver, and S3 for the retention. */
export function archiveCostPerMillion(recordsPerBatch: number = ARCHIVE_PROFILE.recordsPerBatch): CostLine[] {
  const million = 1_000_000;
  const a = ARCHIVE_PROFILE;
  const batches = million / recordsPerBatch;
  const gbSeconds = batches * (a.archiverMsPerBatch / 1000) * (a.archiverMemoryMb / 1024);
  return [
    { line: 'SQS SendMessage to the archive queue', usd: PRICES_USD.sqsStandardPerMillion },
    {
      line: 'SQS receive and delete by the archiver (10 a call)',
      usd: 2 * (million / 10 / million) * PRICES_USD.sqsStandardPerMillion,
    },
    {
      line: 'Lambda archiver requests and duration (arm64)',
      usd:
        (batches / million) * PRICES_USD.lambdaRequestsPerMillion +
        gbSeconds * PRICES_USD.lambdaArmPerGbSecond,
    },
    { line: 'S3 PUT requests', usd: ((batches * a.familiesPerBatch) / 1000) * PRICES_USD.s3PutPer1000 },
    {
      line: `S3 storage for ${a.retentionDays} days`,
      usd:
        ((a.gzipBytesPerDelivery * million) / 1024 ** 3) *
        PRICES_USD.s3StandardPerGbMonth *
        (a.retentionDays / 30),
    },
  ];
}

/** The options docs/archive.md compares, per million deliveries, S3 storage left out (the same for all). */
export function archiveAlternativesPerMillion() {
  const million = 1_000_000;
  const storage = archiveCostPerMillion().at(-1)?.usd ?? 0;
  return {
    queueAndArchiver: sum(archiveCostPerMillion()) - storage,
    queueAndArchiverQuiet: sum(archiveCostPerMillion(ARCHIVE_PROFILE.recordsPerBatchWhenQuiet)) - storage,
    firehose: ((million * ARCHIVE_PROFILE.firehoseBilledKbPerRecord) / 1024 ** 2) * PRICES_USD.firehosePerGb,
    directPutObject: (million / 1000) * PRICES_USD.s3PutPer1000,
  };
}

const sum = (lines: readonly CostLine[]) => lines.reduce((total, line) => total + line.usd, 0);

/** The figures docs/capacity.md quotes, formatted as it quotes them. */
export function capacityFigures() {
  const peak = peakDeliveriesPerSecond(ARGYLE_LOAD);
  const cost = costPerMillion();
  const total = sum(cost);
  const dominant = cost.reduce((a, b) => (b.usd > a.usd ? b : a));
  const dollars = (usd: number) => `$${usd.toFixed(2)}`;
  return {
    averageDeliveriesPerSecond: Math.round(averageDeliveriesPerSecond(ARGYLE_LOAD)),
    peakDeliveriesPerSecond: Math.round(peak),
    requiredRate: Math.round(peak * HEADROOM),
    peakConcurrency: concurrentExecutions(peak, RECEIVER_PROFILE.warmDurationMs),
    peakConcurrencyP99: concurrentExecutions(peak, RECEIVER_PROFILE.p99DurationMs),
    secretReadsPerMillion: secretReads(1_000_000, peak),
    logBytesPerDelivery: logBytesPerDelivery({ accessLogs: true, infoLine: true }),
    logBytesPerDeliveryQuiet: logBytesPerDelivery({ accessLogs: true, infoLine: false }),
    costPerMillion: cost.map((line) => ({ line: line.line, usd: dollars(line.usd) })),
    costPerMillionTotal: dollars(total),
    dominantLine: dominant.line,
    dominantShare: `${Math.round((dominant.usd / total) * 100)} %`,
    archiveCostPerMillion: archiveCostPerMillion().map((line) => ({
      line: line.line,
      usd: dollars(line.usd),
    })),
    archiveCostPerMillionTotal: dollars(sum(archiveCostPerMillion())),
    archiveAlternatives: Object.fromEntries(
      Object.entries(archiveAlternativesPerMillion()).map(([name, usd]) => [name, dollars(usd)]),
    ) as Record<keyof ReturnType<typeof archiveAlternativesPerMillion>, string>,
  };
}
