/**
 * The receiver with the archive on: every accepted delivery is sent to the archive queue too, the very message
 * its route queues get, and a 2xx means the archive queue took it as well; an archive queue that refuses makes
 * the answer 503, so Argyle retries, as for any queue. Against the SQS emulator on 127.0.0.1.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReceiverMetrics } from '#functions/receiver/observability';
import { signBody, signingKey } from '#functions/receiver/signature';
import { createReceiver } from '#functions/receiver/wiring';
import { MESSAGE_ATTRIBUTE, RECEIVER_ENV, type RoutingTable } from '#functions/shared/contract';
import { type SqsEmulator, startSqsEmulator, takeAllMessages } from '#local/sqs-emulator';
import { apiGatewayEvent } from '../support/api-gateway-event';
import { argyleBody } from '../support/argyle-fixtures';

const SECRET = 'receiver-archive-secret-6a7b';
const KEY = signingKey(SECRET);
const TABLE: RoutingTable = {
  queues: ['accounts', 'catch-all'],
  catchAll: 1,
  rules: [{ events: ['accounts.*'], queue: 0 }],
};
const failures: string[] = [];
const METRICS = new Proxy(
  {},
  { get: (_, name) => (name === 'sendFailed' ? (queue: string) => failures.push(queue) : () => undefined) },
) as ReceiverMetrics;

let sqs: SqsEmulator;

function receiver(archiveQueue: string) {
  return createReceiver(
    {
      [RECEIVER_ENV.SIGNING_SECRET_ARN]: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:local',
      [RECEIVER_ENV.ROUTES]: JSON.stringify(TABLE),
      [RECEIVER_ENV.QUEUE_URL_PREFIX]: sqs.urlPrefix,
      [RECEIVER_ENV.MAX_BODY_BYTES]: '65536',
      [RECEIVER_ENV.ARCHIVE_QUEUE_URL]: sqs.queueUrl(archiveQueue),
    },
    {
      secret: {
        currentKey: async () => KEY,
        keys: async () => [KEY],
        refreshAfterFailedCheck: async () => undefined,
        previousUnavailable: () => false,
      },
      sqs: sqs.client,
      logger: new Logger({ logLevel: 'SILENT' }),
      metrics: METRICS,
    },
  );
}

const signed = (body: string, requestId: string) =>
  apiGatewayEvent(body, { requestId, headers: { 'X-Argyle-Signature': signBody(SECRET, body) } });

beforeAll(async () => {
  sqs = await startSqsEmulator(0);
  await sqs.createQueues(
    ['accounts', 'catch-all', '_archive'].map((name) => ({
      name,
      route: name,
      fifo: false,
      deadLetter: false,
      attributes: {},
    })),
  );
});

afterAll(async () => {
  await sqs?.close();
});

describe('the receiver with the archive on', () => {
  it('sends the archive queue the same message as the route queue, routed and catch-all alike', async () => {
    const handler = receiver('_archive');
    const routed = argyleBody({
      event: 'accounts.connected',
      name: 'prod',
      data: { account: 'a-1', user: 'u-1' },
    });
    const unmatched = argyleBody({ event: 'gigs.added', name: 'prod', data: { account: 'a-1' } });

    const answers = [await handler(signed(routed, 'req-1')), await handler(signed(unmatched, 'req-2'))];
    const archived = await takeAllMessages(sqs.client, sqs.queueUrl('_archive'));
    const [inRoute] = await takeAllMessages(sqs.client, sqs.queueUrl('accounts'));
    await takeAllMessages(sqs.client, sqs.queueUrl('catch-all'));

    expect(answers.map((a) => a.statusCode)).toEqual([200, 200]);
    expect(archived.map((m) => m.Body).sort()).toEqual([routed, unmatched].sort());
    const same = archived.find(
      (m) => m.MessageAttributes?.[MESSAGE_ATTRIBUTE.DELIVERY_ID]?.StringValue === 'req-1',
    );
    expect(same?.MessageAttributes).toEqual(inRoute?.MessageAttributes);
  });

  it('answers 503 when the archive queue does not take the delivery, so Argyle retries', async () => {
    const handler = receiver('no-such-archive-queue');
    const body = argyleBody({ event: 'accounts.connected', name: 'prod', data: { account: 'a-2' } });

    const answer = await handler(signed(body, 'req-3'));
    await takeAllMessages(sqs.client, sqs.queueUrl('accounts'));

    expect(answer.statusCode).toBe(503);
    expect(failures).toEqual(['no-such-archive-queue']);
  });
});
