/**
 * The receiver end to end: API Gateway events in, messages out of a local SQS emulator speaking the real
 * protocol, the signing secret from a local Secrets Manager stand-in. The deployed module (handler.ts) is
 * imported as Lambda would import it.
 */
import { describe, expect, it } from 'vitest';
import { parseArgyleRecord } from '#functions/consumer/index';
import { signBody } from '#functions/receiver/signature';
import { MESSAGE_ATTRIBUTE, RECEIVER_ENV } from '#functions/shared/contract';
import { startFakeSecretsManager } from '#local/secrets-manager';
import { apiGatewayEvent } from '../../support/api-gateway-event';
import { argyleBody, capturedDeliveries, publishedSpecExamples } from '../../support/argyle-fixtures';
import {
  ACCOUNT,
  attribute,
  deliveryBody,
  drainAll,
  handler,
  logLines,
  SECRET,
  signed,
  sqs,
  USER,
  useReceiverHandler,
} from './handler-fixtures';

useReceiverHandler();

describe('the receiver handler', () => {
  it('accepts a signed delivery and puts its exact bytes on the matching queue', async () => {
    // Arrange
    const body = deliveryBody('accounts.connected');
    // Act
    const response = await handler(signed(body, { requestId: 'req-accounts-1' }));
    // Assert
    expect(response.statusCode).toBe(200);
    expect(JSON.parse(response.body)).toEqual({ status: 'accepted', deliveryId: 'req-accounts-1' });
    const queues = await drainAll();
    expect(queues.accounts).toHaveLength(1);
    const [message] = queues.accounts;
    expect(message?.Body).toBe(body);
    expect(attribute(message ?? {}, MESSAGE_ATTRIBUTE.EVENT)).toBe('accounts.connected');
    expect(attribute(message ?? {}, MESSAGE_ATTRIBUTE.SUBSCRIPTION)).toBe('prod');
    expect(attribute(message ?? {}, MESSAGE_ATTRIBUTE.ACCOUNT)).toBe(ACCOUNT);
    expect(attribute(message ?? {}, MESSAGE_ATTRIBUTE.USER)).toBe(USER);
    expect(attribute(message ?? {}, MESSAGE_ATTRIBUTE.DELIVERY_ID)).toBe('req-accounts-1');
    expect(attribute(message ?? {}, MESSAGE_ATTRIBUTE.RECEIVED_AT)).toBe('2026-11-23T10:00:00.000Z');
    expect(attribute(message ?? {}, MESSAGE_ATTRIBUTE.REPLAY)).toBeUndefined();
    expect(attribute(message ?? {}, MESSAGE_ATTRIBUTE.BODY_ENCODING)).toBeUndefined();
    expect(queues['catch-all']).toHaveLength(0);
  });

  it('fans one delivery out to every queue whose rule matches', async () => {
    const body = deliveryBody(
      'paystubs.fully_synced',
      { account: ACCOUNT, user: USER, available_count: 3 },
      'partner',
    );
    const response = await handler(signed(body));
    expect(response.statusCode).toBe(200);
    const queues = await drainAll();
    expect(queues['payroll.fifo'].map((m) => m.Body)).toEqual([body]);
    expect(queues['everything-partner'].map((m) => m.Body)).toEqual([body]);
    expect(queues['fully-synced'].map((m) => m.Body)).toEqual([body]);
    expect(queues.accounts).toHaveLength(0);
    expect(queues['catch-all']).toHaveLength(0);
  });

  it('delivers two identical bodies to a FIFO queue as two messages in the account group', async () => {
    const body = deliveryBody('gigs.added');
    expect((await handler(signed(body, { requestId: 'req-gig-1' }))).statusCode).toBe(200);
    expect((await handler(signed(body, { requestId: 'req-gig-2' }))).statusCode).toBe(200);
    const { 'payroll.fifo': fifo } = await drainAll();
    expect(fifo.map((m) => m.Body)).toEqual([body, body]);
    expect(fifo.map((m) => m.Attributes?.MessageGroupId)).toEqual([ACCOUNT, ACCOUNT]);
    expect(fifo.map((m) => attribute(m, MESSAGE_ATTRIBUTE.DELIVERY_ID))).toEqual(['req-gig-1', 'req-gig-2']);
  });

  it('drops nothing but a repeat of the same delivery on a FIFO queue', async () => {
    const body = deliveryBody('gigs.updated');
    await handler(signed(body, { requestId: 'req-same' }));
    await handler(signed(body, { requestId: 'req-same' }));
    const { 'payroll.fifo': fifo } = await drainAll();
    expect(fifo).toHaveLength(1);
  });

  it('verifies a body API Gateway passes as text as well as one it passes base64-encoded', async () => {
    const body = deliveryBody('accounts.updated');
    expect((await handler(signed(body, { base64: false }))).statusCode).toBe(200);
    expect((await handler(signed(body, { base64: true }))).statusCode).toBe(200);
    const { accounts } = await drainAll();
    expect(accounts.map((m) => m.Body)).toEqual([body, body]);
  });

  it('replays every delivery Argyle captured, unchanged, into a queue', async () => {
    // Arrange: the same handler, this time with Argyle's own sandbox secret and signatures.
    const captured = capturedDeliveries();
    const argyle = await startFakeSecretsManager(captured.secret);
    const { createHandler } = await import('#functions/receiver/pipeline');
    const { readConfig } = await import('#functions/receiver/config');
    const { SigningSecret } = await import('#functions/receiver/signing-secret');
    const { createLogger, createMetrics } = await import('#functions/receiver/observability');
    const { SecretsManagerClient } = await import('@aws-sdk/client-secrets-manager');
    const replay = createHandler({
      config: readConfig({ ...process.env, [RECEIVER_ENV.SIGNING_SECRET_ARN]: argyle.arn }),
      secret: new SigningSecret({
        client: new SecretsManagerClient({ endpoint: argyle.endpoint }),
        secretId: argyle.arn,
        ttlMs: 60_000,
        minRefreshIntervalMs: 30_000,
      }),
      sqs: sqs.client,
      logger: createLogger(),
      metrics: createMetrics(),
    });
    try {
      for (const delivery of captured.deliveries.filter((d) => d.signed_by_argyle)) {
        // Act
        const response = await replay(apiGatewayEvent(delivery.body, { headers: delivery.headers }));
        // Assert
        expect(response.statusCode, delivery.event).toBe(200);
      }
      const arrived = Object.values(await drainAll()).flat();
      // Each captured event matches exactly one queue of TABLE (identities.added none: the catch-all).
      const expected = captured.deliveries.filter((d) => d.signed_by_argyle).map((d) => d.body);
      expect(arrived.map((m) => m.Body).sort()).toEqual(expected.sort());
    } finally {
      await argyle.close();
    }
  });

  it('reads the signature header whatever the case of its name', async () => {
    const body = deliveryBody('accounts.removed');
    const event = apiGatewayEvent(body, { headers: { 'x-argyle-signature': signBody(SECRET, body) } });
    expect((await handler(event)).statusCode).toBe(200);
  });
});

