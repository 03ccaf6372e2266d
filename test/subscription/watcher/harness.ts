/**
 * The subscription watcher against the fake Argyle API and a local Secrets Manager, with the in-memory state
 * store: records written as a deploy writes them, a clock the test moves, every EMF document and log line kept.
 */
import { afterAll, beforeAll, beforeEach, vi } from 'vitest';
import { ArgyleWebhooksClient } from '#functions/argyle-api/index';
import type { DesiredSubscription } from '#functions/subscription/properties';
import { createSecretsManagerClient, readCredentials } from '#functions/subscription/secrets';
import { MemoryStateStore } from '#functions/subscription/state/memory-store';
import type { OwnershipRecord } from '#functions/subscription/state/record';
import type { LastAccepted, LastAcceptedRequest } from '#functions/subscription/watcher/last-accepted';
import { createWatcherMetrics } from '#functions/subscription/watcher/metrics';
import { runWatcher, type WatcherDeps, type WatcherSettings } from '#functions/subscription/watcher/run';
import { FakeSecretsManager } from '#local/secrets-manager';
import type { FakeArgyleApi, FakeWebhook } from '../../support/fake-argyle-api';
import { putCredentials, useFakeArgyleApi } from '../../support/fake-argyle-api-fixture';
import { RecordingLog } from '../harness';

export const CREDENTIALS_SECRET_NAME = 'argyle-webhooks/sandbox/api-credentials';
export const SIGNING_SECRET_NAME = 'ArgyleWebhooksIngestSigningSecret';
export const SIGNING_SECRET = 'watcher-signing-secret-6a1f3c9e0b2d';
export const WEBHOOK_URL = 'https://abc123defg.execute-api.us-east-1.amazonaws.com/prod/webhook';
export const PHYSICAL_ID = 'ArgyleWebhooks-accounts-state';
export const WATCHER_FUNCTION = 'ArgyleWebhooks-SubscriptionWatcher-Ab12Cd34';

export const ACCOUNTS: DesiredSubscription = {
  name: 'accounts',
  events: ['accounts.connected', 'accounts.updated'],
  config: { include_resource: true },
  url: WEBHOOK_URL,
};
export const PAYSTUBS: DesiredSubscription = {
  name: 'paystubs',
  events: ['paystubs.added'],
  config: {},
  url: WEBHOOK_URL,
};

/** One EMF document: its metric names and, per metric, its dimension sets, and the root members. */
export interface EmfDocument {
  readonly metrics: string[];
  readonly dimensionSets: string[][];
  readonly members: Record<string, unknown>;
}

export function parseEmf(line: string): EmfDocument {
  const document = JSON.parse(line) as {
    _aws: { CloudWatchMetrics: { Dimensions: string[][]; Metrics: { Name: string }[] }[] };
  } & Record<string, unknown>;
  const { _aws, ...members } = document;
  return {
    metrics: _aws.CloudWatchMetrics.flatMap((directive) => directive.Metrics.map((m) => m.Name)),
    dimensionSets: _aws.CloudWatchMetrics.flatMap((directive) => directive.Dimensions),
    members,
  };
}

export interface WatcherEnvironment {
  readonly api: FakeArgyleApi;
  readonly secrets: FakeSecretsManager;
  readonly signingSecretArn: string;
  readonly store: MemoryStateStore;
  readonly log: RecordingLog;
  /** Every EMF document the watcher wrote, as lines. */
  readonly emf: string[];
  /** The documents parsed. */
  documents(): EmfDocument[];
  /** `SubscriptionDrift` documents by Kind and Subscription, as `kind/subscription`. */
  driftMetrics(): string[];
  /** `SubscriptionRepairs` documents as `outcome/subscription`. */
  repairMetrics(): string[];
  /** The test's clock (epoch ms); `advance` moves it. */
  now(): number;
  advance(ms: number): void;
  /** Every wait asked for. */
  readonly sleeps: number[];
  /** A subscription live in Argyle as deploy made it, and its record owning it. */
  deployed(desired: DesiredSubscription, overrides?: Partial<FakeWebhook>): Promise<FakeWebhook>;
  /** A record as deploy writes it, owning `ids`. */
  record(desired: DesiredSubscription, ids: readonly string[]): Promise<OwnershipRecord>;
  /** One run. */
  run(settings?: Partial<WatcherSettings>, deps?: Partial<WatcherDeps>): ReturnType<typeof runWatcher>;
  /** Last-accepted times the run sees, by name (default: none asked). */
  lastAccepted: ((request: LastAcceptedRequest) => Promise<ReadonlyMap<string, LastAccepted>>) | undefined;
}

