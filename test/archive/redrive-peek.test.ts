/**
 * `argyle-subscriptions redrive` and `peek` against `npm run dev`'s server: dead letters moved back with SQS's
 * message move task (standard and FIFO), refused while a task runs; archived deliveries shown from the bucket,
 * and a dead-letter queue's messages shown with a warning that each look counts a receive.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import {
  CancelMessageMoveTaskCommand,
  GetQueueAttributesCommand,
  SendMessageCommand,
  type SQSClient,
  StartMessageMoveTaskCommand,
} from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MESSAGE_ATTRIBUTE } from '#functions/shared/contract';
import { main } from '#functions/subscription/cli/main';
import { type DevServer, startDevServer } from '#local/dev-server';
import { localS3Client } from '#local/s3-stand-in';
import { simulate } from '#local/simulate';
import { localSqsClient, takeAllMessages } from '#local/sqs-emulator';
import { parseConfig } from '../../lib/config';

const SECRET = 'redrive-peek-secret-19ce';
let server: DevServer;
let sqs: SQSClient;
let outputsFile: string;

function cli(args: readonly string[]) {
  const out: string[] = [];
  const err: string[] = [];
  return main([...args, '--outputs', outputsFile], {
    stdout: (text) => out.push(text),
    stderr: (text) => err.push(text),
    env: {},
    aws: { s3: localS3Client(server.archive?.s3Endpoint ?? ''), sqs },
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, Math.min(ms, 200))),
  }).then((code) => ({ code, stdout: out.join(''), stderr: err.join('') }));
}

const url = (name: string) => `${server.queueUrlPrefix}${name}`;
const dead = (queue: string, body: string, group?: string) =>
  sqs.send(
    new SendMessageCommand({
      QueueUrl: url(queue),
      MessageBody: body,
      MessageAttributes: {
        [MESSAGE_ATTRIBUTE.DELIVERY_ID]: { DataType: 'String', StringValue: `dead-${body}` },
      },
      ...(group ? { MessageGroupId: group, MessageDeduplicationId: body } : {}),
    }),
  );

beforeAll(async () => {
  outputsFile = path.join(mkdtempSync(path.join(tmpdir(), 'argyle-redrive-')), 'outputs.json');
  server = await startDevServer({
    port: 0,
    sqsPort: 0,
    s3Port: 0,
    secret: SECRET,
    outputsFile,
    config: parseConfig({
      routes: [
        { name: 'accounts', events: ['accounts.*'] },
        { name: 'payroll', events: ['paystubs.*'], fifo: true },
      ],
      archive: { enabled: true },
    }),
  });
  sqs = localSqsClient(server.sqsEndpoint);
});

afterAll(async () => {
  sqs?.destroy();
  await server?.close();
});

describe('argyle-subscriptions redrive', () => {
  it("moves a route's dead letters back to its queue and says how many", async () => {
    for (const body of ['one', 'two', 'three']) await dead('accounts_dlq', body);

    const { code, stdout } = await cli(['redrive', 'accounts', '--json']);
    const moved = await takeAllMessages(sqs, url('accounts'));

    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ route: 'accounts', status: 'COMPLETED', moved: 3 });
    expect(moved.map((m) => m.Body).sort()).toEqual(['one', 'three', 'two']);
    expect(await takeAllMessages(sqs, url('accounts_dlq'))).toEqual([]);
  });

  it('moves a FIFO dead-letter queue back to its FIFO queue, in order, with the message groups', async () => {
    for (const body of ['p1', 'p2', 'p3']) await dead('payroll_dlq.fifo', body, 'account-1');

    const { code } = await cli(['redrive', 'payroll']);
    const moved = await takeAllMessages(sqs, url('payroll.fifo'));

    expect(code).toBe(0);
    expect(moved.map((m) => m.Body)).toEqual(['p1', 'p2', 'p3']);
    expect(moved.every((m) => m.Attributes?.MessageGroupId === 'account-1')).toBe(true);
  });

  it('refuses while a move task runs from the same dead-letter queue', async () => {
    for (let i = 0; i < 30; i++) await dead('catch-all_dlq', `slow-${i}`);
    const { Attributes } = await sqs.send(
      new GetQueueAttributesCommand({ QueueUrl: url('catch-all_dlq'), AttributeNames: ['QueueArn'] }),
    );
    const { TaskHandle } = await sqs.send(
      new StartMessageMoveTaskCommand({ SourceArn: Attributes?.QueueArn, MaxNumberOfMessagesPerSecond: 1 }),
    );

    const { code, stderr } = await cli(['redrive', 'catch-all']);
    await sqs.send(new CancelMessageMoveTaskCommand({ TaskHandle }));

    expect(code).toBe(1);
    expect(stderr).toMatch(/already running/);
  });

  it('refuses a rate above SQS’s 500 messages per second', async () => {
    const { code, stderr } = await cli(['redrive', 'accounts', '--rate', '501']);

    expect(code).toBe(2);
    expect(stderr).toMatch(/--rate must be a whole number of messages per second from 1 to 500/);
  });
});

describe('argyle-subscriptions peek', () => {
  it('shows archived deliveries from the bucket, bodies only when asked', async () => {
    const from = new Date(Date.now() - 1_000).toISOString();
    const results = await simulate({
      url: server.webhookUrl,
      secret: SECRET,
      events: ['accounts.connected', 'paystubs.added'],
    });
    await server.archive?.settle();
    const to = new Date(Date.now() + 1_000).toISOString();

    const plain = await cli(['peek', '--from', from, '--to', to, '--json']);
    const withBodies = await cli([
      'peek',
      '--from',
      from,
      '--to',
      to,
      '--event',
      'paystubs.*',
      '--bodies',
      '--json',
    ]);

    expect(plain.code).toBe(0);
    const rows = JSON.parse(plain.stdout);
    expect(rows.map((r: { deliveryId: string }) => r.deliveryId).sort()).toEqual(
      results.map((r) => r.deliveryId).sort(),
    );
    expect(rows.every((r: { intact: boolean; body?: string }) => r.intact && r.body === undefined)).toBe(
      true,
    );
    expect(JSON.parse(withBodies.stdout).map((r: { body: string }) => r.body)).toEqual([results[1]?.body]);
  });

  it('shows a dead-letter queue only when asked, saying it counts a receive, and leaves the messages there', async () => {
    await dead('accounts_dlq', 'looked-at');

    const { code, stdout, stderr } = await cli(['peek', '--dlq', 'accounts', '--json']);
    const still = await takeAllMessages(sqs, url('accounts_dlq'));

    expect(code).toBe(0);
    expect(JSON.parse(stdout).map((r: { deliveryId: string }) => r.deliveryId)).toEqual(['dead-looked-at']);
    expect(stderr).toMatch(/counts one more receive/);
    expect(still.map((m) => m.Body)).toEqual(['looked-at']);
  });
});
