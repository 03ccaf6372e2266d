/**
 * A faulty SQS on 127.0.0.1 for the loss run (M6): an HTTP front to the SQS emulator that, for each SendMessage
 * attempt, picks a fault from a seeded schedule, and for a share of the time refuses connections altogether.
 * Every other request passes through. What each fault does to the message:
 *
 * - `refused`: no connection (the front stops listening for a while); nothing stored.
 * - `reset`: the connection is reset before the request reaches SQS; nothing stored.
 * - `lost-answer`: SQS stores the message, then the connection is reset before its answer; stored.
 * - `slow-answer`: SQS stores it and answers after the SDK's request timeout; stored.
 * - `server-error`: HTTP 500 InternalError; nothing stored.
 * - `throttled`: HTTP 400 RequestThrottled (a throttling error the SDK retries); nothing stored.
 */
import {
  createServer,
  request as httpRequest,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import { mulberry32 } from '../functions/catalogue/example-context';

export const FAULTS = ['reset', 'lost-answer', 'slow-answer', 'server-error', 'throttled'] as const;
export type Fault = (typeof FAULTS)[number] | 'refused' | 'none';

export interface FaultySqsOptions {
  /** The emulator's endpoint, e.g. http://127.0.0.1:9324 */
  readonly target: string;
  /** Share of SendMessage attempts that meet one of {@link FAULTS}, drawn evenly. */
  readonly faultRate: number;
  /** How late a slow answer comes (more than the SDK's request timeout). */
  readonly slowAnswerMs: number;
  /** Every `refuseEveryMs`, connections are refused for `refuseForMs`. */
  readonly refuseEveryMs: number;
  readonly refuseForMs: number;
  readonly seed: number;
}

export interface FaultySqs {
  readonly endpoint: string;
  /** SendMessage attempts met per fault (`none` passed through untouched). */
  readonly injected: () => Readonly<Record<Fault, number>>;
  /** Stops injecting: every request passes through from now on. */
  heal(): void;
  close(): Promise<void>;
}

export async function startFaultySqs(options: FaultySqsOptions): Promise<FaultySqs> {
  const random = mulberry32(options.seed);
  const injected: Record<Fault, number> = {
    none: 0,
    refused: 0,
    reset: 0,
    'lost-answer': 0,
    'slow-answer': 0,
    'server-error': 0,
    throttled: 0,
  };
  let healed = false;
  const target = new URL(options.target);

  const pick = (): Fault => {
    if (healed || random() >= options.faultRate) return 'none';
    return FAULTS[Math.floor(random() * FAULTS.length)] ?? 'none';
  };

  const forward = (
    request: IncomingMessage,
    body: Buffer,
  ): Promise<{ status: number; headers: IncomingMessage['headers']; body: Buffer }> =>
    new Promise((resolve, reject) => {
      const upstream = httpRequest(
        {
          host: target.hostname,
          port: target.port,
          method: request.method,
          path: request.url,
          headers: request.headers,
        },
        (answer) => {
          const chunks: Buffer[] = [];
          answer.on('data', (chunk: Buffer) => chunks.push(chunk));
          answer.on('end', () =>
            resolve({
              status: answer.statusCode ?? 500,
              headers: answer.headers,
              body: Buffer.concat(chunks),
            }),
          );
          answer.on('error', reject);
        },
      );
      upstream.on('error', reject);
      upstream.end(body);
    });

  const relay = (response: ServerResponse, answer: Awaited<ReturnType<typeof forward>>) => {
    if (response.destroyed) return;
    response.writeHead(answer.status, answer.headers);
    response.end(answer.body);
  };

  const jsonError = (response: ServerResponse, status: number, code: string, type: string) => {
    response.writeHead(status, {
      'content-type': 'application/x-amz-json-1.0',
      'x-amzn-query-error': `${code};Sender`,
    });
    response.end(JSON.stringify({ __type: type, message: `injected ${code}` }));
  };

  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const fault = request.headers['x-amz-target'] === 'AmazonSQS.SendMessage' ? pick() : 'none';
    if (request.headers['x-amz-target'] === 'AmazonSQS.SendMessage') injected[fault]++;
    switch (fault) {
      case 'reset':
        request.socket.destroy();
        return;
      case 'server-error':
        jsonError(response, 500, 'InternalError', 'com.amazonaws.sqs#InternalError');
        return;
      case 'throttled':
        jsonError(response, 400, 'RequestThrottled', 'com.amazonaws.sqs#RequestThrottled');
        return;
      case 'lost-answer':
        await forward(request, body);
        request.socket.destroy();
        return;
      case 'slow-answer': {
        const answer = await forward(request, body);
        setTimeout(() => relay(response, answer), options.slowAnswerMs).unref();
        return;
      }
      default:
        relay(response, await forward(request, body));
    }
  };

  const server: Server = createServer((request, response) => {
    handle(request, response).catch(() => {
      if (!response.headersSent && !response.destroyed) response.writeHead(502);
      response.end();
    });
  });
  const listen = (port: number) =>
    new Promise<number>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject);
        resolve((server.address() as AddressInfo).port);
      });
    });
  const port = await listen(0);

  // Refusal windows: stop listening (and drop kept-alive connections), then listen again on the same port.
  let closed = false;
  const cycle = setInterval(() => {
    if (healed || closed) return;
    injected.refused++;
    server.closeAllConnections();
    server.close(() => {
      setTimeout(() => {
        if (!closed) listen(port).catch(() => {});
      }, options.refuseForMs).unref();
    });
  }, options.refuseEveryMs);
  cycle.unref();

  return {
    endpoint: `http://127.0.0.1:${port}`,
    injected: () => ({ ...injected }),
    heal() {
      healed = true;
    },
    async close() {
      closed = true;
      clearInterval(cycle);
      server.closeAllConnections();
      await new Promise<void>((resolve) => (server.listening ? server.close(() => resolve()) : resolve()));
    },
  };
}
