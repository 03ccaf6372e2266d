/**
 * The whole pipeline on 127.0.0.1, in one process: an HTTP server that turns each request into the API Gateway
 * event the deployed API would send and runs the deployed receiver module on it; an SQS emulator with the
 * queues the configured routes create; and a Secrets Manager stand-in that holds the signing secret.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { APIGatewayProxyResult, Context } from 'aws-lambda';
import type { ReceiverHandler } from '../functions/receiver/pipeline';
import type { PublishedRouting, RoutingTable } from '../functions/shared/contract';
import { type ArgyleWebhooksConfig, parseConfig } from '../lib/config';
import { toApiGatewayEvent } from './api-gateway-event';
import { DEFAULT_PORT, DEFAULT_S3_PORT, DEFAULT_SQS_PORT, WEBHOOK_PATH } from './defaults';
import { type DeliveryReport, deliveryReporter } from './delivery-report';
import { loadDeployedReceiver, receiverEnvironment } from './deployed-receiver';
import { type DevArchive, startDevArchive } from './dev-archive';
import { devOutputs, devOutputsFile, writeDevOutputs } from './dev-outputs';
import { DEV_ARCHIVE_DEAD_LETTER_QUEUE, DEV_ARCHIVE_QUEUE, type DevQueue, planDevQueues } from './dev-queues';
import { type DevWatcher, startDevWatcher } from './dev-watcher';
import { closeServer, listen } from './listen';
import { startFakeSecretsManager } from './secrets-manager';
import { LOCAL_ACCOUNT_ID, LOCAL_REGION, startSqsEmulator } from './sqs-emulator';

/** API Gateway's largest request payload. */
const API_GATEWAY_MAX_PAYLOAD_BYTES = 10 * 1024 * 1024;
/** The receiver function's timeout; Lambda stops it there and API Gateway answers 502. */
const RECEIVER_TIMEOUT_MS = 20_000;
const FUNCTION_NAME = 'argyle-webhook-receiver-local';

export interface DevServerOptions {
  /** Port of the webhook; 0 picks a free one. @default 3000 */
  readonly port?: number;
  /** Port of the SQS emulator; 0 picks a free one. @default 9324 */
  readonly sqsPort?: number;
  /** Port of the S3 stand-in, with `archive.enabled`; 0 picks a free one. @default 9325 */
  readonly s3Port?: number;
  /**
   * Where to keep the stack outputs (`argyle-subscriptions ... --outputs <file>`); `false` keeps none.
   * @default devOutputsFile()
   */
  readonly outputsFile?: string | false;
  /** The signing secret. @default a generated one (see {@link generateSecret}) */
  readonly secret?: string;
  /** The parsed configuration (`parseConfig`). @default every default, as with no `argyleWebhooks` context */
  readonly config?: ArgyleWebhooksConfig;
  /** Called after each request is answered. */
  readonly onDelivery?: (report: DeliveryReport) => void;
  /** Let the receiver write its own JSON logs and metrics to stdout, as on Lambda. @default false */
  readonly receiverLogs?: boolean;
  /**
   * Run the subscription watcher against the fake Argyle API (local/dev-watcher.ts), printing its lines with
   * `print`, every `everyMs` (default: only when `watcher.runOnce()` is called). The receiver's metrics then
   * feed a CloudWatch stand-in.
   */
  readonly watch?: {
    readonly print: (line: string) => void;
    readonly everyMs?: number;
    /** The wait before a repair creates a subscription; tests pass one that returns at once. */
    readonly sleep?: (ms: number) => Promise<void>;
  };
}

export interface DevQueueInfo extends DevQueue {
  readonly url: string;
}

export interface DevServer {
  /** e.g. `http://127.0.0.1:3000/webhook` */
  readonly webhookUrl: string;
  /** e.g. `http://127.0.0.1:9324` */
  readonly sqsEndpoint: string;
  /** What goes before a queue name to make its URL. */
  readonly queueUrlPrefix: string;
  /** Every queue, dead-letter queues included. */
  readonly queues: readonly DevQueueInfo[];
  readonly routingTable: RoutingTable;
  /** The routing with the queue URL prefix, as the stack's `ReceiverRouting` output has it. */
  readonly routing: PublishedRouting;
  /** The archive, with `archive.enabled`: the S3 stand-in, its bucket and the archiver on the archive queue. */
  readonly archive?: DevArchive;
  /** The stack outputs, as `cdk deploy --outputs-file` writes them, with the local URLs. */
  readonly outputs: Readonly<Record<string, string>>;
  /** Where they are kept, unless `outputsFile: false`. */
  readonly outputsFile?: string;
  readonly secret: string;
  /** Endpoint of the Secrets Manager stand-in that serves the secret to the receiver. */
  readonly secretsManagerEndpoint: string;
  /** The subscription watcher and its fakes, with `watch`. */
  readonly watcher?: DevWatcher;
  /** Stops the three servers and puts the process environment back as it was. */
  close(): Promise<void>;
}

