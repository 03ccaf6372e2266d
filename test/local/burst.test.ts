/**
 * A refresh-shaped burst on 127.0.0.1: 100 accounts × 6 events, all 600 at once (six times the whole burst the
 * stage allowed before, 100), through the receiver pipeline (createReceiver, as the Lambda entry point builds it)
 * into the SQS emulator, fanned out to a standard route and a high-throughput FIFO route, with the signing secret
 * read through the Secrets Manager stand-in. Every delivery must be answered 2xx and be in both queues exactly
 * once. Bounded in count, never in time: the SDK clients here have no timeouts, because 600 invocations sharing
 * one event loop on 2 shared cores wait on each other as 600 Lambda execution environments never would; the
 * dev server with the real clients is measured by the benchmark (npm run bench -- --only M4b).
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { Message } from '@aws-sdk/client-sqs';
import type { APIGatewayProxyResult } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReceiverMetrics } from '#functions/receiver/observability';
import { signBody } from '#functions/receiver/signature';
import { SigningSecret } from '#functions/receiver/signing-secret';
import { createReceiver } from '#functions/receiver/wiring';
import { MESSAGE_ATTRIBUTE, RECEIVER_ENV } from '#functions/shared/contract';
import { planDevQueues } from '#local/dev-queues';
import { type FakeSecretsManager, startFakeSecretsManager } from '#local/secrets-manager';
import { exampleDeliveries } from '#local/simulate';
import {
  LOCAL_CREDENTIALS,
  LOCAL_REGION,
  type SqsEmulator,
  startSqsEmulator,
  takeAllMessages,
} from '#local/sqs-emulator';
import { RECEIVER_PROFILE } from '../../lib/capacity';
import { parseConfig } from '../../lib/config';
import { apiGatewayEvent } from '../support/api-gateway-event';
import { attribute } from './drain';

const SECRET = 'burst-test-secret-0d4c2a7e';
const ACCOUNTS = 100;
const EVENTS = [
  'accounts.updated',
  'accounts.updated',
  'paystubs.added',
  'gigs.added',
  'paystubs.fully_synced',
  'gigs.fully_synced',
] as const;
/** The stage's burst limit before issue 18. */
const OLD_BURST_LIMIT = 100;
const CONFIG = parseConfig({
  routes: [
    { name: 'all-events', events: ['*'] },
    { name: 'payroll', events: ['accounts.*', 'paystubs.*', 'gigs.*'], fifo: true },
  ],
});
const NO_METRICS = new Proxy({}, { get: () => () => undefined }) as ReceiverMetrics;

/** How many times each delivery id is in `messages`. */
function countByDelivery(messages: readonly Message[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const message of messages) {
    const id = attribute(message, MESSAGE_ATTRIBUTE.DELIVERY_ID) ?? '';
    counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  return counts;
}

let sqs: SqsEmulator;
let secrets: FakeSecretsManager;
let answers: APIGatewayProxyResult[];

beforeAll(async () => {
  sqs = await startSqsEmulator(0);
  const plan = planDevQueues(CONFIG);
  await sqs.createQueues(plan.queues);
  secrets = await startFakeSecretsManager(SECRET);
  const client = { region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS };
  const handler = createReceiver(
    {
      [RECEIVER_ENV.SIGNING_SECRET_ARN]: secrets.arn,
      [RECEIVER_ENV.ROUTES]: JSON.stringify(plan.routingTable),
      [RECEIVER_ENV.QUEUE_URL_PREFIX]: sqs.urlPrefix,
      [RECEIVER_ENV.MAX_BODY_BYTES]: String(CONFIG.maxBodyBytes),
    },
    {
      secret: new SigningSecret({
        client: new SecretsManagerClient({ ...client, endpoint: secrets.endpoint }),
        secretId: secrets.arn,
        ttlMs: 300_000,
        minRefreshIntervalMs: 30_000,
      }),
      sqs: sqs.client,
      logger: new Logger({ logLevel: 'SILENT' }),
      metrics: NO_METRICS,
    },
  );
  const events = Array.from({ length: ACCOUNTS }, (_, a) => {
    const ids = {
      account: `019bfb74-a974-e1fb-d876-${String(a).padStart(12, '0')}`,
      user: `019bfb74-9fc0-c23b-9ab8-${String(a).padStart(12, '0')}`,
    };
    return exampleDeliveries({ events: EVENTS, ids, seed: a * EVENTS.length, subscription: 'prod' });
  })
    .flat()
    .map(({ body }) => apiGatewayEvent(body, { headers: { 'X-Argyle-Signature': signBody(SECRET, body) } }));
  answers = await Promise.all(events.map((event) => handler(event)));
});

afterAll(async () => {
  await secrets?.close();
  await sqs?.close();
});

describe('a burst of a refresh’s deliveries', () => {
  it('is answered 2xx every time, all of it at once', () => {
    expect(answers.length).toBeGreaterThan(OLD_BURST_LIMIT * 5);
    expect(answers.length).toBe(ACCOUNTS * EVENTS.length);
    expect(answers.filter((answer) => answer.statusCode !== 200).map((answer) => answer.body)).toEqual([]);
  });

  it('leaves every delivery once in the standard route’s queue and once in the high-throughput FIFO route’s', async () => {
    // Arrange
    const delivered = answers.map((answer) => (JSON.parse(answer.body) as { deliveryId: string }).deliveryId);
    const once = new Map(delivered.map((id) => [id, 1]));

    // Act
    const standard = await takeAllMessages(sqs.client, `${sqs.urlPrefix}all-events`);
    const fifo = await takeAllMessages(sqs.client, `${sqs.urlPrefix}payroll.fifo`);

    // Assert
    expect(new Set(delivered).size).toBe(delivered.length);
    expect(countByDelivery(standard)).toEqual(once);
    expect(countByDelivery(fifo)).toEqual(once);
    expect(new Set(fifo.map((message) => message.Attributes?.MessageGroupId)).size).toBe(ACCOUNTS);
  });

  it('sends nothing to the catch-all or to a dead-letter queue', async () => {
    for (const name of ['catch-all', 'catch-all_dlq', 'all-events_dlq', 'payroll_dlq.fifo']) {
      expect(await takeAllMessages(sqs.client, `${sqs.urlPrefix}${name}`)).toEqual([]);
    }
  });

  it('reads the signing secret once for the whole burst: its current version, and not its previous one', () => {
    expect(secrets.calls()).toBe(RECEIVER_PROFILE.secretCallsPerRead);
  });
});
