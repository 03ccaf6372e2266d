/**
 * The receiver's cold start: the deployed module (handler.ts) starts reading the signing secret while it
 * loads, and a read that fails there costs the first delivery nothing but its own read.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { signBody } from '#functions/receiver/signature';
import { RECEIVER_ENV, type RoutingTable } from '#functions/shared/contract';
import { type FakeSecretsManager, startFakeSecretsManager } from '#local/secrets-manager';
import { apiGatewayEvent } from '../../support/api-gateway-event';
import { argyleBody } from '../../support/argyle-fixtures';
import { type LocalSqs, startLocalSqs } from '../../support/local-sqs';

const SECRET = 'whsec-test-init-5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b';
const ACCOUNT = '019bfb74-a974-e1fb-d876-0f4e094835f2';
const USER = '019bfb74-9fc0-c23b-9ab8-0cde682601bc';
const TABLE: RoutingTable = { queues: ['accounts'], catchAll: 0, rules: [] };

let sqs: LocalSqs;
let secrets: FakeSecretsManager;

/** Imports a fresh instance of the deployed module, as a new Lambda environment does. */
async function coldStart() {
  vi.resetModules();
  return (await import('#functions/receiver/entry')).handler;
}

function delivery() {
  const body = argyleBody({
    event: 'accounts.connected',
    name: 'prod',
    data: { account: ACCOUNT, user: USER },
  });
  return apiGatewayEvent(body, { headers: { 'X-Argyle-Signature': signBody(SECRET, body) } });
}

beforeAll(async () => {
  sqs = await startLocalSqs();
  secrets = await startFakeSecretsManager(SECRET);
  await sqs.createQueue('accounts');
  for (const stream of [process.stdout, process.stderr])
    vi.spyOn(stream, 'write').mockImplementation(() => true);
  vi.stubEnv(RECEIVER_ENV.SIGNING_SECRET_ARN, secrets.arn);
  vi.stubEnv(RECEIVER_ENV.ROUTES, JSON.stringify(TABLE));
  vi.stubEnv(RECEIVER_ENV.QUEUE_URL_PREFIX, sqs.urlPrefix);
  vi.stubEnv(RECEIVER_ENV.MAX_BODY_BYTES, '8192');
  vi.stubEnv('AWS_ENDPOINT_URL_SQS', sqs.endpoint);
  vi.stubEnv('AWS_ENDPOINT_URL_SECRETS_MANAGER', secrets.endpoint);
});

afterEach(() => {
  secrets.failNext(0);
});

afterAll(async () => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
  await sqs.close();
  await secrets.close();
});

describe('the receiver at cold start', () => {
  it('reads the signing secret while the module loads, before any delivery', async () => {
    // Arrange
    const before = secrets.calls();

    // Act
    await coldStart();

    // Assert: the current version, with no delivery yet.
    await vi.waitFor(() => expect(secrets.calls()).toBe(before + 1));
  });

  it('answers the first delivery from the secret read at init, without reading it again or its previous version', async () => {
    // Arrange
    const handler = await coldStart();
    const afterInit = secrets.calls() + 1;
    await vi.waitFor(() => expect(secrets.calls()).toBe(afterInit));

    // Act
    const response = await handler(delivery());

    // Assert
    expect(response.statusCode).toBe(200);
    expect(secrets.calls()).toBe(afterInit);
  });

  it('reads the secret again on the first delivery when the read at init failed', async () => {
    // Arrange: every attempt of the current version fails during init (3 attempts).
    secrets.failNext(3);
    const before = secrets.calls();
    const handler = await coldStart();
    await vi.waitFor(() => expect(secrets.calls()).toBe(before + 3), { timeout: 10_000 });
    await new Promise((resolve) => setTimeout(resolve, 50));

    // Act
    const response = await handler(delivery());

    // Assert
    expect(response.statusCode).toBe(200);
    expect(secrets.calls()).toBe(before + 4);
  });
});
