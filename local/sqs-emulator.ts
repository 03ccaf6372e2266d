/**
 * The SQS emulator of the dev server: local-aws-sqs (the real SQS protocol, JSON and Query) on 127.0.0.1, with
 * SQS's rules on message contents that it lacks (`sqs-rules.ts`), and the queues of the configured routes
 * created through it as the stack creates them: each with its dead-letter queue and redrive policy, FIFO where
 * configured.
 */
import { createServer } from 'node:http';
import {
  CreateQueueCommand,
  DeleteMessageBatchCommand,
  GetQueueAttributesCommand,
  type Message,
  ReceiveMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { createRequestHandler } from 'local-aws-sqs';
import type { DevQueue } from './dev-queues';
import { closeServer, listen } from './listen';
import { withSqsRules } from './sqs-rules';
import { handleTolerantly } from './tolerant-looks';

/** The (cosmetic) account and region of local queue URLs and ARNs. */
export const LOCAL_ACCOUNT_ID = '123456789012';
export const LOCAL_REGION = 'us-east-1';
/** Credentials for local stand-ins, which accept any. */
export const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' } as const;

export interface SqsEmulator {
  /** e.g. `http://127.0.0.1:9324` */
  readonly endpoint: string;
  /** What goes before a queue name to make its URL. */
  readonly urlPrefix: string;
  /** A client for the emulator. */
  readonly client: SQSClient;
  queueUrl(name: string): string;
  /** Creates the queues in order (dead-letter queues come before the queues that use them). */
  createQueues(queues: readonly DevQueue[]): Promise<void>;
  /** TCP connections the emulator has accepted so far (the benchmarks count them). */
  connections(): number;
  close(): Promise<void>;
}

export interface SqsEmulatorOptions {
  /**
   * Refuse what real SQS refuses in SendMessage (local/sqs-rules.ts). Off only in the benchmarks, whose floor
   * and receiver send the same plain messages, so the check would only add the same cost to both sides.
   *
   * @default true
   */
  readonly enforceSqsRules?: boolean;
}

/** A client for a local SQS emulator at `endpoint`. */
export function localSqsClient(endpoint: string): SQSClient {
  return new SQSClient({ endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
}

/** The URL of queue `name` in a local emulator on `port`. */
export function localQueueUrl(port: number, name: string): string {
  return `http://127.0.0.1:${port}/${LOCAL_ACCOUNT_ID}/${name}`;
}

/** Starts the emulator on 127.0.0.1:`port` (0 picks a free port). */
export async function startSqsEmulator(port: number, options: SqsEmulatorOptions = {}): Promise<SqsEmulator> {
  const { service, requestHandler } = createRequestHandler({
    port,
    hostname: '127.0.0.1',
    accountId: LOCAL_ACCOUNT_ID,
    region: LOCAL_REGION,
    // Restarting the dev server re-creates the same queue names at once.
    emulateQueueCreationLifecycle: false,
  });
  const handle = options.enforceSqsRules === false ? requestHandler : withSqsRules(requestHandler);
  const server = createServer((request, response) => {
    // SQS's rules on what a send may hold (local/sqs-rules.ts); receive counts as SQS keeps them, and free
    // looks for the local tail (local/tolerant-looks.ts).
    handleTolerantly(service, request, () => handle(request, response)).catch(() => {
      if (!response.headersSent) response.writeHead(500);
      response.end();
    });
  });
  let connections = 0;
  server.on('connection', () => {
    connections++;
  });
  const actualPort = await listen(server, port, 'the SQS emulator', '--sqs-port');
  // Queue URLs carry the port the emulator listens on.
  service.PORT = actualPort;
  const endpoint = `http://127.0.0.1:${actualPort}`;
  const client = localSqsClient(endpoint);
  const queueUrl = (name: string) => localQueueUrl(actualPort, name);
  return {
    endpoint,
    urlPrefix: queueUrl(''),
    client,
    queueUrl,
    async createQueues(queues) {
      const arns = new Map<string, string>();
      for (const queue of queues) {
        const deadLetterArn = queue.redrive && arns.get(queue.redrive.deadLetterQueue);
        const attributes: Record<string, string> = { ...queue.attributes };
        if (queue.redrive && deadLetterArn) {
          attributes.RedrivePolicy = JSON.stringify({
            deadLetterTargetArn: deadLetterArn,
            maxReceiveCount: queue.redrive.maxReceiveCount,
          });
        }
        const { QueueUrl = queueUrl(queue.name) } = await client.send(
          new CreateQueueCommand({ QueueName: queue.name, Attributes: attributes }),
        );
        const { Attributes } = await client.send(
          new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['QueueArn'] }),
        );
        if (Attributes?.QueueArn) arns.set(queue.name, Attributes.QueueArn);
      }
    },
    connections: () => connections,
    async close() {
      client.destroy();
      await closeServer(server);
      service.resetAll();
    },
  };
}

/**
 * Receives and deletes every message in queue `queueUrl`, batch by batch: a FIFO queue hands out no more of a
 * message group while some of it is in flight, so reading without deleting would stop at the first batch.
 */
export async function takeAllMessages(client: SQSClient, queueUrl: string): Promise<Message[]> {
  const taken: Message[] = [];
  for (;;) {
    const { Messages = [] } = await client.send(
      new ReceiveMessageCommand({
        QueueUrl: queueUrl,
        MaxNumberOfMessages: 10,
        MessageAttributeNames: ['All'],
        AttributeNames: ['All'],
        VisibilityTimeout: 60,
        WaitTimeSeconds: 0,
      }),
    );
    if (Messages.length === 0) return taken;
    taken.push(...Messages);
    await client.send(
      new DeleteMessageBatchCommand({
        QueueUrl: queueUrl,
        Entries: Messages.map((message, i) => ({
          Id: String(i),
          ReceiptHandle: message.ReceiptHandle ?? '',
        })),
      }),
    );
  }
}
