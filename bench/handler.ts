/**
 * M3b, the whole handler with SQS stubbed at the network edge (bench/sqs-stub.ts): 1 and 3 target queues,
 * against a bare `SendMessage` of the same message through the same stub. Sequential calls, interleaved
 * time-boxed rounds, 1 KB body. Logger and metrics run in full; their output is discarded. The floor is a bare
 * receiver's send: a client at the SDK's defaults (`new SQSClient({})`, as M2b's floor), the receiver's own
 * client options (retries, timeouts, cached middleware) being part of what is measured. Diagnostic variants split
 * the overhead: the pipeline with SQS replaced by a no-op, with and without Powertools, and the handler against
 * the same send through a client with the receiver's options (the pipeline's cost alone).
 */
import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { sendInput } from '../functions/receiver/message';
import { ONE_QUEUE, STUB_QUEUE_URL_PREFIX, THREE_QUEUES } from './fixtures';
import { messageFor, signedEvent, stubbedReceiver, withOutputDiscarded } from './receiver-setup';
import { compared, type MeasureResult, type Row } from './report';
import { createSqsStub, stubbedSqsClient } from './sqs-stub';
import { interleaved, type VariantResult } from './stats';

export interface LoopOptions {
  readonly rounds: number;
  readonly budgetMs: number;
  readonly warmupMs: number;
}

/** An SQS client that takes every message at once: what is left is the receiver's own work. */
const NO_OP_SQS = { send: async () => ({ MessageId: 'no-op' }) } as unknown as Pick<SQSClient, 'send'>;

export async function measureHandler(options: LoopOptions): Promise<MeasureResult> {
  const { body, event } = signedEvent(1024);
  const stubs = {
    bare: createSqsStub(),
    bareTuned: createSqsStub(),
    one: createSqsStub(),
    three: createSqsStub(),
  };
  // The floor: a bare receiver's client, `new SQSClient({})` (with the stub); the receiver's own options add
  // retries, timeouts and a cached middleware stack (functions/receiver/clients.ts).
  const bareClient = stubbedSqsClient(stubs.bare, 'sdk-defaults');
  const bareTunedClient = stubbedSqsClient(stubs.bareTuned);
  const one = stubbedReceiver(ONE_QUEUE, STUB_QUEUE_URL_PREFIX, stubbedSqsClient(stubs.one));
  const three = stubbedReceiver(THREE_QUEUES, STUB_QUEUE_URL_PREFIX, stubbedSqsClient(stubs.three));
  const pipeline = stubbedReceiver(ONE_QUEUE, STUB_QUEUE_URL_PREFIX, NO_OP_SQS);
  const pipelineSilenced = stubbedReceiver(ONE_QUEUE, STUB_QUEUE_URL_PREFIX, NO_OP_SQS, 'silenced');
  const bareInput = sendInput(messageFor(body, event), one.config.queueUrls[0] ?? '');

  const results = await withOutputDiscarded(async () => {
    // Sanity: every handler accepts, and the real ones send to as many queues as intended.
    for (const [receiver, stub, queues] of [
      [one, stubs.one, 1],
      [three, stubs.three, 3],
      [pipeline, undefined, 0],
      [pipelineSilenced, undefined, 0],
    ] as const) {
      const before = stub?.requests() ?? 0;
      const response = await receiver.handler(event);
      const sent = (stub?.requests() ?? 0) - before;
      if (response.statusCode !== 200 || sent !== queues) {
        throw new Error(
          `M3b handler answered ${response.statusCode} after ${sent} sends (expected ${queues})`,
        );
      }
    }
    await bareClient.send(new SendMessageCommand(bareInput));
    await bareTunedClient.send(new SendMessageCommand(bareInput));
    return interleaved(
      {
        bare: () => bareClient.send(new SendMessageCommand(bareInput)),
        bareTuned: () => bareTunedClient.send(new SendMessageCommand(bareInput)),
        handler1: () => one.handler(event),
        handler3: () => three.handler(event),
        pipeline: () => pipeline.handler(event),
        pipelineSilenced: () => pipelineSilenced.handler(event),
      },
      options,
    );
  });
  const get = (name: string): VariantResult => {
    const result = results[name];
    if (!result) throw new Error(`missing M3b variant ${name}`);
    return result;
  };
  const perEvent = (name: string) => ({ value: 1e6 / get(name).eventsPerSecond, unit: 'µs' as const });
  const latency = (label: string, name: string) =>
    `${label} p50 ${get(name).p50.toFixed(0)} / p99 ${get(name).p99.toFixed(0)} µs`;
  const bare = { label: 'bare send', value: perEvent('bare') };
  const diagnostic = (metric: string, name: string, note?: string): Row => ({
    id: 'M3b',
    metric,
    ours: perEvent(name),
    against: bare,
    ratio: perEvent(name).value / bare.value.value,
    target: 'report',
    status: 'info',
    note,
  });
  return {
    rows: [
      compared(
        {
          id: 'M3b',
          metric: 'handler, 1 queue, stubbed SQS (mean/event)',
          ours: perEvent('handler1'),
          against: bare,
          target: '≤ 1.20×',
          note:
            `M3b: ${latency('handler', 'handler1')}; ${latency('bare send', 'bare')}; ` +
            'the bare send carries the same message and attributes, through `new SQSClient({})`',
        },
        (ratio) => ratio <= 1.2,
      ),
      compared(
        {
          id: 'M3b',
          metric: 'handler, 3 queues, stubbed SQS (mean/event)',
          ours: perEvent('handler3'),
          against: { label: '1 queue', value: perEvent('handler1') },
          target: '≤ 3.20×',
        },
        (ratio) => ratio <= 3.2,
      ),
      diagnostic(
        'diagnostic: handler without SQS',
        'pipeline',
        'M3b diagnostics: the same handler with SQS replaced by a no-op, so only its own work is left, with the ' +
          'real Powertools Logger and Metrics and then with a SILENT logger and no-op metrics; the ratio to the ' +
          'bare send is the overhead the 1.20× target budgets',
      ),
      diagnostic('diagnostic: … and Powertools silenced', 'pipelineSilenced'),
      {
        id: 'M3b',
        metric: "diagnostic: handler vs a send through the receiver's client",
        ours: perEvent('handler1'),
        against: { label: "bare, receiver's client", value: perEvent('bareTuned') },
        ratio: perEvent('handler1').value / perEvent('bareTuned').value,
        target: 'report',
        status: 'info',
        note:
          "the same send through a client with the receiver's own options (its cached middleware makes the send " +
          'cheaper than a bare one): what is left is the pipeline alone, Powertools included',
      },
    ],
    details: { latencyUs: results, bodyBytes: Buffer.byteLength(body) },
  };
}