/** A signing secret like the stack's: 64 letters and digits. */
export function generateSecret(): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  let secret = '';
  while (secret.length < 64) {
    // 248 is the largest multiple of 62 below 256: skipping larger bytes keeps every character equally likely.
    for (const byte of randomBytes(64)) {
      if (byte < 248 && secret.length < 64) secret += alphabet[byte % alphabet.length];
    }
  }
  return secret;
}

let running = false;

/**
 * Starts the dev server. One per process: the deployed receiver module takes its configuration from the
 * process environment, which the server sets until {@link DevServer.close}.
 */
export async function startDevServer(options: DevServerOptions = {}): Promise<DevServer> {
  if (running) {
    throw new Error(
      'a dev server is already running in this process; close it first (the receiver reads its configuration from process.env)',
    );
  }
  running = true;
  const cleanup: (() => Promise<void> | void)[] = [];
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    try {
      for (const step of cleanup.reverse()) await step();
    } finally {
      running = false;
    }
  };
  try {
    const config = options.config ?? parseConfig(undefined);
    const secret = options.secret ?? generateSecret();
    if (secret === '') throw new Error('the signing secret is empty');
    const plan = planDevQueues(config);

    const sqs = await startSqsEmulator(options.sqsPort ?? DEFAULT_SQS_PORT);
    cleanup.push(() => sqs.close());
    await sqs.createQueues(plan.queues);
    const secrets = await startFakeSecretsManager(secret);
    cleanup.push(() => secrets.close());
    let archive: DevArchive | undefined;
    if (config.archive.enabled) {
      archive = await startDevArchive({
        s3Port: options.s3Port ?? DEFAULT_S3_PORT,
        sqs: sqs.client,
        queueUrl: sqs.queueUrl(DEV_ARCHIVE_QUEUE),
        deadLetterQueueUrl: sqs.queueUrl(DEV_ARCHIVE_DEAD_LETTER_QUEUE),
        logs: options.receiverLogs ?? false,
      });
      const started = archive;
      cleanup.push(() => started.close());
    }

    const receiverLogs = options.receiverLogs ?? false;
    let watcher: DevWatcher | undefined;
    const receiver = await loadDeployedReceiver(
      receiverEnvironment({
        secretArn: secrets.arn,
        routingTable: plan.routingTable,
        queueUrlPrefix: sqs.urlPrefix,
        maxBodyBytes: config.maxBodyBytes,
        sqsEndpoint: sqs.endpoint,
        secretsManagerEndpoint: secrets.endpoint,
        receiverLogs,
        archiveQueueUrl: archive?.queueUrl,
        ...(options.watch ? { receiverMetrics: true, functionName: FUNCTION_NAME } : {}),
      }),
    );
    cleanup.push(() => receiver.restore());

    const report = deliveryReporter(plan.routingTable);
    const server = createServer((request, response) => {
      serve(request, response, receiver.handler)
        .then((input) => {
          if (input && watcher) {
            const name = envelopeName(input.body);
            if (name !== undefined) watcher.sent(name, new Date(input.receivedAt));
          }
          if (input) options.onDelivery?.(report(input));
        })
        .catch(() => {
          if (!response.headersSent) response.writeHead(500);
          response.end();
        });
    });
    const port = await listen(server, options.port ?? DEFAULT_PORT, 'the webhook', '--port');
    cleanup.push(() => closeServer(server));

    const webhookUrl = `http://127.0.0.1:${port}${WEBHOOK_PATH}`;
    const queues = plan.queues.map((queue) => ({ ...queue, url: sqs.queueUrl(queue.name) }));
    const routing = { ...plan.routingTable, queueUrlPrefix: sqs.urlPrefix };
    const outputs = devOutputs({ webhookUrl, queues, routing, archive });
    const outputsFile = options.outputsFile === false ? undefined : (options.outputsFile ?? devOutputsFile());
    if (outputsFile !== undefined) writeDevOutputs(outputs, outputsFile);
    if (options.watch) {
      const started = await startDevWatcher({
        config,
        webhookUrl: `http://127.0.0.1:${port}${WEBHOOK_PATH}`,
        secrets,
        signingSecretArn: secrets.arn,
        signingSecret: secret,
        receiverFunctionName: FUNCTION_NAME,
        everyMs: options.watch.everyMs ?? 0,
        ...(options.watch.sleep === undefined ? {} : { sleep: options.watch.sleep }),
        print: options.watch.print,
      });
      watcher = started;
      cleanup.push(() => started.close());
      // The receiver's EMF lines feed the CloudWatch stand-in (and show only with its logs).
      cleanup.push(tapMetrics(started, receiverLogs));
    }

    return {
      webhookUrl,
      sqsEndpoint: sqs.endpoint,
      queueUrlPrefix: sqs.urlPrefix,
      queues,
      routingTable: plan.routingTable,
      routing,
      ...(archive ? { archive } : {}),
      outputs,
      ...(outputsFile === undefined ? {} : { outputsFile }),
      secret,
      secretsManagerEndpoint: secrets.endpoint,
      ...(watcher === undefined ? {} : { watcher }),
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}

/** Answers one request as API Gateway would; returns what the report needs, or undefined when the client left. */
async function serve(request: IncomingMessage, response: ServerResponse, handler: ReceiverHandler) {
  const started = performance.now();
  const receivedAt = Date.now();
  const requestId = randomUUID();
  const method = request.method ?? 'GET';
  const path = new URL(request.url ?? '/', 'http://localhost').pathname;
  const body = await readBody(request, API_GATEWAY_MAX_PAYLOAD_BYTES);
  let result: APIGatewayProxyResult;
  if (body === undefined) {
    result = gatewayAnswer(413, 'Request Too Long');
  } else if (path !== WEBHOOK_PATH || method !== 'POST') {
    // The API has one method, POST /webhook; API Gateway answers anything else with this 403.
    result = gatewayAnswer(403, 'Missing Authentication Token');
  } else {
    const event = toApiGatewayEvent(
      {
        method,
        url: request.url ?? '/',
        rawHeaders: request.rawHeaders,
        body,
        sourceIp: request.socket.remoteAddress?.replace(/^::ffff:/, '') ?? '127.0.0.1',
        localPort: request.socket.localPort ?? 0,
      },
      { requestId, receivedAt },
    );
    result = await invoke(handler, event);
  }
  if (response.destroyed) return undefined;
  const responseBody = result.isBase64Encoded ? Buffer.from(result.body, 'base64') : Buffer.from(result.body);
  response.writeHead(result.statusCode, {
    ...stringHeaders(result.headers),
    ...stringHeaders(result.multiValueHeaders),
    'content-length': responseBody.length,
    'x-amzn-requestid': requestId,
  });
  response.end(responseBody);
  return {
    requestId,
    receivedAt,
    method,
    path,
    body: body ?? Buffer.alloc(0),
    status: result.statusCode,
    responseBody: responseBody.toString('utf8'),
    durationMs: performance.now() - started,
  };
}

/** Runs the handler with Lambda's time limit; a throw or a timeout is API Gateway's 502. */
async function invoke(
  handler: ReceiverHandler,
  event: Parameters<ReceiverHandler>[0],
): Promise<APIGatewayProxyResult> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<APIGatewayProxyResult>((resolve) => {
    timer = setTimeout(() => resolve(gatewayAnswer(502, 'Internal server error')), RECEIVER_TIMEOUT_MS);
  });
  try {
    return await Promise.race([handler(event, lambdaContext()), timeout]);
  } catch {
    return gatewayAnswer(502, 'Internal server error');
  } finally {
    clearTimeout(timer);
  }
}

