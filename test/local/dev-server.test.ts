/**
 * The dev server end to end over real sockets: signed deliveries of every event in the catalogue go through the
 * deployed receiver module into the SQS emulator's queues, and what arrives is read back over the SQS protocol.
 */
import { createHash } from 'node:crypto';
import type { Message } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARGYLE_EVENT_NAMES } from '#functions/catalogue/catalogue';
import { signBody } from '#functions/receiver/signature';
import { FIFO_FALLBACK_GROUP, MESSAGE_ATTRIBUTE, RECEIVER_ENV } from '#functions/shared/contract';
import type { DeliveryReport } from '#local/delivery-report';
import { type DevServer, startDevServer } from '#local/dev-server';
import { type SimulationResult, simulate } from '#local/simulate';
import { localSqsClient } from '#local/sqs-emulator';
import { parseConfig } from '../../lib/config';
import { attribute, drain, queueAttributes } from './drain';

const SECRET = 'dev-server-test-secret-4b1d7e9a';
const CONFIG = parseConfig({
  routes: [
    { name: 'accounts', events: ['accounts.*'] },
    { name: 'payroll', events: ['paystubs.*', 'gigs.*'], fifo: true, maxReceiveCount: 3 },
    { name: 'partner', events: ['*'], subscriptions: ['partner'] },
  ],
});
const QUEUES = ['accounts', 'payroll.fifo', 'partner', 'catch-all'] as const;
const DEAD_LETTER_QUEUES = ['accounts_dlq', 'payroll_dlq.fifo', 'partner_dlq', 'catch-all_dlq'] as const;

/** Where a delivery of `event` from `subscription` should land, by the routes above. */
function expectedQueues(event: string, subscription: string): string[] {
  const queues: string[] = [];
  if (event.startsWith('accounts.')) queues.push('accounts');
  if (event.startsWith('paystubs.') || event.startsWith('gigs.')) queues.push('payroll.fifo');
  if (subscription === 'partner') queues.push('partner');
  return queues.length > 0 ? queues : ['catch-all'];
}

let server: DevServer;
let client: ReturnType<typeof localSqsClient>;
const reports: DeliveryReport[] = [];

async function drainAll(): Promise<Map<string, Message[]>> {
  const entries = await Promise.all(
    [...QUEUES, ...DEAD_LETTER_QUEUES].map(
      async (name) => [name, await drain(client, server.queueUrlPrefix + name)] as const,
    ),
  );
  return new Map(entries);
}

/** The queues each delivery id arrived in, and the messages, by delivery id. */
function byDelivery(queues: Map<string, Message[]>) {
  const arrivals = new Map<string, { queue: string; message: Message }[]>();
  for (const [queue, messages] of queues) {
    for (const message of messages) {
      const id = attribute(message, MESSAGE_ATTRIBUTE.DELIVERY_ID) ?? '';
      arrivals.set(id, [...(arrivals.get(id) ?? []), { queue, message }]);
    }
  }
  return arrivals;
}

beforeAll(async () => {
  server = await startDevServer({
    port: 0,
    sqsPort: 0,
    secret: SECRET,
    config: CONFIG,
    onDelivery: (report) => reports.push(report),
  });
  client = localSqsClient(server.sqsEndpoint);
});

afterAll(async () => {
  client?.destroy();
  await server?.close();
});

