/**
 * M3c, the whole handler against the local SQS emulator (bench/sqs-server.ts, a child process on 127.0.0.1)
 * over HTTP with keep-alive (the SDK's default agent), with the receiver's client options, against a bare
 * SDK `SendMessage` of the same message to the same emulator through a client at the SDK's defaults (a bare
 * receiver's `new SQSClient({})`). 1 KB body, 1 queue, sequential calls. Diagnostic variants run the handler
 * with a SILENT logger and no-op metrics, and compare it with a send through the receiver's own client options.
 */
import { CreateQueueCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { CLIENT_OPTIONS } from '../functions/receiver/clients';
import { sendInput } from '../functions/receiver/message';
import { ACCOUNT_ID, DUMMY_CREDENTIALS, ONE_QUEUE, REGION } from './fixtures';
import type { LoopOptions } from './handler';
import { messageFor, signedEvent, stubbedReceiver, withOutputDiscarded } from './receiver-setup';
import { compared, type MeasureResult } from './report';
import { startStandIns } from './stand-ins';
import { interleaved } from './stats';

export async function measureLocalSqs(options: LoopOptions): Promise<MeasureResult> {
  const emulator = await startStandIns();
  try {
    const clients: SQSClient[] = [];
    /** The receiver's client options, or (`'sdk-defaults'`) none, as a bare receiver's `new SQSClient({})`. */
    const client = (options: 'receiver' | 'sdk-defaults' = 'receiver') => {
      const sqs = new SQSClient({
        ...(options === 'receiver' ? CLIENT_OPTIONS : {}),
        region: REGION,
        credentials: DUMMY_CREDENTIALS,
        endpoint: emulator.endpoint,
      });
      clients.push(sqs);
      return sqs;
    };
    const admin = client();
    const prefix = `${emulator.endpoint}/${ACCOUNT_ID}/`;
    for (const queue of ONE_QUEUE.queues) await admin.send(new CreateQueueCommand({ QueueName: queue }));
    const { body, event } = signedEvent(1024);
    const receiver = stubbedReceiver(ONE_QUEUE, prefix, client());
    const silenced = stubbedReceiver(ONE_QUEUE, prefix, client(), 'silenced');
    const bareClient = client('sdk-defaults');
    const bareTunedClient = client();
    const bareInput = sendInput(messageFor(body, event), receiver.config.queueUrls[0] ?? '');

    const results = await withOutputDiscarded(async () => {
      const response = await receiver.handler(event);
      if (response.statusCode !== 200)
        throw new Error(`handler answered ${response.statusCode}: ${response.body}`);
      await bareClient.send(new SendMessageCommand(bareInput));
      await bareTunedClient.send(new SendMessageCommand(bareInput));
      return interleaved(
        {
          bare: () => bareClient.send(new SendMessageCommand(bareInput)),
          bareTuned: () => bareTunedClient.send(new SendMessageCommand(bareInput)),
          handler: () => receiver.handler(event),
          handlerSilenced: () => silenced.handler(event),
        },
        options,
      );
    });
    const { bare, bareTuned, handler, handlerSilenced } = results;
    if (!bare || !bareTuned || !handler || !handlerSilenced) throw new Error('missing M3c variant');
    for (const sqs of clients) sqs.destroy();
    const { connections } = await emulator.stop();
    const p = (r: typeof bare) => `p50 ${(r.p50 / 1000).toFixed(2)} / p99 ${(r.p99 / 1000).toFixed(2)} ms`;
    return {
      rows: [
        compared(
          {
            id: 'M3c',
            metric: 'handler → local SQS over HTTP, 1 queue',
            ours: { value: handler.eventsPerSecond, unit: 'ev/s' },
            against: { label: 'bare send', value: { value: bare.eventsPerSecond, unit: 'ev/s' } },
            target: '≥ 0.85×',
            note: `M3c: handler ${p(handler)}; bare send ${p(bare)}; emulator (local-aws-sqs, own process) accepted ${connections} TCP connections in all (keep-alive)`,
          },
          (ratio) => ratio >= 0.85,
        ),
        {
          id: 'M3c',
          metric: 'diagnostic: … with Powertools silenced',
          ours: { value: handlerSilenced.eventsPerSecond, unit: 'ev/s' },
          against: { label: 'bare send', value: { value: bare.eventsPerSecond, unit: 'ev/s' } },
          ratio: handlerSilenced.eventsPerSecond / bare.eventsPerSecond,
          target: 'report',
          status: 'info',
        },
        {
          id: 'M3c',
          metric: "diagnostic: … against a send through the receiver's client",
          ours: { value: handler.eventsPerSecond, unit: 'ev/s' },
          against: {
            label: "bare, receiver's client",
            value: { value: bareTuned.eventsPerSecond, unit: 'ev/s' },
          },
          ratio: handler.eventsPerSecond / bareTuned.eventsPerSecond,
          target: 'report',
          status: 'info',
        },
      ],
      details: { latencyUs: results, tcpConnections: connections },
    };
  } catch (error) {
    await emulator.stop().catch(() => undefined);
    throw error;
  }
}
