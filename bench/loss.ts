/**
 * M6, the loss figure: a burst of signed deliveries through the receiver while SQS fails in every way the
 * faulty front (`faulty-sqs.ts`) knows, then every queue read back. Counts deliveries answered 2xx with a
 * target queue lacking their message (must be 0), deliveries answered 5xx (Argyle retries them), and duplicates
 * (a lost or late answer makes the SDK send again what SQS already stored). Bounded in count and time; every
 * socket is on 127.0.0.1.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { CreateQueueCommand, type Message, SQSClient } from '@aws-sdk/client-sqs';
import { CLIENT_OPTIONS } from '../functions/receiver/clients';
import { createMetrics, type ReceiverMetrics } from '../functions/receiver/observability';
import { signBody, signingKey } from '../functions/receiver/signature';
import { createReceiver } from '../functions/receiver/wiring';
import { MESSAGE_ATTRIBUTE, type RoutingTable } from '../functions/shared/contract';
import { startSqsEmulator, takeAllMessages } from '../local/sqs-emulator';
import { apiGatewayEvent } from '../test/support/api-gateway-event';
import { type Fault, startFaultySqs } from './faulty-sqs';
import { argyleShapedBody, DUMMY_CREDENTIALS, REGION, receiverEnv, SECRET } from './fixtures';
import { withOutputDiscarded } from './receiver-setup';
import type { MeasureResult, Row } from './report';

export interface LossOptions {
  readonly deliveries: number;
  readonly concurrency: number;
  /** The run stops sending new deliveries after this long. */
  readonly budgetMs: number;
}

/** Every delivery goes to a standard queue and a FIFO queue (which drops the SDK's repeats of one send). */
const QUEUES = ['loss-standard', 'loss.fifo'] as const;
const TABLE: RoutingTable = {
  queues: [...QUEUES],
  catchAll: 0,
  rules: [
    { events: ['accounts.*'], queue: 0 },
    { events: ['accounts.*'], queue: 1 },
  ],
};

function silentMetrics(): ReceiverMetrics {
  const real = createMetrics();
  return Object.fromEntries(Object.keys(real).map((name) => [name, () => {}])) as unknown as ReceiverMetrics;
}

export async function measureLoss(options: LossOptions): Promise<MeasureResult> {
  const emulator = await startSqsEmulator(0);
  const front = await startFaultySqs({
    target: emulator.endpoint,
    faultRate: 0.3,
    slowAnswerMs: CLIENT_OPTIONS.requestHandler.requestTimeout + 500,
    refuseEveryMs: 2_000,
    refuseForMs: 250,
    seed: 12,
  });
  // One receiver per worker, as one Lambda instance serves one delivery at a time with its own client (and so
  // its own SDK retry quota).
  const clients = Array.from(
    { length: options.concurrency },
    () =>
      new SQSClient({
        ...CLIENT_OPTIONS,
        endpoint: front.endpoint,
        region: REGION,
        credentials: DUMMY_CREDENTIALS,
      }),
  );
  try {
    for (const name of QUEUES) {
      await emulator.client.send(
        new CreateQueueCommand({
          QueueName: name,
          Attributes: name.endsWith('.fifo') ? { FifoQueue: 'true' } : {},
        }),
      );
    }
    const key = signingKey(SECRET);
    const keys = [key];
    const receiverFor = (sqs: SQSClient) =>
      createReceiver(receiverEnv(TABLE, `${front.endpoint}/123456789012/`), {
        secret: {
          // A warm SigningSecret: the current key at once, as its fresh cache gives it.
          currentKey: () => key,
          keys: async () => keys,
          refreshAfterFailedCheck: async () => undefined,
          previousUnavailable: () => false,
        },
        sqs,
        logger: new Logger({ logLevel: 'SILENT' }),
        metrics: silentMetrics(),
      });
    const body = argyleShapedBody(1024);
    const signature = signBody(SECRET, body);
    const answers = new Map<string, number>();
    const started = Date.now();
    let next = 0;
    const worker = async (sqs: SQSClient) => {
      const handler = receiverFor(sqs);
      while (next < options.deliveries && Date.now() - started < options.budgetMs) {
        const id = `loss-${next++}`;
        const event = apiGatewayEvent(body, { requestId: id, headers: { 'X-Argyle-Signature': signature } });
        answers.set(id, (await handler(event)).statusCode);
      }
    };
    await withOutputDiscarded(() => Promise.all(clients.map(worker)));
    const elapsedMs = Date.now() - started;
    front.heal();
    // Late answers may still be storing: let them land before reading back.
    await new Promise((resolve) => setTimeout(resolve, CLIENT_OPTIONS.requestHandler.requestTimeout + 1_000));
    const stored = new Map<string, Message[]>();
    for (const name of QUEUES)
      stored.set(name, await takeAllMessages(emulator.client, emulator.queueUrl(name)));
    return report(answers, stored, front.injected(), elapsedMs, options);
  } finally {
    for (const client of clients) client.destroy();
    await front.close();
    await emulator.close();
  }
}

