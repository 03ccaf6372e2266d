/**
 * Reads what is in a queue, local or deployed: receives messages with every attribute, hands each one over
 * for printing, and deletes it when asked. Each message is received once per tail. Without `delete`, it stays
 * hidden while the tail runs and is made visible again when the tail ends, however it ends. On AWS that one
 * receive counts toward the queue's `maxReceiveCount`, as any consumer's does; the dev server's queues give
 * it back (local/tolerant-looks.ts).
 */
import {
  ChangeMessageVisibilityBatchCommand,
  DeleteMessageBatchCommand,
  GetQueueAttributesCommand,
  type Message,
  ReceiveMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { localQueueUrl, localSqsClient } from './sqs-emulator';
import { LOOK_HEADER } from './tolerant-looks';

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
  /** Long-poll wait of each receive while following; stopping can take this long. @default 5 */
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
  if (target.local) {
    // The dev server's emulator gives back the receives of a look (local/tolerant-looks.ts).
    const client = localSqsClient(url.origin);
    client.middlewareStack.add(
      (next) => async (args) => {
        const request = args.request as { headers?: Record<string, string> };
        if (request.headers) request.headers[LOOK_HEADER] = '1';
        return next(args);
      },
      { step: 'build', name: 'argyleLocalLook' },
    );
    return client;
  }
  const region = SQS_HOST.exec(url.hostname)?.[1];
  return new SQSClient(region === undefined ? {} : { region });
}

/** The queue's `maxReceiveCount` (from its redrive policy), or `undefined` when it has none. */
export async function maxReceiveCountOf(
  client: Pick<SQSClient, 'send'>,
  queueUrl: string,
): Promise<number | undefined> {
  const { Attributes } = await client.send(
    new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['RedrivePolicy'] }),
  );
  if (Attributes?.RedrivePolicy === undefined) return undefined;
  const count = Number(
    (JSON.parse(Attributes.RedrivePolicy) as { maxReceiveCount?: unknown }).maxReceiveCount,
  );
  return Number.isInteger(count) ? count : undefined;
}

export async function tail(options: TailOptions): Promise<TailSummary> {
  const { client, queueUrl, signal } = options;
  const max = options.max ?? Number.POSITIVE_INFINITY;
  const hidden = new Map<string, string>();
  const unseen = new Map<string, string>();
  let received = 0;
  let deleted = 0;
  try {
    while (received < max && !signal?.aborted) {
      const output = await client.send(
        new ReceiveMessageCommand({
          QueueUrl: queueUrl,
          MaxNumberOfMessages: Math.min(10, max - received),
          MessageAttributeNames: ['All'],
          MessageSystemAttributeNames: ['All'],
          // local-aws-sqs reads only the older name of the same setting.
          AttributeNames: ['All'],
          VisibilityTimeout: options.visibilityTimeoutSeconds ?? 30,
          // Without follow, a short long poll: a receive with no wait may miss messages on SQS.
          WaitTimeSeconds: options.follow ? (options.waitSeconds ?? 5) : 1,
        }),
        // Not aborted on stop: a long poll given up by the client still receives on the server, and hides
        // what it gets with no receipt handle to give it back. Stopping waits for it instead (at most the
        // wait) and makes what it returns visible again.
      );
      const messages = output.Messages ?? [];
      if (messages.length === 0 && !options.follow) break;
      for (const message of messages) {
        // What arrives after the stop is neither shown nor deleted, only made visible again.
        const held = signal?.aborted ? unseen : hidden;
        if (message.ReceiptHandle && message.MessageId) held.set(message.MessageId, message.ReceiptHandle);
        if (held === unseen) continue;
        received++;
        options.onMessage(message);
      }
      if (options.delete) deleted += await deleteAll(client, queueUrl, hidden);
    }
  } finally {
    if (!options.delete) await release(client, queueUrl, hidden);
    await release(client, queueUrl, unseen);
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
