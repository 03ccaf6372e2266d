/**
 * A DynamoDB stand-in on 127.0.0.1 that speaks the real protocol (AWS JSON 1.0, `X-Amz-Target:
 * DynamoDB_20120810.<Operation>`), so the SDK client and the subscriptions' state store run unchanged against
 * it (`AWS_ENDPOINT_URL_DYNAMODB`): dynalite (in memory, in process) behind a small front that records every
 * request, can fail or delay them, and refuses what dynalite would let through but DynamoDB would not answer
 * the same way:
 *
 * - **Eventually consistent reads.** dynalite reads are always up to date. DynamoDB's `GetItem`, `Query` and
 *   `Scan` are eventually consistent unless `ConsistentRead` is `true`, and "the response might not reflect the
 *   results of a recently completed write operation"
 *   (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/HowItWorks.ReadConsistency.html). A store
 *   that forgot `ConsistentRead` would pass here and read a stale lease or revision on AWS, so such a read is
 *   answered with a `ValidationException` saying so (unless `allowEventuallyConsistentReads`).
 * - dynalite ignores `ReturnValuesOnConditionCheckFailure` (DynamoDB returns the item with the
 *   `ConditionalCheckFailedException`): nothing here relies on it, the store reads the item again instead.
 *
 * Everything else (condition expressions, reserved words, item size, key schema) is dynalite's, which follows
 * DynamoDB's validation closely.
 */