describe('the schema verdict', () => {
  it('marks an event that matches the catalogue as passed', async () => {
    await handler(signed(deliveryBody('accounts.connected')));
    const { accounts } = await drainAll();
    expect(attribute(accounts[0] ?? {}, MESSAGE_ATTRIBUTE.SCHEMA)).toBe('passed');
  });

  it('routes an event that fails its schema by its name all the same, marked failed', async () => {
    // accounts.connected without the user id Argyle always sends.
    const body = deliveryBody('accounts.connected', { account: ACCOUNT, user: 12345 });
    expect((await handler(signed(body, { requestId: 'req-schema-failed' }))).statusCode).toBe(200);
    const { accounts, 'catch-all': catchAll } = await drainAll();
    expect(accounts.map((m) => m.Body)).toEqual([body]);
    expect(attribute(accounts[0] ?? {}, MESSAGE_ATTRIBUTE.SCHEMA)).toBe('failed');
    expect(catchAll).toHaveLength(0);
    const warning = logLines
      .join('')
      .split('\n')
      .find((line) => line.includes('does not match its schema') && line.includes('req-schema-failed'));
    expect(warning).toContain('data.user');
    expect(warning).not.toContain('12345');
  });

  it("marks every example delivery of Argyle's published spec as passed, and the consumer parses each", async () => {
    // Arrange: the 12 example deliveries of argyle-all.yaml 1.0.111 (the malformed one is not among them)
    const examples = publishedSpecExamples();
    for (const [index, example] of examples.entries()) {
      // Act
      const response = await handler(signed(argyleBody(example), { requestId: `req-spec-${index}` }));
      expect(response.statusCode, example.event).toBe(200);
    }
    // Assert: each reached a queue once (a fan-out may put it on several), marked passed
    const arrived = Object.values(await drainAll()).flat();
    for (const [index, example] of examples.entries()) {
      const messages = arrived.filter(
        (m) => attribute(m, MESSAGE_ATTRIBUTE.DELIVERY_ID) === `req-spec-${index}`,
      );
      expect(messages.length, example.event).toBeGreaterThan(0);
      for (const message of messages) {
        expect(attribute(message, MESSAGE_ATTRIBUTE.SCHEMA), example.event).toBe('passed');
        expect(parseArgyleRecord(message).event).toEqual(example);
      }
    }
  });

  it('marks an event the catalogue does not know as unknown-event', async () => {
    await handler(signed(deliveryBody('accounts.teleported')));
    const { accounts } = await drainAll();
    expect(attribute(accounts[0] ?? {}, MESSAGE_ATTRIBUTE.SCHEMA)).toBe('unknown-event');
  });
});