describe('the dev server', () => {
  it('creates every route queue, the catch-all and a dead-letter queue for each, with redrive policies', async () => {
    // Act
    const names = server.queues.map((queue) => queue.name);
    // Assert
    expect(names.toSorted()).toEqual([...QUEUES, ...DEAD_LETTER_QUEUES].toSorted());
    const payroll = await queueAttributes(client, `${server.queueUrlPrefix}payroll.fifo`);
    expect(payroll.FifoQueue).toBe('true');
    expect(payroll).toMatchObject({
      DeduplicationScope: 'messageGroup',
      FifoThroughputLimit: 'perMessageGroupId',
    });
    expect(JSON.parse(payroll.RedrivePolicy ?? '{}')).toEqual({
      deadLetterTargetArn: expect.stringMatching(/:payroll_dlq\.fifo$/),
      maxReceiveCount: 3,
    });
    const catchAll = await queueAttributes(client, `${server.queueUrlPrefix}catch-all`);
    expect(JSON.parse(catchAll.RedrivePolicy ?? '{}').deadLetterTargetArn).toMatch(/:catch-all_dlq$/);
    expect(catchAll.MessageRetentionPeriod).toBe(String(14 * 86_400));
  });

  it('delivers every event in the catalogue to the right queues, with the right attributes and the exact body', async () => {
    // Arrange
    await drainAll();
    // Act
    const results = [
      ...(await simulate({ url: server.webhookUrl, secret: SECRET, events: ARGYLE_EVENT_NAMES, seed: 1 })),
      ...(await simulate({
        url: server.webhookUrl,
        secret: SECRET,
        events: ['accounts.connected', 'gigs.added', 'users.fully_synced'],
        subscription: 'partner',
        seed: 500,
      })),
    ];
    // Assert
    expect(results.map((result) => result.status)).toEqual(results.map(() => 200));
    const arrivals = byDelivery(await drainAll());
    expect(arrivals.size).toBe(results.length);
    for (const result of results) {
      const envelope = JSON.parse(result.body) as {
        event: string;
        name: string;
        data: Record<string, unknown>;
      };
      const arrived = arrivals.get(result.deliveryId ?? '') ?? [];
      expect(arrived.map((a) => a.queue).toSorted(), result.label).toEqual(
        expectedQueues(envelope.event, envelope.name).toSorted(),
      );
      for (const { queue, message } of arrived) {
        expect(message.Body).toBe(result.body);
        expectAttributes(message, result, envelope, queue);
      }
    }
  });

  it('answers a wrong signature with 401 and stores nothing', async () => {
    // Arrange
    await drainAll();
    // Act
    const results = await simulate({
      url: server.webhookUrl,
      secret: SECRET,
      events: ['accounts.connected', 'paystubs.added'],
      badSignature: true,
    });
    // Assert
    expect(results.map((result) => result.status)).toEqual([401, 401]);
    const queues = await drainAll();
    expect([...queues.values()].flat()).toEqual([]);
  });

  it('hands the receiver the exact bytes of a body that is not UTF-8, which arrives base64-encoded', async () => {
    // Arrange
    await drainAll();
    const body = Buffer.from([0x7b, 0xff, 0xfe, 0x00, 0x7d]);
    // Act
    const response = await fetch(server.webhookUrl, {
      method: 'POST',
      headers: { 'Content-Type': 'application/octet-stream', 'X-Argyle-Signature': signBody(SECRET, body) },
      body,
    });
    // Assert
    expect(response.status).toBe(200);
    const [message, ...others] = [...(await drainAll()).values()].flat();
    expect(others).toEqual([]);
    expect(attribute(message ?? {}, MESSAGE_ATTRIBUTE.BODY_ENCODING)).toBe('base64');
    expect(attribute(message ?? {}, MESSAGE_ATTRIBUTE.CATCH_ALL_REASON)).toBe('invalid-json');
    expect(Buffer.from(message?.Body ?? '', 'base64')).toEqual(body);
  });

  it('answers anything but POST /webhook as API Gateway does, with 403', async () => {
    // Act
    const response = await fetch(server.webhookUrl.replace('/webhook', '/other'), { method: 'POST' });
    const get = await fetch(server.webhookUrl);
    // Assert
    expect(response.status).toBe(403);
    expect(await response.json()).toEqual({ message: 'Missing Authentication Token' });
    expect(get.status).toBe(403);
  });

  it('reports each delivery with its event, status and queues', async () => {
    // Arrange
    reports.length = 0;
    // Act
    const [result] = await simulate({ url: server.webhookUrl, secret: SECRET, events: ['gigs.added'] });
    await drainAll();
    // Assert
    expect(reports).toEqual([
      expect.objectContaining({
        requestId: result?.deliveryId,
        status: 200,
        event: 'gigs.added',
        queues: ['payroll.fifo'],
      }),
    ]);
  });

  it('serves the signing secret to the receiver through the Secrets Manager stand-in', () => {
    // Assert
    expect(server.secretsManagerEndpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(process.env.AWS_ENDPOINT_URL_SECRETS_MANAGER).toBe(server.secretsManagerEndpoint);
    expect(process.env[RECEIVER_ENV.SIGNING_SECRET_ARN]).toMatch(/^arn:aws:secretsmanager:/);
  });

  it('refuses to start a second dev server in the same process', async () => {
    // Act / Assert
    await expect(startDevServer({ port: 0, sqsPort: 0 })).rejects.toThrow(/already running in this process/);
  });
});

function expectAttributes(
  message: Message,
  result: SimulationResult,
  envelope: { event: string; name: string; data: Record<string, unknown> },
  queue: string,
): void {
  const { data } = envelope;
  const text = (value: unknown) => (typeof value === 'string' && value !== '' ? value : undefined);
  expect(attribute(message, MESSAGE_ATTRIBUTE.EVENT)).toBe(envelope.event);
  expect(attribute(message, MESSAGE_ATTRIBUTE.SUBSCRIPTION)).toBe(envelope.name);
  expect(attribute(message, MESSAGE_ATTRIBUTE.ACCOUNT)).toBe(text(data.account));
  expect(attribute(message, MESSAGE_ATTRIBUTE.USER)).toBe(text(data.user));
  expect(attribute(message, MESSAGE_ATTRIBUTE.DELIVERY_ID)).toBe(result.deliveryId);
  expect(message.Body && createHash('sha256').update(message.Body).digest('hex')).toBe(
    createHash('sha256').update(result.body).digest('hex'),
  );
  expect(attribute(message, MESSAGE_ATTRIBUTE.REPLAY)).toBeUndefined();
  expect(attribute(message, MESSAGE_ATTRIBUTE.RECEIVED_AT)).toMatch(
    /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/,
  );
  expect(attribute(message, MESSAGE_ATTRIBUTE.SCHEMA)).toBe('passed');
  expect(attribute(message, MESSAGE_ATTRIBUTE.BODY_ENCODING)).toBeUndefined();
  expect(attribute(message, MESSAGE_ATTRIBUTE.CATCH_ALL_REASON)).toBe(
    queue === 'catch-all' ? 'unmatched' : undefined,
  );
  if (queue.endsWith('.fifo')) {
    expect(message.Attributes?.MessageGroupId).toBe(
      text(data.account) ?? text(data.user) ?? text(data.item) ?? FIFO_FALLBACK_GROUP,
    );
  }
}
