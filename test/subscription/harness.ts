/**
 * Shared set-up for the subscription custom resource tests: the fake Argyle API, a Secrets Manager stand-in and
 * a DynamoDB stand-in (a state table of its own for each test) on 127.0.0.1, the handler wired to them exactly
 * as in Lambda (SDK endpoints, the state table and the Argyle base URL from the environment), and
 * CloudFormation events in the shape the provider framework passes on.
 */
import type {
  CloudFormationCustomResourceCreateEvent,
  CloudFormationCustomResourceDeleteEvent,
  CloudFormationCustomResourceUpdateEvent,
} from 'aws-lambda';
import { afterAll, beforeAll, beforeEach, vi } from 'vitest';
import {
  SUBSCRIPTION_PROPERTY as P,
  SUBSCRIPTION_ENV,
  SUBSCRIPTION_RESOURCE_TYPE,
} from '#functions/shared/contract';
import { type ClientTuning, createHandler } from '#functions/subscription/create-handler';
import type { SubscriptionLog } from '#functions/subscription/log';
import { createSecretsManagerClient } from '#functions/subscription/secrets';
import { createDynamoDbClient, DynamoDbStateStore } from '#functions/subscription/state/dynamodb-store';
import { LocalDynamoDb } from '#local/dynamodb';
import { FakeSecretsManager } from '#local/secrets-manager';
import type { FakeArgyleApi } from '../support/fake-argyle-api';
import { putCredentials, useFakeArgyleApi } from '../support/fake-argyle-api-fixture';

export const CREDENTIALS_SECRET_NAME = 'argyle-webhooks/sandbox/api-credentials';
export const SIGNING_SECRET_NAME = 'ArgyleWebhooksIngestSigningSecret';
export const SIGNING_SECRET = 'signing-secret-4f1c9e2ab7d35086c1e4';
export const WEBHOOK_URL = 'https://abc123defg.execute-api.us-east-1.amazonaws.com/prod/webhook';
export const RESPONSE_URL_SIGNATURE = 'd0e1f2a3b4c5presignedsignature';
const RESPONSE_URL =
  'https://cloudformation-custom-resource-response-useast1.s3.amazonaws.com/arn%3Aaws%3Acloudformation%3Aus-east-1%3A123456789012%3Astack/ArgyleWebhooks/1c2f/SubscriptionsAllEvents/abcd' +
  `?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Date=20261123T000000Z&X-Amz-Expires=7200&X-Amz-Signature=${RESPONSE_URL_SIGNATURE}`;
const SERVICE_TOKEN =
  'arn:aws:lambda:us-east-1:123456789012:function:ArgyleWebhooks-SubscriptionsProviderframeworkonEv-Xy12';
const STACK_ID =
  'arn:aws:cloudformation:us-east-1:123456789012:stack/ArgyleWebhooks/1c2f3e40-c8a1-11f0-9a6b-0affd3e5b1c3';

/**
 * Client settings that keep retry and timeout tests short: 300 ms per request, 1.5 s per call, and waits of
 * exactly half the backoff cap (25, 50, 100, 200, 200 ms...), so the last wait ends well before the budget
 * and a call ends with Argyle's last answer rather than with an attempt cut short by the deadline.
 */
export const FAST_CLIENT: ClientTuning = {
  timeoutMs: 300,
  totalTimeoutMs: 1_500,
  retryBaseDelayMs: 50,
  retryMaxDelayMs: 400,
  random: () => 0.5,
};

/** A log that keeps every line, to assert what was (and was not) written. */
export class RecordingLog implements SubscriptionLog {
  readonly lines: { level: string; message: string; fields: Readonly<Record<string, unknown>> }[] = [];
  info = (message: string, fields: Readonly<Record<string, unknown>> = {}) =>
    void this.lines.push({ level: 'info', message, fields });
  warn = (message: string, fields: Readonly<Record<string, unknown>> = {}) =>
    void this.lines.push({ level: 'warn', message, fields });
  error = (message: string, fields: Readonly<Record<string, unknown>> = {}) =>
    void this.lines.push({ level: 'error', message, fields });
  text(): string {
    return this.lines.map((line) => JSON.stringify(line)).join('\n');
  }
}

