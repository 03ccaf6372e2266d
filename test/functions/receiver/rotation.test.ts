/**
 * A correctly signed delivery is never answered 401, across rotations and while the previous version cannot be
 * read; a forged one still is (or 503 while the secret cannot be fully read). The receiver's pipeline with its
 * real secret cache against the Secrets Manager stand-in, a local SQS, and a clock the test moves.
 */
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CLIENT_OPTIONS } from '#functions/receiver/clients';
import { readConfig } from '#functions/receiver/config';
import { createLogger, createMetrics } from '#functions/receiver/observability';
import { createHandler as createReceiverHandler } from '#functions/receiver/pipeline';
import { signBody } from '#functions/receiver/signature';
import { SigningSecret } from '#functions/receiver/signing-secret';
import { MIN_SECRET_REFRESH_INTERVAL_MS } from '#functions/receiver/wiring';
import {
  SUBSCRIPTION_PROPERTY as P,
  RECEIVER_ENV,
  SUBSCRIPTION_RESOURCE_TYPE,
} from '#functions/shared/contract';
import { createHandler as createSubscriptionHandler } from '#functions/subscription/create-handler';
import type { SecretsReader } from '#functions/subscription/secrets';
import { type FakeSecretsManager, startFakeSecretsManager } from '#local/secrets-manager';
import { apiGatewayEvent } from '../../support/api-gateway-event';
import { credentialsOf, useFakeArgyleApi } from '../../support/fake-argyle-api-fixture';
import { type LocalSqs, startLocalSqs } from '../../support/local-sqs';

const BODY = JSON.stringify({ event: 'accounts.updated', name: 'prod', data: { account: 'acc_1' } });

let sqs: LocalSqs;
let secrets: FakeSecretsManager;
let clock: number;

beforeAll(async () => {
  sqs = await startLocalSqs();
  await sqs.createQueue('accounts');
});

afterAll(async () => {
  await sqs.close();
});

beforeEach(async () => {
  clock = 1_000_000;
  secrets = await startFakeSecretsManager('value-one');
});

afterEach(async () => {
  await secrets.close();
});

/** A warm receiver in one Lambda instance, on the test's clock. */
function receiver() {
  return createReceiverHandler({
    config: readConfig({
      [RECEIVER_ENV.SIGNING_SECRET_ARN]: secrets.arn,
      [RECEIVER_ENV.ROUTES]: JSON.stringify({ queues: ['accounts'], catchAll: 0, rules: [] }),
      [RECEIVER_ENV.QUEUE_URL_PREFIX]: sqs.urlPrefix,
      [RECEIVER_ENV.MAX_BODY_BYTES]: '8192',
    }),
    secret: new SigningSecret({
      client: new SecretsManagerClient({ ...CLIENT_OPTIONS, endpoint: secrets.endpoint }),
      secretId: secrets.arn,
      ttlMs: 300_000,
      minRefreshIntervalMs: MIN_SECRET_REFRESH_INTERVAL_MS,
      now: () => clock,
    }),
    sqs: sqs.client,
    logger: createLogger(),
    metrics: createMetrics(),
    now: () => clock,
  });
}

const signedWith = (secret: string) =>
  apiGatewayEvent(BODY, { headers: { 'X-Argyle-Signature': signBody(secret, BODY) } });

