/**
 * The example consumer's Lambda handler run against the dev server's queues as Lambda's SQS event source runs
 * it: partial batch failures are retried, then moved to the dead-letter queue; the rest is deleted.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { handler } from '#functions/example-consumer/handler';
import { isFifoBatch } from '#functions/example-consumer/process-batch';
import { type DevServer, startDevServer } from '#local/dev-server';
import { type BatchOutcome, runSqsHandler } from '#local/example-consumer-runner';
import { simulate } from '#local/simulate';
import { localSqsClient } from '#local/sqs-emulator';
import { parseConfig } from '../../lib/config';
import { drain, queueAttributes } from './drain';

const SECRET = 'example-consumer-test-secret-77aa';
const ACCOUNT = '019bfb74-a974-e1fb-d876-0f4e094835f2';
let server: DevServer;
let client: ReturnType<typeof localSqsClient>;
const output: string[] = [];

beforeAll(async () => {
  server = await startDevServer({
    port: 0,
    sqsPort: 0,
    secret: SECRET,
    // Failed records come back after 2 s, and reach the dead-letter queue after their second receive.
    config: parseConfig({
      routes: [
        { name: 'accounts', events: ['accounts.*'] },
        { name: 'gigs', events: ['gigs.*'], fifo: true },
      ],
      catchAll: { visibilityTimeoutSeconds: 2, maxReceiveCount: 2 },
    }),
  });
  client = localSqsClient(server.sqsEndpoint);
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    output.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
    return true;
  });
});

afterAll(async () => {
  vi.restoreAllMocks();
  client?.destroy();
  await server?.close();
});

describe('the example consumer against the local queues', () => {
  it('deletes what it handled, retries the failures, and they end in the dead-letter queue', async () => {
    // Arrange: a mixed batch in the catch-all queue.
    const notJson = { label: 'not-json', body: 'this is not json' };
    const mismatch = {
      label: 'mismatch',
      body: JSON.stringify({ event: 'paystubs.added', name: 'x', data: { account: 42 } }, null, 2),
    };
    const unknown = {
      label: 'unknown',
      body: JSON.stringify({ event: 'robots.arrived', name: 'x', data: {} }),
    };
    const sent = await simulate({
      url: server.webhookUrl,
      secret: SECRET,
      events: ['paystubs.added', 'users.fully_synced'],
      ids: { account: ACCOUNT },
      deliveries: [notJson, mismatch, unknown],
    });
    expect(sent.map((result) => result.status)).toEqual([200, 200, 200, 200, 200]);
    const batches: BatchOutcome[] = [];
    const run = () =>
      runSqsHandler({
        client,
        queueUrl: `${server.queueUrlPrefix}catch-all`,
        handler,
        once: true,
        onBatch: (batch) => batches.push(batch),
      });
    // Act: one run, and another once the failures are visible again.
    await run();
    await vi.waitFor(
      async () => {
        const attributes = await queueAttributes(client, `${server.queueUrlPrefix}catch-all`);
        expect(attributes.ApproximateNumberOfMessages).toBe('2');
      },
      { timeout: 5_000, interval: 200 },
    );
    await run();
    // Assert
    expect(batches).toEqual([
      { records: 5, deleted: 3, failed: [expect.any(String), expect.any(String)] },
      { records: 2, deleted: 0, failed: expect.arrayContaining([...(batches[0]?.failed ?? [])]) },
    ]);
    const dead = await vi.waitFor(
      async () => {
        const messages = await drain(client, `${server.queueUrlPrefix}catch-all_dlq`);
        expect(messages).toHaveLength(2);
        return messages;
      },
      { timeout: 5_000, interval: 200 },
    );
    expect(dead.map((message) => message.Body).toSorted()).toEqual([mismatch.body, notJson.body].toSorted());
    expect(await drain(client, `${server.queueUrlPrefix}catch-all`)).toEqual([]);
  });

  it('logs event names and delivery ids, never payload data', () => {
    // Assert
    const lines = output.join('').split('\n').filter(Boolean);
    const received = lines.filter((line) => line.includes('argyle event received'));
    expect(received).toHaveLength(2);
    expect(received.join('\n')).toContain('"event":"paystubs.added"');
    expect(lines.join('\n')).not.toContain(ACCOUNT);
  });

  it('fails the whole batch, deleting nothing, when the handler throws', async () => {
    // Arrange
    await simulate({
      url: server.webhookUrl,
      secret: SECRET,
      events: ['accounts.added', 'accounts.updated'],
    });
    // Act
    const summary = await runSqsHandler({
      client,
      queueUrl: `${server.queueUrlPrefix}accounts`,
      handler: async () => {
        throw new Error('boom');
      },
      once: true,
    });
    // Assert
    expect(summary).toEqual({ batches: 1, records: 2, deleted: 0, failed: 2 });
  });

  it('fails the whole batch when the handler reports an id that is not in it', async () => {
    // Arrange
    const batches: BatchOutcome[] = [];
    await simulate({ url: server.webhookUrl, secret: SECRET, events: ['users.fully_synced'] });
    // Act
    await runSqsHandler({
      client,
      queueUrl: `${server.queueUrlPrefix}catch-all`,
      handler: async () => ({ batchItemFailures: [{ itemIdentifier: 'not-in-the-batch' }] }),
      once: true,
      onBatch: (batch) => batches.push(batch),
    });
    // Assert
    expect(batches[0]).toMatchObject({
      records: 1,
      deleted: 0,
      error: 'the handler reported "not-in-the-batch", which is not in the batch',
    });
  });

  it('hands the batches of a FIFO queue to the handler as FIFO batches', async () => {
    // Arrange
    await simulate({ url: server.webhookUrl, secret: SECRET, events: ['gigs.added', 'gigs.updated'] });
    const fifo: boolean[] = [];
    // Act
    const summary = await runSqsHandler({
      client,
      queueUrl: `${server.queueUrlPrefix}gigs.fifo`,
      handler: async (event) => {
        fifo.push(isFifoBatch(event));
        return handler(event);
      },
      once: true,
    });
    // Assert
    expect(fifo.length).toBeGreaterThan(0);
    expect(fifo.every(Boolean)).toBe(true);
    expect(summary).toMatchObject({ records: 2, deleted: 2, failed: 0 });
  });
});
