/**
 * Looking at a queue with `npm run tail` without --delete: one look costs at most one receive (none on the dev
 * server's queues), the receive count shows against the queue's maxReceiveCount, and every exit, Ctrl-C
 * included, makes the held messages visible again at once.
 */
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { type Message, ReceiveMessageCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type DevServer, startDevServer } from '#local/dev-server';
import { localSqsClient } from '#local/sqs-emulator';
import { clientFor, maxReceiveCountOf, queueTarget, tail } from '#local/tail';
import { formatMessage } from '#local/tail-output';
import { parseConfig } from '../../lib/config';
import { empty, queueAttributes } from './drain';

const ROOT = path.resolve(import.meta.dirname, '../..');
let server: DevServer;
let client: ReturnType<typeof localSqsClient>;
let queueUrl: string;
let deadLetterUrl: string;

beforeAll(async () => {
  server = await startDevServer({
    port: 0,
    sqsPort: 0,
    secret: 'tail-looks-secret-7a1e',
    config: parseConfig({}),
  });
  client = localSqsClient(server.sqsEndpoint);
  queueUrl = `${server.queueUrlPrefix}all-events`;
  deadLetterUrl = `${server.queueUrlPrefix}all-events_dlq`;
});
afterAll(async () => {
  client?.destroy();
  await server?.close();
});
beforeEach(async () => {
  await empty(client, queueUrl);
  await empty(client, deadLetterUrl);
  await client.send(
    new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: '{"event":"accounts.connected"}' }),
  );
});

/** The receive counts one tail sees, `looks` times over, through `looker`. */
async function look(looker: Parameters<typeof tail>[0]['client'], looks: number): Promise<string[]> {
  const counts: string[] = [];
  for (let i = 0; i < looks; i++) {
    await tail({
      client: looker,
      queueUrl,
      onMessage: (m) => counts.push(m.Attributes?.ApproximateReceiveCount ?? '?'),
    });
  }
  return counts;
}

/** The message, received at once with a short visibility timeout, or undefined when it is hidden. */
async function visibleNow(): Promise<Message | undefined> {
  const { Messages } = await client.send(
    new ReceiveMessageCommand({
      QueueUrl: queueUrl,
      AttributeNames: ['All'],
      VisibilityTimeout: 1,
      WaitTimeSeconds: 0,
    }),
  );
  return Messages?.[0];
}

describe('looking at a queue', () => {
  it('costs one receive per look, as on SQS, for any client', async () => {
    expect(await look(client, 3)).toEqual(['1', '2', '3']);
  });

  it('costs no receive with tail’s client on a local queue, so looking never dead-letters', async () => {
    const local = clientFor(queueTarget(queueUrl, 0));
    try {
      expect(await look(local, 6)).toEqual(['1', '1', '1', '1', '1', '1']);
    } finally {
      local.destroy();
    }
    expect((await queueAttributes(client, deadLetterUrl)).ApproximateNumberOfMessages).toBe('0');
  });

  it('shows the receive count against the queue’s maxReceiveCount', async () => {
    const max = await maxReceiveCountOf(client, queueUrl);
    const message = {
      MessageId: 'm-1',
      Body: '{}',
      Attributes: { ApproximateReceiveCount: '5', SentTimestamp: '0' },
    };

    expect(max).toBe(5);
    expect(
      formatMessage(
        { ...message, Attributes: { ...message.Attributes, ApproximateReceiveCount: '2' } },
        1,
        'q',
        max,
      ),
    ).toContain('(receive 2 of 5)');
    expect(formatMessage(message, 1, 'q', max)).toContain(
      '(receive 5 of 5; the next receive moves it to the dead-letter queue)',
    );
  });

  it('makes the held messages visible at once after Ctrl-C on --follow, even when the signal comes twice', async () => {
    const sqsPort = new URL(server.sqsEndpoint).port;
    // Its own process group, signalled as a terminal's Ctrl-C signals the whole group (tsx relays it again).
    const child = spawn(
      path.join(ROOT, 'node_modules/.bin/tsx'),
      ['bin/tail.ts', 'all-events', '--follow', '--sqs-port', sqsPort, '--visibility', '600'],
      { cwd: ROOT, detached: true, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stdout = '';
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
        if (stdout.includes('── #1')) resolve();
      });
      child.on('exit', () => reject(new Error(`tail ended early: ${stdout}`)));
    });
    expect(await visibleNow()).toBeUndefined();

    process.kill(-(child.pid ?? 0), 'SIGINT');
    process.kill(-(child.pid ?? 0), 'SIGINT');
    await exited;

    const again = await visibleNow();
    expect(again?.Body).toBe('{"event":"accounts.connected"}');
    expect(again?.Attributes?.ApproximateReceiveCount).toBe('1');
  });
});