function gatewayAnswer(statusCode: number, message: string): APIGatewayProxyResult {
  return {
    statusCode,
    headers: { 'content-type': 'application/json', 'x-amzn-errortype': message.replace(/\s/g, '') },
    body: JSON.stringify({ message }),
  };
}

function lambdaContext(): Context {
  const deadline = Date.now() + RECEIVER_TIMEOUT_MS;
  const nothing = () => undefined;
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName: FUNCTION_NAME,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:${LOCAL_REGION}:${LOCAL_ACCOUNT_ID}:function:${FUNCTION_NAME}`,
    memoryLimitInMB: '256',
    // Lambda's own request id, not API Gateway's (which the receiver uses as the delivery id).
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${FUNCTION_NAME}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: nothing,
    fail: nothing,
    succeed: nothing,
  };
}

/** The body, or undefined when it is larger than `limit` bytes (read to the end all the same, to answer). */
async function readBody(request: IncomingMessage, limit: number): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size <= limit) chunks.push(buffer);
  }
  return size > limit ? undefined : Buffer.concat(chunks);
}

function stringHeaders(
  headers: APIGatewayProxyResult['headers'] | APIGatewayProxyResult['multiValueHeaders'],
): Record<string, string | string[]> {
  const result: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    result[name] = Array.isArray(value) ? value.map(String) : String(value);
  }
  return result;
}

/** The envelope's `name` of a request body, when it is an Argyle envelope naming a subscription. */
function envelopeName(body: Buffer): string | undefined {
  try {
    const parsed: unknown = JSON.parse(body.toString('utf8'));
    if (typeof parsed !== 'object' || parsed === null) return undefined;
    const name = (parsed as { name?: unknown }).name;
    return typeof name === 'string' && name !== '' ? name : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Feeds every embedded metric format line written to stdout to the watcher's CloudWatch stand-in, as CloudWatch
 * Logs would, and keeps it off the console unless `show`. Returns what puts stdout back.
 */
function tapMetrics(watcher: DevWatcher, show: boolean): () => void {
  const write = process.stdout.write;
  let pending = '';
  process.stdout.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
    const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
    pending += text;
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    const shown: string[] = [];
    for (const line of lines) {
      if (line.startsWith('{"_aws":')) {
        watcher.ingest(line);
        if (show) shown.push(line);
      } else {
        shown.push(line);
      }
    }
    if (shown.length === 0) {
      const callback = rest.find((arg) => typeof arg === 'function') as (() => void) | undefined;
      callback?.();
      return true;
    }
    return write.call(process.stdout, `${shown.join('\n')}\n`, ...(rest as []));
  }) as typeof process.stdout.write;
  return () => {
    process.stdout.write = write;
    if (pending !== '') write.call(process.stdout, pending);
  };
}
