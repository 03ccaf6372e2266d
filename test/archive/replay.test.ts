/**
 * Archive → replay → queue end to end on 127.0.0.1, as an operator runs it against `npm run dev`: signed
 * deliveries through the dev server are archived by the archiver into the S3 stand-in, then
 * `argyle-subscriptions replay --outputs <the dev server's outputs>` sends them again, through the routing rules,
 * to one route (a FIFO one: order per account kept), or to one queue; an interrupted run resumes without
 * duplicates, and a dry run only counts.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { type Message, SendMessageBatchCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MESSAGE_ATTRIBUTE } from '#functions/shared/contract';
import { main } from '#functions/subscription/cli/main';
import { type DevServer, startDevServer } from '#local/dev-server';
import { localS3Client } from '#local/s3-stand-in';
import { exampleDeliveries, simulate } from '#local/simulate';
import { localSqsClient, takeAllMessages } from '#local/sqs-emulator';
import { parseConfig } from '../../lib/config';

const SECRET = 'replay-test-secret-0d3e5b';
const ACCOUNTS = ['019bfb74-a974-e1fb-d876-0f4e094835f2', '019bfb74-b111-4c2d-9e0f-111122223333'];
const EVENTS = ['accounts.connected', 'paystubs.added', 'accounts.updated', 'paystubs.fully_synced'];

let server: DevServer;
let sqs: SQSClient;
let outputsFile: string;
let stateDir: string;
const sent: { body: string; deliveryId: string; account: string }[] = [];
let from: string;
let to: string;

function cli(args: readonly string[], options: { sqs?: Pick<SQSClient, 'send'>; signal?: AbortSignal } = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const archive = server.archive;
  if (archive === undefined) throw new Error('no archive');
  const run = main(args, {
    stdout: (text) => out.push(text),
    stderr: (text) => err.push(text),
    env: {},
    aws: { s3: localS3Client(archive.s3Endpoint), sqs: options.sqs ?? sqs },
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, Math.min(ms, 100))),
    ...(options.signal ? { signal: options.signal } : {}),
  });
  return run.then((code) => ({ code, stdout: out.join(''), stderr: err.join('') }));
}

const queueUrl = (name: string) => `${server.queueUrlPrefix}${name}`;
const attribute = (message: Message, name: string) => message.MessageAttributes?.[name]?.StringValue;
const replayArgs = (...extra: string[]) => [
  'replay',
  '--outputs',
  outputsFile,
  '--from',
  from,
  '--to',
  to,
  '--state-dir',
  stateDir,
  '--json',
  ...extra,
];

beforeAll(async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'argyle-replay-'));
  outputsFile = path.join(dir, 'outputs.json');
  stateDir = path.join(dir, 'replays');
  server = await startDevServer({
    port: 0,
    sqsPort: 0,
    s3Port: 0,
    secret: SECRET,
    outputsFile,
    config: parseConfig({
      routes: [
        { name: 'accounts', events: ['accounts.*'] },
        { name: 'payroll', events: ['accounts.*', 'paystubs.*'], fifo: true },
      ],
      archive: { enabled: true },
    }),
  });
  sqs = localSqsClient(server.sqsEndpoint);
  from = new Date(Date.now() - 60_000).toISOString();
  // Two accounts, interleaved, each a sequence of events; one request at a time, as a sync sends them.
  const deliveries = Array.from({ length: 12 }, (_, i) =>
    exampleDeliveries({ events: [EVENTS[i % EVENTS.length] ?? ''], ids: { account: ACCOUNTS[i % 2] } }),
  ).flat();
  const results = await simulate({ url: server.webhookUrl, secret: SECRET, deliveries, concurrency: 1 });
  for (const [i, result] of results.entries()) {
    expect(result.status).toBe(200);
    sent.push({ body: result.body, deliveryId: result.deliveryId ?? '', account: ACCOUNTS[i % 2] ?? '' });
  }
  await server.archive?.settle();
  to = new Date(Date.now() + 1_000).toISOString();
  // The originals leave the route queues, as consumers would have taken them.
  for (const name of ['accounts', 'payroll.fifo', 'catch-all']) await takeAllMessages(sqs, queueUrl(name));
});

afterAll(async () => {
  sqs?.destroy();
  await server?.close();
});

describe('argyle-subscriptions replay', () => {
  it('counts by event and queue in a dry run, and sends nothing', async () => {
    const { code, stdout } = await cli(replayArgs('--dry-run'));

    expect(code).toBe(0);
    const summary = JSON.parse(stdout);
    expect(summary).toMatchObject({ dryRun: true, deliveries: 12, messages: 18 });
    expect(summary.byEvent).toEqual({
      'accounts.connected': 3,
      'accounts.updated': 3,
      'paystubs.added': 3,
      'paystubs.fully_synced': 3,
    });
    expect(summary.byQueue).toEqual({ accounts: 6, 'payroll.fifo': 12 });
    expect(await takeAllMessages(sqs, queueUrl('payroll.fifo'))).toEqual([]);
  });

  it('sends archived deliveries through the routing rules with byte-identical bodies, their delivery ids and the replay mark', async () => {
    const { code, stdout } = await cli(replayArgs());
    const accounts = await takeAllMessages(sqs, queueUrl('accounts'));
    const payroll = await takeAllMessages(sqs, queueUrl('payroll.fifo'));

    expect(code).toBe(0);
    const { runId } = JSON.parse(stdout);
    expect(accounts).toHaveLength(6);
    expect(payroll).toHaveLength(12);
    for (const message of [...accounts, ...payroll]) {
      const original = sent.find((s) => s.deliveryId === attribute(message, MESSAGE_ATTRIBUTE.DELIVERY_ID));
      expect(message.Body).toBe(original?.body);
      expect(attribute(message, MESSAGE_ATTRIBUTE.REPLAY)).toBe(runId);
      expect(attribute(message, MESSAGE_ATTRIBUTE.ACCOUNT)).toBe(original?.account);
    }
    expect(payroll.map((m) => m.Attributes?.MessageGroupId).sort()).toEqual(
      sent.map((s) => s.account).sort(),
    );
  });

  it('keeps the order per account on a FIFO route, and a resumed run after Ctrl-C adds no duplicate', async () => {
    // Arrange: Ctrl-C arrives after the first batch of 10 has been sent.
    const stop = new AbortController();
    const interrupting: Pick<SQSClient, 'send'> = {
      send: (async (command: Parameters<SQSClient['send']>[0]) => {
        const output = await sqs.send(command as never);
        if (command instanceof SendMessageBatchCommand) stop.abort();
        return output;
      }) as SQSClient['send'],
    };
    // Act
    const first = await cli(replayArgs('--route', 'payroll'), { sqs: interrupting, signal: stop.signal });
    const { runId, deliveries } = JSON.parse(first.stdout);
    const resumed = await cli([
      'replay',
      '--resume',
      runId,
      '--state-dir',
      stateDir,
      '--outputs',
      outputsFile,
      '--json',
    ]);
    const payroll = await takeAllMessages(sqs, queueUrl('payroll.fifo'));
    // Assert
    expect(first.code).toBe(130);
    expect(first.stderr).toContain(`--resume ${runId}`);
    expect(deliveries).toBe(10);
    expect(resumed.code).toBe(0);
    expect(JSON.parse(resumed.stdout).deliveries).toBe(12);
    expect(await takeAllMessages(sqs, queueUrl('accounts'))).toEqual([]);
    const ids = payroll.map((m) => attribute(m, MESSAGE_ATTRIBUTE.DELIVERY_ID));
    expect(new Set(ids).size).toBe(12);
    expect(ids).toHaveLength(12);
    for (const account of ACCOUNTS) {
      const order = payroll
        .filter((m) => m.Attributes?.MessageGroupId === account)
        .map((m) => attribute(m, MESSAGE_ATTRIBUTE.DELIVERY_ID));
      expect(order).toEqual(sent.filter((s) => s.account === account).map((s) => s.deliveryId));
    }
  });

  it('adds no duplicate to a FIFO queue when a resumed run sends again what its checkpoint had not recorded', async () => {
    // Arrange: a finished run whose checkpoint is set back, as after a crash before it was written.
    const { stdout } = await cli(replayArgs('--route', 'payroll'));
    const { runId, checkpoint } = JSON.parse(stdout);
    const kept = JSON.parse(readFileSync(checkpoint, 'utf8'));
    writeFileSync(
      checkpoint,
      JSON.stringify({ ...kept, last: undefined, sent: 0, messages: 0, done: false }),
    );
    // Act
    const again = await cli([
      'replay',
      '--resume',
      runId,
      '--state-dir',
      stateDir,
      '--outputs',
      outputsFile,
      '--json',
    ]);
    const payroll = await takeAllMessages(sqs, queueUrl('payroll.fifo'));
    // Assert: SQS dropped the second sends: same (run, delivery) deduplication ids within its 5 minutes.
    expect(again.code).toBe(0);
    expect(payroll).toHaveLength(12);
  });

  it('sends every selected delivery to one queue with --queue, and selects by event and account', async () => {
    const { code, stdout } = await cli(
      replayArgs('--queue', queueUrl('catch-all'), '--event', 'paystubs.*', '--account', ACCOUNTS[1] ?? ''),
    );
    const caught = await takeAllMessages(sqs, queueUrl('catch-all'));

    expect(code).toBe(0);
    expect(JSON.parse(stdout).deliveries).toBe(6);
    expect(caught.map((m) => attribute(m, MESSAGE_ATTRIBUTE.EVENT)).sort()).toEqual([
      'paystubs.added',
      'paystubs.added',
      'paystubs.added',
      'paystubs.fully_synced',
      'paystubs.fully_synced',
      'paystubs.fully_synced',
    ]);
    expect(caught.every((m) => attribute(m, MESSAGE_ATTRIBUTE.ACCOUNT) === ACCOUNTS[1])).toBe(true);
    expect(await takeAllMessages(sqs, queueUrl('payroll.fifo'))).toEqual([]);
  });

  it('refuses a range that ends before it starts, and a resumed run given another selection', async () => {
    const backwards = await cli(['replay', '--outputs', outputsFile, '--from', to, '--to', from]);
    const { stdout } = await cli(replayArgs('--route', 'accounts'));
    await takeAllMessages(sqs, queueUrl('accounts'));
    const { runId } = JSON.parse(stdout);
    const changed = await cli([
      'replay',
      '--resume',
      runId,
      '--state-dir',
      stateDir,
      '--event',
      'accounts.*',
    ]);

    expect(backwards.code).toBe(2);
    expect(backwards.stderr).toMatch(/--from must be before --to/);
    expect(changed.code).toBe(2);
    expect(changed.stderr).toMatch(/leave out --event/);
  });
});