export function useWatcherEnvironment(): WatcherEnvironment {
  const api = useFakeArgyleApi();
  let secrets: FakeSecretsManager | undefined;
  let signingSecretArn = '';
  let clock = Date.parse('2026-03-01T12:00:00Z');
  let store = new MemoryStateStore(() => clock);
  let log = new RecordingLog();
  const emf: string[] = [];
  const sleeps: number[] = [];
  const started = () => {
    if (secrets === undefined) throw new Error('the watcher environment is not started');
    return secrets;
  };

  beforeAll(async () => {
    secrets = await FakeSecretsManager.start();
    vi.stubEnv('AWS_ENDPOINT_URL_SECRETS_MANAGER', secrets.endpoint);
  });
  beforeEach(() => {
    const store_ = started();
    putCredentials(store_, CREDENTIALS_SECRET_NAME, api);
    signingSecretArn = store_.put(SIGNING_SECRET_NAME, SIGNING_SECRET);
    clock = Date.parse('2026-03-01T12:00:00Z');
    store = new MemoryStateStore(() => clock);
    log = new RecordingLog();
    emf.length = 0;
    sleeps.length = 0;
    environment.lastAccepted = undefined;
  });
  afterAll(async () => {
    vi.unstubAllEnvs();
    await secrets?.close();
  });

  const secretsClient = createSecretsManagerClient();
  const metrics = createWatcherMetrics({
    env: { AWS_LAMBDA_FUNCTION_NAME: WATCHER_FUNCTION },
    write: (line) => emf.push(line),
  });
  const documents = () => emf.map(parseEmf);
  const named = (metric: string, first: string, second: string) =>
    documents()
      .filter((d) => d.metrics.includes(metric) && second in d.members)
      .map((d) => `${String(d.members[first])}/${String(d.members[second])}`);

  const record = async (desired: DesiredSubscription, ids: readonly string[]) =>
    store.put(
      {
        name: desired.name,
        desired,
        target: {
          environment: 'sandbox',
          apiVersion: 'v2',
          baseUrl: api.url,
          credentialsSecretName: CREDENTIALS_SECRET_NAME,
        },
        signingSecretArn,
        physicalId: `${PHYSICAL_ID}-${desired.name}`,
        owned: ids.map((id) => ({
          id,
          physicalId: `${PHYSICAL_ID}-${desired.name}`,
          createdAt: new Date(clock).toISOString(),
          createdBy: 'deploy' as const,
        })),
        retired: [],
        updatedBy: 'deploy',
      },
      (await store.get(desired.name))?.revision,
    );

  const environment: WatcherEnvironment = {
    api,
    get secrets() {
      return started();
    },
    get signingSecretArn() {
      return signingSecretArn;
    },
    get store() {
      return store;
    },
    get log() {
      return log;
    },
    emf,
    documents,
    driftMetrics: () => named('SubscriptionDrift', 'Kind', 'Subscription'),
    repairMetrics: () => named('SubscriptionRepairs', 'Outcome', 'Subscription'),
    now: () => clock,
    advance: (ms) => {
      clock += ms;
    },
    sleeps,
    deployed: async (desired, overrides = {}) => {
      const [seeded] = api.seed({
        name: desired.name,
        events: [...desired.events],
        config: { ...desired.config },
        url: desired.url,
        secret: SIGNING_SECRET,
        ...overrides,
      });
      if (seeded === undefined) throw new Error('nothing seeded');
      await record(desired, [seeded.id]);
      return seeded;
    },
    record,
    lastAccepted: undefined,
    run: (settings = {}, deps = {}) =>
      runWatcher(
        {
          store,
          secrets: secretsClient,
          argyle: async (target) => {
            const credentials = await readCredentials(
              secretsClient,
              target.credentialsSecretName,
              target.environment,
            );
            return new ArgyleWebhooksClient({
              ...credentials,
              environment: target.environment,
              ...(target.baseUrl === undefined ? {} : { baseUrl: target.baseUrl }),
              timeoutMs: 500,
              totalTimeoutMs: 1_500,
              retryBaseDelayMs: 5,
              retryMaxDelayMs: 20,
            });
          },
          ...(environment.lastAccepted === undefined ? {} : { lastAccepted: environment.lastAccepted }),
          metrics,
          log,
          now: () => clock,
          sleep: async (ms) => {
            sleeps.push(ms);
            clock += ms;
          },
          ...deps,
        },
        { repair: false, silentAfterMs: 15 * 60_000, ...settings },
      ),
  };
  return environment;
}