describe('deliveries that go to the catch-all queue', () => {
  it('puts an event no rule matches there, marked unmatched', async () => {
    const body = deliveryBody('vehicles.added');
    expect((await handler(signed(body))).statusCode).toBe(200);
    const queues = await drainAll();
    expect(queues['catch-all'].map((m) => m.Body)).toEqual([body]);
    expect(attribute(queues['catch-all'][0] ?? {}, MESSAGE_ATTRIBUTE.CATCH_ALL_REASON)).toBe('unmatched');
    expect(attribute(queues['catch-all'][0] ?? {}, MESSAGE_ATTRIBUTE.EVENT)).toBe('vehicles.added');
  });

  it('puts a signed body that is not JSON there, marked invalid-json', async () => {
    const body = 'this is not JSON';
    expect((await handler(signed(body))).statusCode).toBe(200);
    const { 'catch-all': catchAll } = await drainAll();
    expect(catchAll.map((m) => m.Body)).toEqual([body]);
    expect(attribute(catchAll[0] ?? {}, MESSAGE_ATTRIBUTE.CATCH_ALL_REASON)).toBe('invalid-json');
  });

  it('puts signed JSON without an event name there, marked invalid-envelope', async () => {
    const body = argyleBody({ name: 'prod', data: {} });
    expect((await handler(signed(body))).statusCode).toBe(200);
    const { 'catch-all': catchAll } = await drainAll();
    expect(attribute(catchAll[0] ?? {}, MESSAGE_ATTRIBUTE.CATCH_ALL_REASON)).toBe('invalid-envelope');
  });

  it('base64-encodes a signed body that is not UTF-8, and the bytes survive', async () => {
    const body = Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x00, 0x22, 0x7d]);
    expect((await handler(signed(body, { base64: true }))).statusCode).toBe(200);
    const { 'catch-all': catchAll } = await drainAll();
    expect(catchAll).toHaveLength(1);
    expect(attribute(catchAll[0] ?? {}, MESSAGE_ATTRIBUTE.BODY_ENCODING)).toBe('base64');
    expect(Buffer.from(catchAll[0]?.Body ?? '', 'base64').equals(body)).toBe(true);
  });
});
