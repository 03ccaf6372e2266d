/**
 * The subscription watcher in the dev mode (`npm run dev -- --watch`): the fake Argyle API with the configured
 * subscriptions registered at the local webhook (as a deploy registers them, with their ownership records in an
 * in-memory state store), a CloudWatch stand-in fed with the receiver's embedded metric format lines, and the
 * watcher run on a timer against them, printing its findings and repairs. Every request to the webhook whose
 * body names a subscription counts as Argyle sending for it (`last_sent_at`), so a delivery the receiver refuses
 * makes that subscription `silent`.
 */
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { ArgyleWebhooksClient } from '../functions/argyle-api/index';
import { CREDENTIALS_SECRET_KEY } from '../functions/shared/contract';
import { MemoryStateStore } from '../functions/subscription/state/memory-store';
import { readLastAccepted } from '../functions/subscription/watcher/last-accepted';
import { createWatcherMetrics } from '../functions/subscription/watcher/metrics';
import { runWatcher, type WatchRun } from '../functions/subscription/watcher/run';
import type { ArgyleWebhooksConfig } from '../lib/config';
import { FakeCloudWatch } from './cloudwatch-metrics';
import { FakeArgyleApi } from './fake-argyle-api';
import type { FakeSecretsManager } from './secrets-manager';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from './sqs-emulator';

const CREDENTIALS_SECRET_NAME = 'argyle-webhooks/sandbox/api-credentials';

export interface DevWatcherOptions {
  readonly config: ArgyleWebhooksConfig;
  readonly webhookUrl: string;
  readonly secrets: FakeSecretsManager;
  readonly signingSecretArn: string;
  readonly signingSecret: string;
  /** The receiver's function name, as its metrics carry it. */
  readonly receiverFunctionName: string;
  /** How often to run; `0` runs only when asked ({@link DevWatcher.runOnce}). */
  readonly everyMs: number;
  /** Where the watcher's lines go (one line each, never a secret). */
  readonly print: (line: string) => void;
  /** The wait before a repair creates a subscription (40 s, as deployed); tests pass one that returns. */
  readonly sleep?: (ms: number) => Promise<void>;
}

export interface DevWatcher {
  /** The fake Argyle API's origin: `ARGYLE_API_BASE_URL=<this> npx argyle-subscriptions list`. */
  readonly argyleApiUrl: string;
  readonly api: FakeArgyleApi;
  readonly cloudwatch: FakeCloudWatch;
  readonly store: MemoryStateStore;
  /** The API key of the fake API (ARGYLE_API_KEY_ID, ARGYLE_API_KEY_SECRET). */
  readonly apiKey: { readonly id: string; readonly secret: string };
  /** Stores the metrics of the embedded metric format documents among `text`'s lines. */
  ingest(text: string): void;
  /** Marks that "Argyle" sent a delivery of subscription `name` now (the dev server calls it per request). */
  sent(name: string, at?: Date): void;
  runOnce(): Promise<WatchRun>;
  close(): Promise<void>;
}

