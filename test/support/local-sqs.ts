/**
 * A local SQS that speaks the real protocol (local-aws-sqs, in process on 127.0.0.1) and refuses what real SQS
 * refuses in a message (characters outside its allowed set, an empty body, an oversized message: see
 * `local/sqs-rules.ts`), with helpers to create queues the way the stack does and to read back what arrived.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  CreateQueueCommand,
  type Message,
  PurgeQueueCommand,
  ReceiveMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { createRequestHandler } from 'local-aws-sqs';
import { withSqsRules } from '../../local/sqs-rules';

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

export async function startLocalSqs(): Promise<LocalSqs> {
  const { service, requestHandler } = createRequestHandler({
    port: 0,
    hostname: '127.0.0.1',
    emulateQueueCreationLifecycle: false,
  });
  const handle = withSqsRules(requestHandler);
  const server: Server = createServer((request, response) => {
    handle(request, response).catch(() => {
      if (!response.headersSent) response.writeHead(500);
      response.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  // Queue URLs carry the port the emulator listens on.
  service.PORT = port;
  const endpoint = `http://127.0.0.1:${port}`;
  const urlPrefix = `${endpoint}/123456789012/`;
  const client = new SQSClient({ endpoint, region: 'us-east-1' });
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
    async close() {
      client.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
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
