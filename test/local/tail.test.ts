import type { Message } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { MESSAGE_ATTRIBUTE } from '#functions/shared/contract';
import { type DevServer, startDevServer } from '#local/dev-server';
import { simulate } from '#local/simulate';
import { localSqsClient } from '#local/sqs-emulator';
import { clientFor, queueTarget, tail } from '#local/tail';
import { displayBody, formatMessage } from '#local/tail-output';
import { parseConfig } from '../../lib/config';
import { drain, empty } from './drain';

const SECRET = 'tail-test-secret-51c0';
let server: DevServer;
let client: ReturnType<typeof localSqsClient>;
let queueUrl: string;

async function send(...events: string[]) {
  const results = await simulate({ url: server.webhookUrl, secret: SECRET, events, seed: 1 });
  expect(results.map((result) => result.status)).toEqual(events.map(() => 200));
  return results;
}

beforeAll(async () => {
  server = await startDevServer({ port: 0, sqsPort: 0, secret: SECRET, config: parseConfig({}) });
  client = localSqsClient(server.sqsEndpoint);
  queueUrl = `${server.queueUrlPrefix}all-events`;
});

afterAll(async () => {
  client?.destroy();
  await server?.close();
});

describe('tail', () => {
  beforeEach(async () => {
    await empty(client, queueUrl);
  });

  it('hands over every message with its attributes, and leaves them in the queue without delete', async () => {
    // Arrange
    const sent = await send('accounts.connected', 'paystubs.added');
    const seen: Message[] = [];
    // Act
    const summary = await tail({ client, queueUrl, onMessage: (message) => seen.push(message) });
    // Assert
    expect(summary).toEqual({ received: 2, deleted: 0 });
    expect(seen.map((message) => message.Body).toSorted()).toEqual(
      sent.map((result) => result.body).toSorted(),
    );
    expect(seen[0]?.MessageAttributes?.[MESSAGE_ATTRIBUTE.DELIVERY_ID]?.StringValue).toBeDefined();
    // Visible again at once.
    const again = await drain(client, queueUrl);
    expect(again).toHaveLength(2);
  });

  it('deletes what it printed with delete', async () => {
    // Arrange
    await send('accounts.connected', 'accounts.updated', 'gigs.added');
    // Act
    const summary = await tail({ client, queueUrl, delete: true, onMessage: () => undefined });
    // Assert
    expect(summary).toEqual({ received: 3, deleted: 3 });
    expect(await drain(client, queueUrl)).toEqual([]);
  });

  it('stops after max messages', async () => {
    // Arrange
    await send('accounts.connected', 'accounts.updated', 'gigs.added');
    // Act
    const summary = await tail({ client, queueUrl, max: 1, onMessage: () => undefined });
    // Assert
    expect(summary.received).toBe(1);
  });

  it('follows new messages until stopped', async () => {
    // Arrange
    const stop = new AbortController();
    const seen: string[] = [];
    // Act
    const following = tail({
      client,
      queueUrl,
      follow: true,
      delete: true,
      waitSeconds: 1,
      signal: stop.signal,
      onMessage: (message) => {
        seen.push(message.MessageAttributes?.[MESSAGE_ATTRIBUTE.EVENT]?.StringValue ?? '');
        stop.abort();
      },
    });
    await new Promise((resolve) => setTimeout(resolve, 200));
    await send('users.fully_synced');
    // Assert
    await expect(following).resolves.toEqual({ received: 1, deleted: 1 });
    expect(seen).toEqual(['users.fully_synced']);
  });
});

describe('queueTarget', () => {
  it('makes a local queue name into its URL on the given port', () => {
    expect(queueTarget('all-events', 9324)).toEqual({
      queueUrl: 'http://127.0.0.1:9324/123456789012/all-events',
      name: 'all-events',
      local: true,
    });
  });

  it('takes a deployed queue URL as it is, with the region for its client', async () => {
    // Act
    const target = queueTarget('https://sqs.eu-west-1.amazonaws.com/123456789012/Argyle-Queue', 9324);
    const sqs = clientFor(target);
    // Assert
    expect(target).toEqual({
      queueUrl: 'https://sqs.eu-west-1.amazonaws.com/123456789012/Argyle-Queue',
      name: 'Argyle-Queue',
      local: false,
    });
    expect(await sqs.config.region()).toBe('eu-west-1');
    sqs.destroy();
  });
});

describe('formatMessage', () => {
  it('shows the attributes and the body', () => {
    // Arrange
    const message: Message = {
      MessageId: 'm-1',
      Body: '{\n  "event": "accounts.added"\n}',
      Attributes: { SentTimestamp: '1795428000000', ApproximateReceiveCount: '1' },
      MessageAttributes: { [MESSAGE_ATTRIBUTE.EVENT]: { DataType: 'String', StringValue: 'accounts.added' } },
    };
    // Act
    const text = formatMessage(message, 1, 'all-events');
    // Assert
    expect(text).toContain('── #1 all-events ── message m-1');
    expect(text).toContain('2026-11-23T10:00:00.000Z  (receive 1)');
    expect(text).toMatch(/argyle\.event\s+accounts\.added/);
    expect(text).toContain('{\n  "event": "accounts.added"\n}');
  });

  it('decodes a body the receiver flagged as base64', () => {
    // Arrange
    const message: Message = {
      Body: Buffer.from('{"event":"x\u0001"}').toString('base64'),
      MessageAttributes: { [MESSAGE_ATTRIBUTE.BODY_ENCODING]: { DataType: 'String', StringValue: 'base64' } },
    };
    // Act
    const { text, note } = displayBody(message);
    // Assert
    expect(text).toBe('{"event":"x\u0001"}');
    expect(note).toBe(' (14 bytes, decoded from base64)');
  });

  it('keeps base64 for a body that is not UTF-8', () => {
    // Arrange
    const body = Buffer.from([0xff, 0xfe]).toString('base64');
    const message: Message = {
      Body: body,
      MessageAttributes: { [MESSAGE_ATTRIBUTE.BODY_ENCODING]: { DataType: 'String', StringValue: 'base64' } },
    };
    // Act / Assert
    expect(displayBody(message)).toEqual({ text: body, note: ' (2 bytes, not UTF-8: shown as base64)' });
  });
});
