/**
 * Entry of a server child of M4 (bench/end-to-end.ts): starts one variant on 127.0.0.1, sends the parent its
 * URL over IPC, answers CPU readings, and on `stop` reports what it holds, closes and exits.
 *
 * - `floor`: `node:http` that reads the body and answers 200 (the loopback floor)
 * - `verify`: the same, plus the receiver's signature check and envelope parse (no API Gateway event, no SQS)
 * - `dev-server`: local/dev-server.ts: the deployed receiver module behind the API Gateway adapter, its SQS
 *   emulator and Secrets Manager stand-in, all in this process; the receiver's logs and metrics are on (as on
 *   Lambda) and go to this process's stdout, which the parent discards
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SECRET } from './fixtures';

export const SERVER_VARIANTS = ['floor', 'verify', 'dev-server'] as const;
export type ServerVariant = (typeof SERVER_VARIANTS)[number];

export type ParentMessage = { readonly type: 'cpu' } | { readonly type: 'stop' };
export type ChildMessage =
  | { readonly type: 'ready'; readonly url: string }
  | { readonly type: 'cpu'; readonly cpuUs: number }
  | { readonly type: 'stopped'; readonly queuedMessages?: number }
  | { readonly type: 'error'; readonly error: string };

interface Running {
  readonly url: string;
  /** Messages stored in the SQS emulator's queues (dead-letter queues aside), for the dev server. */
  readonly queuedMessages?: () => Promise<number>;
  close(): Promise<void>;
}

/** The receiver's 2xx body, same length, no id generated: floor and verify answer with the same bytes. */
const ACCEPTED = Buffer.from(
  JSON.stringify({ status: 'accepted', deliveryId: '00000000-0000-4000-8000-000000000000' }),
);
const HEADERS = { 'content-type': 'application/json', 'content-length': ACCEPTED.length };

/** A bare `node:http` server that reads each body and answers with `status(body, request)`. */
async function plainServer(status: (body: Buffer, request: IncomingMessage) => number): Promise<Running> {
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      response.writeHead(status(Buffer.concat(chunks), request), HEADERS);
      response.end(ACCEPTED);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/webhook`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

async function verifyServer(): Promise<Running> {
  const { parseEnvelope } = await import('../functions/receiver/envelope');
  const { decodeSignature, matchesAnyKey, signingKey } = await import('../functions/receiver/signature');
  const { SIGNATURE_HEADER } = await import('../functions/shared/contract');
  const keys = [signingKey(SECRET)];
  return plainServer((body, request) => {
    const header = request.headers[SIGNATURE_HEADER];
    const signature = decodeSignature(typeof header === 'string' ? header : undefined);
    if (signature === undefined || !matchesAnyKey(keys, body, signature)) return 401;
    return parseEnvelope(body).ok ? 200 : 400;
  });
}

async function devServer(): Promise<Running> {
  const { startDevServer } = await import('../local/dev-server');
  const { parseConfig } = await import('../lib/config');
  const { localSqsClient } = await import('../local/sqs-emulator');
  const { GetQueueAttributesCommand } = await import('@aws-sdk/client-sqs');
  const server = await startDevServer({
    port: 0,
    sqsPort: 0,
    secret: SECRET,
    // Every default: one route (`*`) and the catch-all, so each delivery goes to one queue.
    config: parseConfig(undefined),
    receiverLogs: true,
  });
  return {
    url: server.webhookUrl,
    async queuedMessages() {
      const sqs = localSqsClient(server.sqsEndpoint);
      try {
        let total = 0;
        for (const queue of server.queues.filter((q) => !q.deadLetter)) {
          const { Attributes } = await sqs.send(
            new GetQueueAttributesCommand({
              QueueUrl: queue.url,
              AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
            }),
          );
          total +=
            Number(Attributes?.ApproximateNumberOfMessages ?? 0) +
            Number(Attributes?.ApproximateNumberOfMessagesNotVisible ?? 0);
        }
        return total;
      } finally {
        sqs.destroy();
      }
    },
    close: () => server.close(),
  };
}

const START: Record<ServerVariant, () => Promise<Running>> = {
  floor: () => plainServer(() => 200),
  verify: verifyServer,
  'dev-server': devServer,
};

const send = (message: ChildMessage) =>
  new Promise<void>((resolve) => {
    process.send?.(message, () => resolve());
  });

const variant = process.argv[2] ?? '';
if (process.send) {
  try {
    if (!(variant in START)) throw new Error(`unknown server variant ${variant}`);
    const running = await START[variant as ServerVariant]();
    process.on('message', (message: ParentMessage) => {
      if (message.type === 'cpu') {
        const { user, system } = process.cpuUsage();
        void send({ type: 'cpu', cpuUs: user + system });
        return;
      }
      void (async () => {
        const queuedMessages = await running.queuedMessages?.();
        await running.close();
        await send({ type: 'stopped', queuedMessages });
        process.exit(0);
      })().catch(async (error: unknown) => {
        await send({
          type: 'error',
          error: error instanceof Error ? (error.stack ?? error.message) : String(error),
        });
        process.exit(1);
      });
    });
    // The parent is gone (crashed or killed): nobody will send `stop`.
    process.on('disconnect', () => process.exit(0));
    await send({ type: 'ready', url: running.url });
  } catch (error) {
    await send({
      type: 'error',
      error: error instanceof Error ? (error.stack ?? error.message) : String(error),
    });
    process.exit(1);
  }
}