describe('a rotation seen by a warm receiver', () => {
  const argyle = useFakeArgyleApi();

  it('accepts a delivery signed with a value readable for 41 s from a receiver that refreshed 29 s earlier, and still refuses a bad signature', async () => {
    // Arrange: the receiver's read begins at t=0 with value-one; value-two becomes readable while the answer is
    // on its way, which arrives at t=12 s.
    const handle = receiver();
    secrets.delay(300);
    const first = handle(signedWith('value-one'));
    await expect.poll(() => secrets.calls(), { timeout: 5_000, interval: 5 }).toBeGreaterThanOrEqual(1);
    secrets.rotate('value-two');
    clock += 12_000;
    expect((await first).statusCode).toBe(200);
    secrets.delay(0);

    // Act: 41 s after value-two became readable, 29 s after the receiver's read completed.
    clock += 29_000;
    const response = await handle(signedWith('value-two'));

    // Assert
    expect(response.statusCode).toBe(200);
    expect((await handle(signedWith('forged'))).statusCode).toBe(401);
  });

  it('ends a delivery signed with a value changed within the rate-limit window 2xx or 5xx, never 401: the subscription signs with it only after the settle time', async () => {
    // Arrange: a warm receiver that read value-one at t=0; Argyle and its API credentials.
    const handle = receiver();
    expect((await handle(signedWith('value-one'))).statusCode).toBe(200);
    const smClient = new SecretsManagerClient({ endpoint: secrets.endpoint });
    const credentials = credentialsOf(argyle);
    const reader = {
      send: (command: { input: { SecretId?: string } }) =>
        command.input.SecretId === secrets.arn
          ? smClient.send(command as never)
          : Promise.resolve({ SecretString: credentials }),
    } as unknown as SecretsReader;
    const subscriptions = createSubscriptionHandler({
      secrets: reader,
      log: { info: () => {}, warn: () => {}, error: () => {} },
      now: () => clock,
      sleep: async (ms) => {
        clock += ms;
      },
    });
    try {
      // Act: 10 s later (within the 30 s window) the secret is rotated and the subscription re-registered.
      clock += 10_000;
      secrets.rotate('value-two');
      await subscriptions({
        RequestType: 'Create',
        ServiceToken: 'token',
        ResponseURL: 'https://example.com/response',
        StackId: 'arn:aws:cloudformation:us-east-1:123456789012:stack/s/1',
        RequestId: 'req-1',
        LogicalResourceId: 'Subscription',
        ResourceType: SUBSCRIPTION_RESOURCE_TYPE,
        ResourceProperties: {
          ServiceToken: 'token',
          [P.NAME]: 'prod',
          [P.EVENTS]: ['*'],
          [P.WEBHOOK_URL]: 'https://hooks.example.com/argyle',
          [P.SIGNING_SECRET_ARN]: secrets.arn,
          [P.CREDENTIALS_SECRET_NAME]: 'credentials',
          [P.ENVIRONMENT]: 'sandbox',
          [P.API_BASE_URL]: argyle.url,
        },
      });
      // Argyle's next delivery, signed with what the new subscription holds, the moment it exists.
      const [created] = argyle.subscriptions;
      const response = await handle(signedWith(created?.secret ?? ''));

      // Assert
      expect(created?.secret).toBe('value-two');
      expect(response.statusCode).not.toBe(401);
      expect(response.statusCode === 200 || response.statusCode >= 500).toBe(true);
    } finally {
      smClient.destroy();
    }
  });
});

describe('while the previous version cannot be read', () => {
  beforeEach(() => {
    secrets.rotate('value-two');
    secrets.failStage('AWSPREVIOUS', 'InternalServiceError');
  });

  it('accepts a delivery signed with the current value', async () => {
    expect((await receiver()(signedWith('value-two'))).statusCode).toBe(200);
  });

  it('answers a delivery signed with the previous value 503, so Argyle retries it, never 401', async () => {
    expect((await receiver()(signedWith('value-one'))).statusCode).toBe(503);
  });

  it('accepts it on a retry once the previous value can be read again', async () => {
    const handle = receiver();
    expect((await handle(signedWith('value-one'))).statusCode).toBe(503);
    secrets.failStage('AWSPREVIOUS', undefined);
    clock += MIN_SECRET_REFRESH_INTERVAL_MS;
    expect((await handle(signedWith('value-one'))).statusCode).toBe(200);
  });

  it('answers a forged delivery 503 too: it cannot be told from one signed with the previous value', async () => {
    expect((await receiver()(signedWith('forged'))).statusCode).toBe(503);
  });
});

describe('a previous version without a string value', () => {
  it('counts as none: the current value verifies and a forged delivery is 401', async () => {
    secrets.rotate('value-two');
    secrets.setStage('AWSPREVIOUS', null);
    const handle = receiver();
    expect((await handle(signedWith('value-two'))).statusCode).toBe(200);
    expect((await handle(signedWith('forged'))).statusCode).toBe(401);
  });
});
