/**
 * Shared set-up for the rotation tests: the fake Argyle API, a Secrets Manager stand-in (its own, or the one a
 * deployed receiver reads), the state store in the local DynamoDB stand-in, and the rotation function wired to
 * them as in Lambda (SDK endpoints and the Argyle base URL from the environment), on a virtual clock that
 * moves only when something waits (or a test moves it).
 *
 * Deploy and destroy are the custom resource's Create and Delete events (which keep the ownership record).
 * Repair is one run of the subscription watcher with `repair` on (issue 13), against the same stand-ins.
 */
import { RotateSecretCommand } from '@aws-sdk/client-secrets-manager';
import { afterAll, beforeAll, beforeEach, vi } from 'vitest';
import { ArgyleWebhooksClient } from '#functions/argyle-api/index';
import { SUBSCRIPTION_ENV } from '#functions/shared/contract';
import { createHandler } from '#functions/subscription/create-handler';
import { createRotationHandler, type RotationHandler } from '#functions/subscription/rotation/rotation';
import { createSecretsManagerClient } from '#functions/subscription/secrets';
import { DynamoDbStateStore } from '#functions/subscription/state/dynamodb-store';
import { createWatcherMetrics } from '#functions/subscription/watcher/metrics';
import { runWatcher } from '#functions/subscription/watcher/run';
import { LocalDynamoDb } from '#local/dynamodb';
import { FakeSecretsManager, type RotationRun } from '#local/secrets-manager';
import type { FakeArgyleApi } from '../support/fake-argyle-api';
import { putCredentials, useFakeArgyleApi } from '../support/fake-argyle-api-fixture';
import {
  CREDENTIALS_SECRET_NAME,
  createEvent,
  deleteEvent,
  FAST_CLIENT,
  properties,
  RecordingLog,
} from './harness';

export const HOUR_MS = 3_600_000;
export const MINIMUM_INTERVAL_MS = 24 * HOUR_MS;
const SIGNING_SECRET_NAME = 'ArgyleWebhooksIngestSigningSecret';

/** A clock that moves only when slept on or told to; starts at the real time, so it never runs backwards. */
export function movingClock() {
  let now = Date.now();
  return {
    now: () => now,
    advance: (ms: number) => {
      now += ms;
    },
    sleep: async (ms: number) => {
      now += ms;
    },
  };
}

export interface RotationEnvironment {
  readonly api: FakeArgyleApi;
  readonly secrets: FakeSecretsManager;
  readonly store: DynamoDbStateStore;
  readonly dynamo: LocalDynamoDb;
  readonly clock: ReturnType<typeof movingClock>;
  readonly log: RecordingLog;
  readonly signingSecretArn: string;
  /** The rotation function as Lambda runs it (its hook in the stand-in is {@link hook}). */
  readonly rotation: RotationHandler;
  /** Registers subscriptions as deploy does, and writes their records. */
  deploy(names?: readonly string[]): Promise<void>;
  /** Starts a rotation through RotateSecret and waits for it to end. */
  rotate(): Promise<RotationRun>;
  /** Deletes every owned subscription and the records, as destroy does. */
  destroy(): Promise<void>;
  /** Recreates the missing subscription of `name` with the current value, as repair does. */
  repair(name: string): Promise<string>;
  /** A client of the fake API, as an operator in Argyle Console. */
  console(): ArgyleWebhooksClient;
  /** Runs around every step the stand-in calls: tests put their checks here. */
  hook: (step: string, run: () => Promise<unknown>) => Promise<unknown>;
}

export interface RotationEnvironmentOptions {
  /** The stand-in to use (a deployed receiver's); otherwise one of its own, with the signing secret. */
  readonly secrets?: () => FakeSecretsManager;
  readonly initialSecret?: string;
}

