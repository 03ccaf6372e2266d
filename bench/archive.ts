/**
 * M7, what the archive adds per delivery (docs/archive.md, docs/performance.md):
 * - on the receiver's path: the handler with 1 route queue, archive off against archive on (one more
 *   SendMessage, sent in parallel with the route's), SQS stubbed at the network edge (bench/sqs-stub.ts) as in
 *   M3b, and against the SQS emulator over HTTP as in M3c; interleaved rounds, 1 KB body;
 * - off it: the archiver's own CPU per delivery (record, sort, gzip) in batches of 1,000.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import type { SQSClient } from '@aws-sdk/client-sqs';
import type { SQSRecord } from 'aws-lambda';
import { archiveRecordOf, encodeRecords } from '../functions/archive/record';
import { signingKey } from '../functions/receiver/signature';
import { createReceiver } from '../functions/receiver/wiring';
import { RECEIVER_ENV } from '../functions/shared/contract';
import { exampleDeliveries } from '../local/simulate';
import { startSqsEmulator } from '../local/sqs-emulator';
import { ONE_QUEUE, receiverEnv, SECRET, STUB_QUEUE_URL_PREFIX } from './fixtures';
import type { LoopOptions } from './handler';
import { messageFor, signedEvent, withOutputDiscarded } from './receiver-setup';
import { compared, type MeasureResult } from './report';
import { createSqsStub, stubbedSqsClient } from './sqs-stub';
import { interleaved } from './stats';

const BATCH_EVENTS = ['accounts.updated', 'paystubs.added', 'gigs.added', 'accounts.connected'];

function receiver(sqs: Pick<SQSClient, 'send'>, prefix: string, archiveQueueUrl?: string) {
  const key = signingKey(SECRET);
  return createReceiver(
    {
      ...receiverEnv(ONE_QUEUE, prefix),
      ...(archiveQueueUrl ? { [RECEIVER_ENV.ARCHIVE_QUEUE_URL]: archiveQueueUrl } : {}),
    },
    {
      secret: {
        currentKey: async () => key,
        keys: async () => [key],
        refreshAfterFailedCheck: async () => undefined,
        previousUnavailable: () => false,
      },
      sqs,
      logger: new Logger({ logLevel: 'INFO' }),
    },
  );
}

export async function measureArchive(options: LoopOptions): Promise<MeasureResult> {
  const { event } = signedEvent(1024);
  const stubs = { off: createSqsStub(), on: createSqsStub() };
  const stubOff = receiver(stubbedSqsClient(stubs.off), STUB_QUEUE_URL_PREFIX);
  const stubOn = receiver(
    stubbedSqsClient(stubs.on),
    STUB_QUEUE_URL_PREFIX,
    `${STUB_QUEUE_URL_PREFIX}archive`,
  );
  const emulator = await startSqsEmulator(0, { enforceSqsRules: false });
  await emulator.createQueues(
    [...ONE_QUEUE.queues, 'archive'].map((name) => ({
      name,
      route: name,
      fifo: false,
      deadLetter: false,
      attributes: {},
    })),
  );
  const httpOff = receiver(emulator.client, emulator.urlPrefix);
  const httpOn = receiver(emulator.client, emulator.urlPrefix, emulator.queueUrl('archive'));
  try {
    const results = await withOutputDiscarded(async () => {
      for (const handler of [stubOff, stubOn, httpOff, httpOn]) {
        const answer = await handler(event);
        if (answer.statusCode !== 200) throw new Error(`M7 handler answered ${answer.statusCode}`);
      }
      const stubbed = await interleaved({ off: () => stubOff(event), on: () => stubOn(event) }, options);
      const http = await interleaved({ off: () => httpOff(event), on: () => httpOn(event) }, options);
      return { stubbed, http };
    });
    // The archiver's CPU per delivery: 1,000 catalogue examples (different ids and values, as a sync sends
    // them), turned into one gzip object.
    const batch = exampleDeliveries({ events: BATCH_EVENTS, count: 250, seed: 1 }).map((delivery, i) => {
      const message = messageFor(delivery.body, {
        ...event,
        requestContext: { ...event.requestContext, requestId: `bench-${i}` },
      });
      return {
        messageId: `m${i}`,
        body: message.body,
        messageAttributes: Object.fromEntries(
          Object.entries(message.attributes).map(([name, value]) => [
            name,
            { stringValue: value.StringValue },
          ]),
        ),
      } as unknown as SQSRecord;
    });
    const rounds = 20;
    let bytes = 0;
    const started = performance.now();
    for (let i = 0; i < rounds; i++) {
      bytes = encodeRecords(batch.map((r) => archiveRecordOf(r)).filter((r) => r !== undefined)).length;
    }
    const archiverUs = ((performance.now() - started) * 1000) / (rounds * batch.length);
    const perEvent = (eventsPerSecond: number | undefined) => ({
      value: 1e6 / (eventsPerSecond ?? Number.NaN),
      unit: 'µs' as const,
    });
    const row = (
      metric: string,
      on: number | undefined,
      off: number | undefined,
      target: string,
      pass: (r: number) => boolean,
      note?: string,
    ) =>
      compared(
        {
          id: 'M7',
          metric,
          ours: perEvent(on),
          against: { label: 'archive off', value: perEvent(off) },
          target,
          note,
        },
        pass,
      );
    return {
      rows: [
        row(
          'handler with the archive on, stubbed SQS (mean/event)',
          results.stubbed.on?.eventsPerSecond,
          results.stubbed.off?.eventsPerSecond,
          'report',
          () => true,
          `M7: p50 archive off ${results.stubbed.off?.p50.toFixed(0)} / on ${results.stubbed.on?.p50.toFixed(0)} µs stubbed, off ${results.http.off?.p50.toFixed(0)} / on ${results.http.on?.p50.toFixed(0)} µs over HTTP; the two sends run in parallel, so on Lambda, where each waits on the network, the wait is the slower of two round trips, and the CPU that of a second SDK send (as M3b's 3 queues against 1)`,
        ),
        row(
          'handler with the archive on, local SQS over HTTP (mean/event)',
          results.http.on?.eventsPerSecond,
          results.http.off?.eventsPerSecond,
          'report',
          () => true,
        ),
        {
          id: 'M7',
          metric: 'archiver CPU per delivery (batch of 1,000, gzip)',
          ours: { value: archiverUs, unit: 'µs' },
          target: 'report',
          status: 'info',
          note: `M7: one object of 1,000 catalogue example deliveries is ${bytes} bytes gzipped (${(bytes / 1000).toFixed(0)} bytes a delivery)`,
        },
      ],
      details: { latencyUs: results, archiverUsPerDelivery: archiverUs, objectBytesPer1000: bytes },
    };
  } finally {
    await emulator.close();
  }
}