import { randomUUID } from 'node:crypto';
import {
  createServer,
  request as httpRequest,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import { CreateTableCommand, DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import dynalite from 'dynalite';
import { SUBSCRIPTION_STATE_KEY } from '../functions/shared/contract';
import { closeServer } from './listen';

/** Credentials and region for the stand-in, which accepts any. */
const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' } as const;
const LOCAL_REGION = 'us-east-1';

const TARGET_PREFIX = 'DynamoDB_20120810.';
const READS_WITH_CONSISTENCY = new Set(['GetItem', 'Query', 'Scan']);

export interface ReceivedDynamoDbRequest {
  /** e.g. `PutItem`. */
  readonly operation: string;
  /** The request's JSON body. */
  readonly input: Record<string, unknown>;
}

export interface LocalDynamoDbOptions {
  /** Let eventually consistent reads through (dynalite answers them up to date). @default false */
  readonly allowEventuallyConsistentReads?: boolean;
}

export class LocalDynamoDb {
  /** e.g. `http://127.0.0.1:4567` */
  readonly endpoint: string;
  /** Every request received, in order. */
  readonly requests: ReceivedDynamoDbRequest[] = [];
  readonly #front: Server;
  readonly #backend: Server;
  readonly #backendPort: number;
  readonly #options: LocalDynamoDbOptions;
  #failures: string[] = [];
  #delayMs = 0;
  #client: DynamoDBClient | undefined;

  private constructor(front: Server, backend: Server, options: LocalDynamoDbOptions) {
    this.#front = front;
    this.#backend = backend;
    this.#options = options;
    this.endpoint = `http://127.0.0.1:${(front.address() as AddressInfo).port}`;
    this.#backendPort = (backend.address() as AddressInfo).port;
    front.on('request', (req: IncomingMessage, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const body = Buffer.concat(chunks);
        const answer = () => this.#answer(req, body, res);
        if (this.#delayMs > 0) setTimeout(answer, this.#delayMs);
        else answer();
      });
    });
  }

  /** Starts an empty stand-in; {@link createStateTable} adds the table. */
  static async start(options: LocalDynamoDbOptions = {}): Promise<LocalDynamoDb> {
    const backend = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
    await new Promise<void>((resolve) => backend.listen(0, '127.0.0.1', resolve));
    const front = createServer();
    await new Promise<void>((resolve) => front.listen(0, '127.0.0.1', resolve));
    return new LocalDynamoDb(front, backend, options);
  }

  /** A client of the stand-in (created once). */
  get client(): DynamoDBClient {
    this.#client ??= localDynamoDbClient(this.endpoint);
    return this.#client;
  }

  /**
   * Creates a table as the stack creates the subscriptions' state table (a string partition key
   * {@link SUBSCRIPTION_STATE_KEY}, nothing else, on-demand) and waits until it is active. Returns its name: a
   * new one unless `name` is given, so each test can have a table of its own.
   */
  async createStateTable(name = `argyle-subscription-state-${randomUUID()}`): Promise<string> {
    await this.client.send(
      new CreateTableCommand({
        TableName: name,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [{ AttributeName: SUBSCRIPTION_STATE_KEY, AttributeType: 'S' }],
        KeySchema: [{ AttributeName: SUBSCRIPTION_STATE_KEY, KeyType: 'HASH' }],
      }),
    );
    for (let attempt = 0; attempt < 100; attempt++) {
      const { Table } = await this.client.send(new DescribeTableCommand({ TableName: name }));
      if (Table?.TableStatus === 'ACTIVE') return name;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    throw new Error(`the local table ${name} did not become active`);
  }

  /**
   * The next `count` requests fail with `errorType`: `InternalServerError` (HTTP 500, which the SDK retries) by
   * default; other types answer 400 (`ProvisionedThroughputExceededException` is retried too).
   */
  failNext(count: number, errorType = 'InternalServerError'): void {
    this.#failures = Array.from({ length: count }, () => errorType);
  }

  /** Answers every request `ms` late (0 to stop). */
  delay(ms: number): void {
    this.#delayMs = ms;
  }

  /** The operations received, e.g. `['GetItem', 'PutItem']`. */
  operations(): string[] {
    return this.requests.map((r) => r.operation);
  }

  async close(): Promise<void> {
    this.#client?.destroy();
    await closeServer(this.#front);
    await new Promise<void>((resolve) => {
      this.#backend.close(() => resolve());
      this.#backend.closeAllConnections();
    });
  }

  #answer(req: IncomingMessage, body: Buffer, res: ServerResponse): void {
    const target = String(req.headers['x-amz-target'] ?? '');
    const operation = target.startsWith(TARGET_PREFIX) ? target.slice(TARGET_PREFIX.length) : target;
    let input: Record<string, unknown> = {};
    try {
      input = JSON.parse(body.toString('utf8') || '{}') as Record<string, unknown>;
    } catch {
      // dynalite answers malformed bodies itself.
    }
    this.requests.push({ operation, input });

    const failure = this.#failures.shift();
    if (failure !== undefined) {
      const status = failure === 'InternalServerError' ? 500 : 400;
      reply(res, status, failure, `injected ${failure}`);
      return;
    }
    if (
      !this.#options.allowEventuallyConsistentReads &&
      READS_WITH_CONSISTENCY.has(operation) &&
      input.ConsistentRead !== true
    ) {
      reply(
        res,
        400,
        'ValidationException',
        `the local DynamoDB stand-in refuses an eventually consistent ${operation}: DynamoDB may answer it with data older than the last write, which dynalite never does; set ConsistentRead: true`,
      );
      return;
    }

    const forward = httpRequest(
      {
        host: '127.0.0.1',
        port: this.#backendPort,
        method: req.method,
        path: req.url,
        headers: { ...req.headers, 'content-length': String(body.length) },
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 500, answer.headers);
        answer.pipe(res);
      },
    );
    forward.on('error', (error) => reply(res, 500, 'InternalServerError', error.message));
    forward.end(body);
  }
}

function reply(res: ServerResponse, status: number, type: string, message: string): void {
  if (res.headersSent || res.destroyed) return;
  res.writeHead(status, {
    'content-type': 'application/x-amz-json-1.0',
    'x-amzn-requestid': randomUUID(),
  });
  res.end(JSON.stringify({ __type: `com.amazonaws.dynamodb.v20120810#${type}`, message }));
}

/** A client for a local DynamoDB stand-in at `endpoint`. */
export function localDynamoDbClient(endpoint: string): DynamoDBClient {
  return new DynamoDBClient({ endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
}