export async function startDevWatcher(options: DevWatcherOptions): Promise<DevWatcher> {
  const api = await FakeArgyleApi.start();
  const cloudwatch = await FakeCloudWatch.start();
  const store = new MemoryStateStore();
  options.secrets.put(
    CREDENTIALS_SECRET_NAME,
    JSON.stringify({
      [CREDENTIALS_SECRET_KEY.ID]: api.apiKeyId,
      [CREDENTIALS_SECRET_KEY.SECRET]: api.apiKeySecret,
    }),
  );
  // As a deploy: each configured subscription registered at the webhook, and recorded as the stack's.
  for (const subscription of options.config.subscriptions) {
    const [seeded] = api.seed({
      name: subscription.name,
      events: [...subscription.events],
      config: { ...(subscription.config ?? {}) },
      url: options.webhookUrl,
      secret: options.signingSecret,
    });
    if (seeded === undefined) continue;
    await store.put(
      {
        name: subscription.name,
        desired: {
          name: subscription.name,
          events: [...subscription.events],
          config: { ...(subscription.config ?? {}) },
          url: options.webhookUrl,
        },
        target: {
          environment: 'sandbox',
          apiVersion: 'v2',
          baseUrl: api.url,
          credentialsSecretName: CREDENTIALS_SECRET_NAME,
        },
        signingSecretArn: options.signingSecretArn,
        physicalId: `local-${subscription.name}`,
        owned: [
          {
            id: seeded.id,
            physicalId: `local-${subscription.name}`,
            createdAt: seeded.created_at,
            createdBy: 'deploy',
          },
        ],
        retired: [],
        updatedBy: 'deploy',
      },
      undefined,
    );
  }
  const aws = { region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS };
  const secretsClient = new SecretsManagerClient({
    ...aws,
    endpoint: options.secrets.endpoint,
    maxAttempts: 1,
  });
  const metricsClient = new CloudWatchClient({ ...aws, endpoint: cloudwatch.endpoint, maxAttempts: 1 });
  const metrics = createWatcherMetrics({
    env: { AWS_LAMBDA_FUNCTION_NAME: 'argyle-subscription-watcher-local' },
    write: (line) => cloudwatch.ingest(line),
  });
  const print = options.print;
  const field = (fields: Readonly<Record<string, unknown>>, key: string) =>
    fields[key] === undefined
      ? ''
      : ` ${key}=${typeof fields[key] === 'string' ? fields[key] : JSON.stringify(fields[key])}`;
  const describe = (fields: Readonly<Record<string, unknown>>) =>
    ['subscription', 'kind', 'subscriptionId', 'detail', 'message'].map((key) => field(fields, key)).join('');
  const log = {
    info: (message: string, fields: Readonly<Record<string, unknown>> = {}) => {
      if (/^(repair|not repaired|waiting|created)/.test(message))
        print(`watcher: ${message}${describe(fields)}`);
    },
    warn: (message: string, fields: Readonly<Record<string, unknown>> = {}) =>
      print(`watcher: ${message}${describe(fields)}`),
    error: (message: string, fields: Readonly<Record<string, unknown>> = {}) =>
      print(`watcher: ${message}${describe(fields)}`),
  };
  let running: Promise<WatchRun> | undefined;
  let wasClean = false;
  const runOnce = async (): Promise<WatchRun> => {
    if (running) return running;
    running = runWatcher(
      {
        store,
        secrets: secretsClient,
        argyle: async () =>
          new ArgyleWebhooksClient({
            apiKeyId: api.apiKeyId,
            apiKeySecret: api.apiKeySecret,
            environment: 'sandbox',
            baseUrl: api.url,
            timeoutMs: 2_000,
            totalTimeoutMs: 5_000,
          }),
        lastAccepted: (request) =>
          readLastAccepted(metricsClient, { functionName: options.receiverFunctionName }, request),
        metrics,
        log,
        now: Date.now,
        ...(options.sleep === undefined ? {} : { sleep: options.sleep }),
      },
      {
        repair: options.config.subscriptionWatch.repair,
        silentAfterMs: options.config.subscriptionWatch.silentAfterMinutes * 60_000,
      },
    ).finally(() => {
      running = undefined;
    });
    const run = await running;
    const drifted = run.groups.some((group) =>
      group.inspection.report.subscriptions.some((s) => s.findings.length > 0),
    );
    // "As configured" once, and again after drift or errors, not on every run.
    const clean = !drifted && run.errors.length === 0;
    if (clean && !wasClean) print(`watcher: ${run.records} subscription(s) as configured`);
    wasClean = clean;
    return run;
  };
  const timer =
    options.everyMs > 0 ? setInterval(() => void runOnce().catch(() => {}), options.everyMs) : undefined;
  timer?.unref();
  return {
    argyleApiUrl: api.url,
    api,
    cloudwatch,
    store,
    apiKey: { id: api.apiKeyId, secret: api.apiKeySecret },
    ingest: (text) => void cloudwatch.ingest(text),
    sent: (name, at = new Date()) => {
      for (const subscription of api.subscriptions) {
        if (subscription.name === name && subscription.url === options.webhookUrl)
          api.recordDelivery(subscription.id, at);
      }
    },
    runOnce,
    close: async () => {
      if (timer) clearInterval(timer);
      await running?.catch(() => undefined);
      secretsClient.destroy();
      metricsClient.destroy();
      await api.close();
      await cloudwatch.close();
    },
  };
}
