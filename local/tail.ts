/**
 * Reads what is in a queue, local or deployed: receives messages with every attribute, hands each one over
 * for printing, and deletes it when asked. Without `delete`, each message stays hidden for the visibility
 * timeout of the receive and is made visible again when the tail ends; every receive counts toward the
 * queue's `maxReceiveCount`, as any consumer's does.
 */
import {
  ChangeMessageVisibilityBatchCommand,
  DeleteMessageBatchCommand,
  type Message,
  ReceiveMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { localQueueUrl, localSqsClient } from './sqs-emulator';

export interface TailOptions {
  readonly client: Pick<SQSClient, 'send'>;
  readonly queueUrl: string;
  /** Delete each message once it has been handed over. @default false */
  readonly delete?: boolean;
  /** Keep long-polling until `signal` aborts. @default false: stop when the queue is empty */
  readonly follow?: boolean;
  /** Stop after this many messages. */
  readonly max?: number;
  /** How long a received message stays hidden when it is not deleted. @default 30 */
  readonly visibilityTimeoutSeconds?: number;
  /** Long-poll wait of each receive while following. @default 20 */
  readonly waitSeconds?: number;
  readonly signal?: AbortSignal;
  readonly onMessage: (message: Message) => void;
}

export interface TailSummary {
  readonly received: number;
  readonly deleted: number;
}

/** Where a queue is: a URL (a deployed queue, or a local one) or a local queue name on `sqsPort`. */
export interface QueueTarget {
  readonly queueUrl: string;
  readonly name: string;
  readonly local: boolean;
}

const SQS_HOST = /^sqs\.([a-z0-9-]+)\.amazonaws\.com(?:\.cn)?$/;

export function queueTarget(queue: string, sqsPort: number): QueueTarget {
  if (/^https?:\/\//.test(queue)) {
    const url = new URL(queue);
    const name = url.pathname.split('/').filter(Boolean).at(-1) ?? queue;
    return { queueUrl: url.href, name, local: url.hostname === '127.0.0.1' || url.hostname === 'localhost' };
  }
  return { queueUrl: localQueueUrl(sqsPort, queue), name: queue, local: true };
}

/** A client for the target: the local emulator with local credentials, or AWS with the default credentials. */
export function clientFor(target: QueueTarget): SQSClient {
  const url = new URL(target.queueUrl);
  if (target.local) return localSqsClient(url.origin);
  const region = SQS_HOST.exec(url.hostname)?.[1];
  return new SQSClient(region === undefined ? {} : { region });
}

export async function tail(options: TailOptions): Promise<TailSummary> {
  const { client, queueUrl, signal } = options;
  const max = options.max ?? Number.POSITIVE_INFINITY;
  const hidden = new Map<string, string>();
  let received = 0;
  let deleted = 0;
  try {
    while (received < max && !signal?.aborted) {
      const output = await client
        .send(
          new ReceiveMessageCommand({
            QueueUrl: queueUrl,
            MaxNumberOfMessages: Math.min(10, max - received),
            MessageAttributeNames: ['All'],
            MessageSystemAttributeNames: ['All'],
            // local-aws-sqs reads only the older name of the same setting.
            AttributeNames: ['All'],
            VisibilityTimeout: options.visibilityTimeoutSeconds ?? 30,
            // Without follow, a short long poll: a receive with no wait may miss messages on SQS.
            WaitTimeSeconds: options.follow ? (options.waitSeconds ?? 20) : 1,
          }),
          { abortSignal: signal },
        )
        .catch((error: unknown) => {
          if (signal?.aborted) return { Messages: [] };
          throw error;
        });
      const messages = output.Messages ?? [];
      if (messages.length === 0 && !options.follow) break;
      for (const message of messages) {
        received++;
        options.onMessage(message);
        if (message.ReceiptHandle && message.MessageId) hidden.set(message.MessageId, message.ReceiptHandle);
      }
      if (options.delete) deleted += await deleteAll(client, queueUrl, hidden);
    }
  } finally {
    if (!options.delete) await release(client, queueUrl, hidden);
  }
  return { received, deleted };
}

async function deleteAll(
  client: Pick<SQSClient, 'send'>,
  queueUrl: string,
  handles: Map<string, string>,
): Promise<number> {
  let deleted = 0;
  for (const batch of batches(handles)) {
    const output = await client.send(
      new DeleteMessageBatchCommand({
        QueueUrl: queueUrl,
        Entries: batch.map(([, handle], index) => ({ Id: `m${index}`, ReceiptHandle: handle })),
      }),
    );
    deleted += output.Successful?.length ?? 0;
  }
  handles.clear();
  return deleted;
}

/** Makes the messages received and not deleted visible again at once, for the queue's real consumers. */
async function release(client: Pick<SQSClient, 'send'>, queueUrl: string, handles: Map<string, string>) {
  for (const batch of batches(handles)) {
    await client
      .send(
        new ChangeMessageVisibilityBatchCommand({
          QueueUrl: queueUrl,
          Entries: batch.map(([, handle], index) => ({
            Id: `m${index}`,
            ReceiptHandle: handle,
            VisibilityTimeout: 0,
          })),
        }),
      )
      // They come back by themselves after the visibility timeout anyway.
      .catch(() => undefined);
  }
  handles.clear();
}

function batches(handles: Map<string, string>): [string, string][][] {
  const entries = [...handles.entries()];
  const result: [string, string][][] = [];
  for (let i = 0; i < entries.length; i += 10) result.push(entries.slice(i, i + 10));
  return result;
}