function report(
  answers: ReadonlyMap<string, number>,
  stored: ReadonlyMap<string, Message[]>,
  injected: Readonly<Record<Fault, number>>,
  elapsedMs: number,
  options: LossOptions,
): MeasureResult {
  const copies = new Map<string, Map<string, number>>();
  for (const [queue, messages] of stored) {
    const perDelivery = new Map<string, number>();
    for (const message of messages) {
      const id = message.MessageAttributes?.[MESSAGE_ATTRIBUTE.DELIVERY_ID]?.StringValue ?? '?';
      perDelivery.set(id, (perDelivery.get(id) ?? 0) + 1);
    }
    copies.set(queue, perDelivery);
  }
  const ok = [...answers].filter(([, status]) => status >= 200 && status < 300).map(([id]) => id);
  const failed = [...answers].filter(([, status]) => status >= 500).map(([id]) => id);
  const other = answers.size - ok.length - failed.length;
  const lost = ok.filter((id) => QUEUES.some((queue) => !copies.get(queue)?.has(id)));
  const storedDespite5xx = failed.filter((id) => QUEUES.some((queue) => copies.get(queue)?.has(id)));
  const duplicates = Object.fromEntries(
    QUEUES.map((queue) => [
      queue,
      [...(copies.get(queue)?.values() ?? [])].reduce((sum, n) => sum + n - 1, 0),
    ]),
  );
  const count = (value: number) => ({ value, unit: 'count' as const });
  const rows: Row[] = [
    {
      id: 'M6',
      metric: 'loss: 2xx answered, a queue lacks the message',
      ours: count(lost.length),
      target: '0',
      status: lost.length === 0 ? 'pass' : 'miss',
      note: `${answers.size} deliveries × ${QUEUES.length} queues in ${(elapsedMs / 1000).toFixed(1)} s, 30 % of SendMessage attempts faulty`,
    },
    {
      id: 'M6',
      metric: 'loss: answered 5xx (Argyle retries)',
      ours: count(failed.length),
      target: 'info',
      status: 'info',
      note: `${storedDespite5xx.length} of them stored in some queue anyway; ${other} other answers`,
    },
    ...QUEUES.map(
      (queue): Row => ({
        id: 'M6',
        metric: `loss: duplicates in ${queue}`,
        ours: count(duplicates[queue] ?? 0),
        target: 'info',
        status: 'info',
        note: queue.endsWith('.fifo') ? 'deduplicated per delivery id' : 'from lost and late answers',
      }),
    ),
  ];
  return {
    rows,
    details: {
      options,
      elapsedMs,
      answered: answers.size,
      answered2xx: ok.length,
      answered5xx: failed.length,
      answeredOther: other,
      lost: lost.length,
      storedDespite5xx: storedDespite5xx.length,
      duplicates,
      injected: { ...injected, refused: `${injected.refused} refusal windows` },
    },
  };
}