export function useRotationEnvironment(options: RotationEnvironmentOptions = {}): RotationEnvironment {
  const api = useFakeArgyleApi();
  const state: {
    secrets?: FakeSecretsManager;
    own?: FakeSecretsManager;
    dynamo?: LocalDynamoDb;
    store?: DynamoDbStateStore;
    clock: ReturnType<typeof movingClock>;
    log: RecordingLog;
    signingSecretArn: string;
    rotation?: RotationHandler;
    stateTable: string;
    /** Physical ids of the deployed custom resources, by subscription name. */
    deployed: Map<string, string>;
  } = {
    clock: movingClock(),
    log: new RecordingLog(),
    signingSecretArn: '',
    stateTable: '',
    deployed: new Map(),
  };
  const started = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`the rotation environment has no ${what} yet`);
    return value;
  };

  beforeAll(async () => {
    state.dynamo = await LocalDynamoDb.start();
    if (options.secrets === undefined)
      state.own = await FakeSecretsManager.start({ now: () => state.clock.now() });
  });

  beforeEach(async () => {
    state.clock = movingClock();
    state.log = new RecordingLog();
    const secrets = options.secrets?.() ?? started(state.own, 'Secrets Manager');
    state.secrets = secrets;
    vi.stubEnv('AWS_ENDPOINT_URL_SECRETS_MANAGER', secrets.endpoint);
    vi.stubEnv(SUBSCRIPTION_ENV.API_BASE_URL, api.url);
    putCredentials(secrets, CREDENTIALS_SECRET_NAME, api);
    state.signingSecretArn = options.secrets
      ? secrets.arn
      : secrets.put(SIGNING_SECRET_NAME, options.initialSecret ?? 'signing-secret-value-one-0123456789');
    const dynamo = started(state.dynamo, 'DynamoDB');
    state.stateTable = await dynamo.createStateTable();
    state.deployed = new Map();
    state.store = new DynamoDbStateStore(dynamo.client, state.stateTable, () => state.clock.now());
    state.rotation = createRotationHandler({
      secrets: createSecretsManagerClient(),
      store: state.store,
      log: state.log,
      signingSecretArn: state.signingSecretArn,
      minimumIntervalMs: MINIMUM_INTERVAL_MS,
      client: FAST_CLIENT,
      now: () => state.clock.now(),
      sleep: state.clock.sleep,
      leaseWaitMs: 0,
    });
    const rotation = state.rotation;
    env.hook = (_step, run) => run();
    secrets.enableRotation((event) => env.hook(event.Step, () => rotation(event)), {
      name: state.signingSecretArn,
    });
  });

  afterAll(async () => {
    vi.unstubAllEnvs();
    await state.own?.close();
    await state.dynamo?.close();
  });

  /** A configured subscription's properties, with this test's state table. */
  const resourceProperties = (name: string) =>
    properties(state.signingSecretArn, { Name: name, StateTable: state.stateTable });

  const env: RotationEnvironment = {
    api,
    get secrets() {
      return started(state.secrets, 'Secrets Manager');
    },
    get store() {
      return started(state.store, 'store');
    },
    get dynamo() {
      return started(state.dynamo, 'DynamoDB');
    },
    get clock() {
      return state.clock;
    },
    get log() {
      return state.log;
    },
    get signingSecretArn() {
      return state.signingSecretArn;
    },
    get rotation() {
      return started(state.rotation, 'rotation function');
    },
    hook: (_step, run) => run(),

    async deploy(names = ['all-events']) {
      const handler = createHandler({
        secrets: createSecretsManagerClient(),
        stateStore: () => env.store,
        log: state.log,
        client: FAST_CLIENT,
        now: () => state.clock.now(),
        sleep: state.clock.sleep,
        leaseWaitMs: 0,
      });
      for (const name of names) {
        const raw = resourceProperties(name);
        const { PhysicalResourceId } = await handler(createEvent(raw, `Subscriptions${name}`));
        state.deployed.set(name, PhysicalResourceId);
      }
    },

    async rotate() {
      const client = createSecretsManagerClient();
      try {
        await client.send(new RotateSecretCommand({ SecretId: state.signingSecretArn }));
      } finally {
        client.destroy();
      }
      const run = await env.secrets.rotationSettled();
      if (run === undefined) throw new Error('RotateSecret started no rotation');
      return run;
    },

    async destroy() {
      const handler = createHandler({
        secrets: createSecretsManagerClient(),
        stateStore: () => env.store,
        log: state.log,
        client: FAST_CLIENT,
        now: () => state.clock.now(),
        sleep: state.clock.sleep,
        leaseWaitMs: 0,
      });
      for (const [name, physicalId] of state.deployed) {
        await handler(deleteEvent(physicalId, resourceProperties(name), `Subscriptions${name}`));
      }
      state.deployed.clear();
    },

    async repair(name) {
      const secrets = createSecretsManagerClient();
      try {
        const run = await runWatcher(
          {
            store: env.store,
            secrets,
            argyle: async () => env.console(),
            metrics: createWatcherMetrics({ write: () => {} }),
            log: state.log,
            now: () => state.clock.now(),
            sleep: state.clock.sleep,
          },
          { repair: true, silentAfterMs: 15 * 60_000 },
        );
        if (run.errors.length > 0) throw run.errors[0];
        const repaired = run.groups.flatMap((group) => group.repairs).find((r) => r.name === name);
        if (repaired?.keptId === undefined) {
          const skipped = run.groups.map((group) => group.repairSkipped).filter(Boolean);
          throw new Error(
            `the watcher repaired nothing for ${name}: ${skipped.join('; ') || 'no repair planned'}`,
          );
        }
        return repaired.keptId;
      } finally {
        secrets.destroy();
      }
    },

    console() {
      return new ArgyleWebhooksClient({
        apiKeyId: api.apiKeyId,
        apiKeySecret: api.apiKeySecret,
        environment: 'sandbox',
        baseUrl: api.url,
        ...FAST_CLIENT,
      });
    },
  };
  return env;
}