export interface TestEnvironment {
  readonly api: FakeArgyleApi;
  readonly secrets: FakeSecretsManager;
  readonly dynamoDb: LocalDynamoDb;
  /** The state store over this test's table, on the handler's clock. */
  readonly store: DynamoDbStateStore;
  /** This test's state table, also in the environment and in {@link properties}. */
  readonly stateTable: string;
  readonly signingSecretArn: string;
  readonly log: RecordingLog;
  /** A handler with {@link FAST_CLIENT}, as the Lambda entry point builds it otherwise. */
  readonly handler: ReturnType<typeof createHandler>;
  /** A handler with other client settings. */
  handlerWith(client: ClientTuning): ReturnType<typeof createHandler>;
  /** Every wait the handler asked for (ms), in order; the harness does not wait, it moves the clock. */
  readonly sleeps: number[];
  /** The handler's clock: the real time plus every wait it asked for. */
  now(): number;
  /** Runs `hook` on every wait the handler asks for, in this test (e.g. to release a lease meanwhile). */
  onSleep(hook: (ms: number) => Promise<void> | void): void;
}

/** The state table of the running test, which {@link properties} names. */
let currentStateTable = '';

/**
 * Starts the fakes once per file and resets them before each test: the credentials secret holds the fake API's
 * key, the signing secret {@link SIGNING_SECRET}.
 */
export function useTestEnvironment(): TestEnvironment {
  const api = useFakeArgyleApi();
  let secrets: FakeSecretsManager | undefined;
  let dynamoDb: LocalDynamoDb | undefined;
  let dynamoDbClient: ReturnType<typeof createDynamoDbClient> | undefined;
  let store: DynamoDbStateStore | undefined;
  let signingSecretArn = '';
  let log = new RecordingLog();
  let offset = 0;
  let sleepHook: ((ms: number) => Promise<void> | void) | undefined;
  const now = () => Date.now() + offset;
  const sleeps: number[] = [];
  const started = () => {
    if (secrets === undefined || dynamoDb === undefined || dynamoDbClient === undefined) {
      throw new Error('the test environment is not started');
    }
    return { api, secrets, dynamoDb, dynamoDbClient };
  };
  const handlerWith = (client: ClientTuning) =>
    createHandler({
      secrets: createSecretsManagerClient(),
      dynamoDb: started().dynamoDbClient,
      log,
      client,
      now,
      sleep: async (ms) => {
        sleeps.push(ms);
        offset += ms;
        await sleepHook?.(ms);
      },
    });

  beforeAll(async () => {
    secrets = await FakeSecretsManager.start();
    dynamoDb = await LocalDynamoDb.start();
    vi.stubEnv('AWS_ENDPOINT_URL_SECRETS_MANAGER', secrets.endpoint);
    vi.stubEnv('AWS_ENDPOINT_URL_DYNAMODB', dynamoDb.endpoint);
    vi.stubEnv(SUBSCRIPTION_ENV.API_BASE_URL, api.url);
    // Created once, as the Lambda entry point does, with its bounded retries, pointed at the stand-in.
    dynamoDbClient = createDynamoDbClient();
  });
  beforeEach(async () => {
    const { secrets: secretStore, dynamoDb: local, dynamoDbClient: client } = started();
    secretStore.reads.length = 0;
    putCredentials(secretStore, CREDENTIALS_SECRET_NAME, api);
    signingSecretArn = secretStore.put(SIGNING_SECRET_NAME, SIGNING_SECRET);
    currentStateTable = await local.createStateTable();
    vi.stubEnv(SUBSCRIPTION_ENV.STATE_TABLE, currentStateTable);
    store = new DynamoDbStateStore(client, currentStateTable, now);
    local.requests.length = 0;
    log = new RecordingLog();
    sleeps.length = 0;
    offset = 0;
    sleepHook = undefined;
  });
  afterAll(async () => {
    vi.unstubAllEnvs();
    dynamoDbClient?.destroy();
    await secrets?.close();
    await dynamoDb?.close();
  });

  return {
    get api() {
      return started().api;
    },
    get secrets() {
      return started().secrets;
    },
    get dynamoDb() {
      return started().dynamoDb;
    },
    get store() {
      if (store === undefined) throw new Error('the test environment is not started');
      return store;
    },
    get stateTable() {
      return currentStateTable;
    },
    now,
    onSleep(hook) {
      sleepHook = hook;
    },
    get signingSecretArn() {
      return signingSecretArn;
    },
    get log() {
      return log;
    },
    get handler() {
      return handlerWith(FAST_CLIENT);
    },
    handlerWith,
    sleeps,
  };
}

