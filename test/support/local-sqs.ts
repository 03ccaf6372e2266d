/**
 * A local SQS that speaks the real protocol (local-aws-sqs, in process on 127.0.0.1) and refuses what real SQS
 * refuses in a message (characters outside its allowed set, an empty body, an oversized message: see
 * `local/sqs-rules.ts`), with helpers to create queues the way the stack does and to read back what arrived.
 */
import {
  CreateQueueCommand,
  type Message,
  PurgeQueueCommand,
  ReceiveMessageCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import { startSqsEmulator } from '#local/sqs-emulator';

export interface LocalSqs {
  readonly endpoint: string;
  /** What the receiver puts before a queue name to get its URL. */
  readonly urlPrefix: string;
  readonly client: SQSClient;
  createQueue(name: string): Promise<string>;
  /** Every message now in the queue, with all attributes, leaving them invisible for a while. */
  drain(name: string): Promise<Message[]>;
  purge(name: string): Promise<void>;
  close(): Promise<void>;
}

/** The dev server's SQS emulator (`local/sqs-emulator.ts`) on a free port, with helpers for tests. */
export async function startLocalSqs(): Promise<LocalSqs> {
  const emulator = await startSqsEmulator(0);
  const { endpoint, urlPrefix, client } = emulator;
  return {
    endpoint,
    urlPrefix,
    client,
    async createQueue(name) {
      const fifo = name.endsWith('.fifo');
      const output = await client.send(
        new CreateQueueCommand({
          QueueName: name,
          Attributes: fifo
            ? { FifoQueue: 'true', SqsManagedSseEnabled: 'true' }
            : { SqsManagedSseEnabled: 'true' },
        }),
      );
      return output.QueueUrl ?? `${urlPrefix}${name}`;
    },
    drain: (name) => drainQueue(client, urlPrefix + name),
    async purge(name) {
      await client.send(new PurgeQueueCommand({ QueueUrl: urlPrefix + name }));
    },
    close: () => emulator.close(),
  };
}

/** Every message now in the queue, with all attributes, leaving them hidden for a minute. */
export async function drainQueue(client: SQSClient, queueUrl: string): Promise<Message[]> {
  const messages: Message[] = [];
  for (;;) {
    const output = await client.send(
      new ReceiveMessageCommand({
        QueueUrl: queueUrl,
        MaxNumberOfMessages: 10,
        MessageAttributeNames: ['All'],
        MessageSystemAttributeNames: ['All'],
        // local-aws-sqs reads only the older name of the same setting.
        AttributeNames: ['All'],
        VisibilityTimeout: 60,
        WaitTimeSeconds: 0,
      }),
    );
    if (!output.Messages?.length) return messages;
    messages.push(...output.Messages);
  }
}