/**
 * Resource properties as CloudFormation delivers them: every value a string, lists of strings, with the
 * running test's state table.
 */
export function properties(
  signingSecretArn: string,
  overrides: Readonly<Record<string, unknown>> = {},
): Record<string, unknown> & { ServiceToken: string } {
  return { ...legacyProperties(signingSecretArn), [P.STATE_TABLE]: currentStateTable, ...overrides };
}

/** The properties of a stack deployed before the state table: no `StateTable`. */
export function legacyProperties(
  signingSecretArn: string,
  overrides: Readonly<Record<string, unknown>> = {},
): Record<string, unknown> & { ServiceToken: string } {
  return {
    ServiceToken: SERVICE_TOKEN,
    [P.NAME]: 'all-events',
    [P.EVENTS]: ['*'],
    [P.CONFIG]: '{}',
    [P.WEBHOOK_URL]: WEBHOOK_URL,
    [P.SIGNING_SECRET_ARN]: signingSecretArn,
    [P.CREDENTIALS_SECRET_NAME]: CREDENTIALS_SECRET_NAME,
    [P.ENVIRONMENT]: 'sandbox',
    [P.API_VERSION]: 'v2',
    ...overrides,
  };
}

const common = (logicalResourceId: string) => ({
  ServiceToken: SERVICE_TOKEN,
  ResponseURL: RESPONSE_URL,
  StackId: STACK_ID,
  RequestId: crypto.randomUUID(),
  LogicalResourceId: logicalResourceId,
  ResourceType: SUBSCRIPTION_RESOURCE_TYPE,
});

export function createEvent(
  props: Record<string, unknown> & { ServiceToken: string },
  logicalResourceId = 'SubscriptionsAllEvents5B3A1C2D',
): CloudFormationCustomResourceCreateEvent {
  return { ...common(logicalResourceId), RequestType: 'Create', ResourceProperties: props };
}

export function updateEvent(
  physicalResourceId: string,
  props: Record<string, unknown> & { ServiceToken: string },
  oldProps: Record<string, unknown> & { ServiceToken: string },
  logicalResourceId = 'SubscriptionsAllEvents5B3A1C2D',
): CloudFormationCustomResourceUpdateEvent {
  return {
    ...common(logicalResourceId),
    RequestType: 'Update',
    PhysicalResourceId: physicalResourceId,
    ResourceProperties: props,
    OldResourceProperties: oldProps,
  };
}

export function deleteEvent(
  physicalResourceId: string,
  props: Record<string, unknown> & { ServiceToken: string },
  logicalResourceId = 'SubscriptionsAllEvents5B3A1C2D',
): CloudFormationCustomResourceDeleteEvent {
  return {
    ...common(logicalResourceId),
    RequestType: 'Delete',
    PhysicalResourceId: physicalResourceId,
    ResourceProperties: props,
  };
}

/** The error a promise rejects with; fails the test when it resolves. */
export async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof Error) return error;
    throw new Error(`rejected with a non-Error: ${String(error)}`);
  }
  throw new Error('expected the promise to reject, but it resolved');
}

/** The Argyle id a custom resource event answered with (its `SubscriptionId` attribute). */
export function subscriptionIdOf(result: { readonly Data?: Readonly<Record<string, string>> }): string {
  const id = result.Data?.SubscriptionId;
  if (id === undefined) throw new Error('the result has no SubscriptionId attribute');
  return id;
}
