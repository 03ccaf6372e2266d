/**
 * The receiver end to end: API Gateway events in, messages out of a local SQS emulator speaking the real
 * protocol, the signing secret from a local Secrets Manager stand-in. The deployed module (handler.ts) is
 * imported as Lambda would import it.
 */
import { createServer, type Server } from 'node:net';
import type { APIGatewayProxyResult, Context } from 'aws-lambda';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { parseArgyleRecord } from '../../../functions/consumer';
import type { ReceiverHandler } from '../../../functions/receiver/pipeline';
import { signBody } from '../../../functions/receiver/signature';
import { MESSAGE_ATTRIBUTE, RECEIVER_ENV, type RoutingTable } from '../../../functions/shared/contract';
import { type FakeSecretsManager, startFakeSecretsManager } from '../../../local/secrets-manager';
import { apiGatewayEvent } from '../../support/api-gateway-event';
import { argyleBody, capturedDeliveries, publishedSpecExamples } from '../../support/argyle-fixtures';
import { type LocalSqs, startLocalSqs } from '../../support/local-sqs';

const SECRET = 'whsec-test-9f2c1e7a4b6d8f0a3c5e7b9d1f3a5c7e';
const QUEUES = ['accounts', 'payroll.fifo', 'everything-partner', 'fully-synced', 'catch-all'] as const;
const TABLE: RoutingTable = {
  queues: [...QUEUES],
  catchAll: 4,
  rules: [
    { events: ['accounts.*'], queue: 0 },
    { events: ['paystubs.*', 'gigs.*'], queue: 1 },
    { events: ['*'], subscriptions: ['partner'], queue: 2 },
    { events: ['*.fully_synced'], queue: 3 },
  ],
};
const MAX_BODY_BYTES = 8_192;

let sqs: LocalSqs;
let secrets: FakeSecretsManager;
let handler: ReceiverHandler;
const logLines: string[] = [];

const ACCOUNT = '019bfb74-a974-e1fb-d876-0f4e094835f2';
const USER = '019bfb74-9fc0-c23b-9ab8-0cde682601bc';

function signed(
  body: string | Buffer,
  options: { base64?: boolean; requestId?: string; secret?: string } = {},
) {
  return apiGatewayEvent(body, {
    base64: options.base64,
    requestId: options.requestId,
    headers: { 'X-Argyle-Signature': signBody(options.secret ?? SECRET, body) },
  });
}

function deliveryBody(
  event: string,
  data: Record<string, unknown> = { account: ACCOUNT, user: USER },
  name = 'prod',
) {
  return argyleBody({ event, name, data });
}

async function drainAll(): Promise<Record<(typeof QUEUES)[number], Awaited<ReturnType<LocalSqs['drain']>>>> {
  const entries = await Promise.all(QUEUES.map(async (queue) => [queue, await sqs.drain(queue)] as const));
  return Object.fromEntries(entries) as Record<
    (typeof QUEUES)[number],
    Awaited<ReturnType<LocalSqs['drain']>>
  >;
}

const attribute = (message: { MessageAttributes?: Record<string, { StringValue?: string }> }, name: string) =>
  message.MessageAttributes?.[name]?.StringValue;

beforeAll(async () => {
  sqs = await startLocalSqs();
  secrets = await startFakeSecretsManager(SECRET);
  for (const queue of QUEUES) await sqs.createQueue(queue);
  // Capture everything the receiver writes (Lambda sends both streams to CloudWatch Logs).
  for (const stream of [process.stdout, process.stderr]) {
    vi.spyOn(stream, 'write').mockImplementation((chunk: string | Uint8Array) => {
      logLines.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
      return true;
    });
  }
  vi.stubEnv(RECEIVER_ENV.SIGNING_SECRET_ARN, secrets.arn);
  vi.stubEnv(RECEIVER_ENV.ROUTES, JSON.stringify(TABLE));
  vi.stubEnv(RECEIVER_ENV.QUEUE_URL_PREFIX, sqs.urlPrefix);
  vi.stubEnv(RECEIVER_ENV.MAX_BODY_BYTES, String(MAX_BODY_BYTES));
  vi.stubEnv('AWS_ENDPOINT_URL_SQS', sqs.endpoint);
  vi.stubEnv('AWS_ENDPOINT_URL_SECRETS_MANAGER', secrets.endpoint);
  vi.stubEnv('POWERTOOLS_METRICS_NAMESPACE', 'ArgyleWebhooksTest');
  vi.resetModules();
  ({ handler } = await import('../../../functions/receiver/entry'));
});

afterAll(async () => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
  await sqs.close();
  await secrets.close();
});

beforeEach(async () => {
  await drainAll();
});

describe('the receiver handler', () => {
  it('accepts a signed delivery and puts its exact bytes on the matching queue', async () => {
    // Arrange
    const body = deliveryBody('accounts.connected');
    // Act
    const response = await handler(signed(body, { requestId: 'req-accounts-1' }));
    // Assert
    expect(response.statusCode).toBe(200);
    expect(JSON.parse(response.body)).toEqual({ status: 'accepted', deliveryId: 'req-accounts-1' });
    const queues = await drainAll();
    expect(queues.accounts).toHaveLength(1);
    const [message] = queues.accounts;
    expect(message?.Body).toBe(body);
    expect(attribute(message ?? {}, MESSAGE_ATTRIBUTE.EVENT)).toBe('accounts.connected');
    expect(attribute(message ?? {}, MESSAGE_ATTRIBUTE.SUBSCRIPTION)).toBe('prod');
    expect(attribute(message ?? {}, MESSAGE_ATTRIBUTE.ACCOUNT)).toBe(ACCOUNT);
    expect(attribute(message ?? {}, MESSAGE_ATTRIBUTE.USER)).toBe(USER);
    expect(attribute(message ?? {}, MESSAGE_ATTRIBUTE.DELIVERY_ID)).toBe('req-accounts-1');
    expect(attribute(message ?? {}, MESSAGE_ATTRIBUTE.RECEIVED_AT)).toBe('2026-11-23T10:00:00.000Z');
    expect(attribute(message ?? {}, MESSAGE_ATTRIBUTE.CONTENT_SHA256)).toMatch(/^[0-9a-f]{64}$/);
    expect(attribute(message ?? {}, MESSAGE_ATTRIBUTE.BODY_ENCODING)).toBeUndefined();
    expect(queues['catch-all']).toHaveLength(0);
  });

  it('fans one delivery out to every queue whose rule matches', async () => {
    const body = deliveryBody(
      'paystubs.fully_synced',
      { account: ACCOUNT, user: USER, available_count: 3 },
      'partner',
    );
    const response = await handler(signed(body));
    expect(response.statusCode).toBe(200);
    const queues = await drainAll();
    expect(queues['payroll.fifo'].map((m) => m.Body)).toEqual([body]);
    expect(queues['everything-partner'].map((m) => m.Body)).toEqual([body]);
    expect(queues['fully-synced'].map((m) => m.Body)).toEqual([body]);
    expect(queues.accounts).toHaveLength(0);
    expect(queues['catch-all']).toHaveLength(0);
  });

  it('delivers two identical bodies to a FIFO queue as two messages in the account group', async () => {
    const body = deliveryBody('gigs.added');
    expect((await handler(signed(body, { requestId: 'req-gig-1' }))).statusCode).toBe(200);
    expect((await handler(signed(body, { requestId: 'req-gig-2' }))).statusCode).toBe(200);
    const { 'payroll.fifo': fifo } = await drainAll();
    expect(fifo.map((m) => m.Body)).toEqual([body, body]);
    expect(fifo.map((m) => m.Attributes?.MessageGroupId)).toEqual([ACCOUNT, ACCOUNT]);
    expect(fifo.map((m) => attribute(m, MESSAGE_ATTRIBUTE.DELIVERY_ID))).toEqual(['req-gig-1', 'req-gig-2']);
  });

  it('drops nothing but a repeat of the same delivery on a FIFO queue', async () => {
    const body = deliveryBody('gigs.updated');
    await handler(signed(body, { requestId: 'req-same' }));
    await handler(signed(body, { requestId: 'req-same' }));
    const { 'payroll.fifo': fifo } = await drainAll();
    expect(fifo).toHaveLength(1);
  });

  it('verifies a body API Gateway passes as text as well as one it passes base64-encoded', async () => {
    const body = deliveryBody('accounts.updated');
    expect((await handler(signed(body, { base64: false }))).statusCode).toBe(200);
    expect((await handler(signed(body, { base64: true }))).statusCode).toBe(200);
    const { accounts } = await drainAll();
    expect(accounts.map((m) => m.Body)).toEqual([body, body]);
  });

  it('replays every delivery Argyle captured, unchanged, into a queue', async () => {
    // Arrange: the same handler, this time with Argyle's own sandbox secret and signatures.
    const captured = capturedDeliveries();
    const argyle = await startFakeSecretsManager(captured.secret);
    const { createHandler } = await import('../../../functions/receiver/pipeline');
    const { readConfig } = await import('../../../functions/receiver/config');
    const { SigningSecret } = await import('../../../functions/receiver/signing-secret');
    const { createLogger, createMetrics } = await import('../../../functions/receiver/observability');
    const { SecretsManagerClient } = await import('@aws-sdk/client-secrets-manager');
    const replay = createHandler({
      config: readConfig({ ...process.env, [RECEIVER_ENV.SIGNING_SECRET_ARN]: argyle.arn }),
      secret: new SigningSecret({
        client: new SecretsManagerClient({ endpoint: argyle.endpoint }),
        secretId: argyle.arn,
        ttlMs: 60_000,
        minRefreshIntervalMs: 30_000,
      }),
      sqs: sqs.client,
      logger: createLogger(),
      metrics: createMetrics(),
    });
    try {
      for (const delivery of captured.deliveries.filter((d) => d.signed_by_argyle)) {
        // Act
        const response = await replay(apiGatewayEvent(delivery.body, { headers: delivery.headers }));
        // Assert
        expect(response.statusCode, delivery.event).toBe(200);
      }
      const arrived = Object.values(await drainAll()).flat();
      // Each captured event matches exactly one queue of TABLE (identities.added none: the catch-all).
      const expected = captured.deliveries.filter((d) => d.signed_by_argyle).map((d) => d.body);
      expect(arrived.map((m) => m.Body).sort()).toEqual(expected.sort());
    } finally {
      await argyle.close();
    }
  });

  it('reads the signature header whatever the case of its name', async () => {
    const body = deliveryBody('accounts.removed');
    const event = apiGatewayEvent(body, { headers: { 'x-argyle-signature': signBody(SECRET, body) } });
    expect((await handler(event)).statusCode).toBe(200);
  });
});

describe('the schema verdict', () => {
  it('marks an event that matches the catalogue as passed', async () => {
    await handler(signed(deliveryBody('accounts.connected')));
    const { accounts } = await drainAll();
    expect(attribute(accounts[0] ?? {}, MESSAGE_ATTRIBUTE.SCHEMA)).toBe('passed');
  });

  it('routes an event that fails its schema by its name all the same, marked failed', async () => {
    // accounts.connected without the user id Argyle always sends.
    const body = deliveryBody('accounts.connected', { account: ACCOUNT, user: 12345 });
    expect((await handler(signed(body, { requestId: 'req-schema-failed' }))).statusCode).toBe(200);
    const { accounts, 'catch-all': catchAll } = await drainAll();
    expect(accounts.map((m) => m.Body)).toEqual([body]);
    expect(attribute(accounts[0] ?? {}, MESSAGE_ATTRIBUTE.SCHEMA)).toBe('failed');
    expect(catchAll).toHaveLength(0);
    const warning = logLines
      .join('')
      .split('\n')
      .find((line) => line.includes('does not match its schema') && line.includes('req-schema-failed'));
    expect(warning).toContain('data.user');
    expect(warning).not.toContain('12345');
  });

  it("marks every example delivery of Argyle's published spec as passed, and the consumer parses each", async () => {
    // Arrange: the 12 example deliveries of argyle-all.yaml 1.0.111 (the malformed one is not among them)
    const examples = publishedSpecExamples();
    for (const [index, example] of examples.entries()) {
      // Act
      const response = await handler(signed(argyleBody(example), { requestId: `req-spec-${index}` }));
      expect(response.statusCode, example.event).toBe(200);
    }
    // Assert: each reached a queue once (a fan-out may put it on several), marked passed
    const arrived = Object.values(await drainAll()).flat();
    for (const [index, example] of examples.entries()) {
      const messages = arrived.filter(
        (m) => attribute(m, MESSAGE_ATTRIBUTE.DELIVERY_ID) === `req-spec-${index}`,
      );
      expect(messages.length, example.event).toBeGreaterThan(0);
      for (const message of messages) {
        expect(attribute(message, MESSAGE_ATTRIBUTE.SCHEMA), example.event).toBe('passed');
        expect(parseArgyleRecord(message).event).toEqual(example);
      }
    }
  });

  it('marks an event the catalogue does not know as unknown-event', async () => {
    await handler(signed(deliveryBody('accounts.teleported')));
    const { accounts } = await drainAll();
    expect(attribute(accounts[0] ?? {}, MESSAGE_ATTRIBUTE.SCHEMA)).toBe('unknown-event');
  });
});

describe('deliveries that go to the catch-all queue', () => {
  it('puts an event no rule matches there, marked unmatched', async () => {
    const body = deliveryBody('vehicles.added');
    expect((await handler(signed(body))).statusCode).toBe(200);
    const queues = await drainAll();
    expect(queues['catch-all'].map((m) => m.Body)).toEqual([body]);
    expect(attribute(queues['catch-all'][0] ?? {}, MESSAGE_ATTRIBUTE.CATCH_ALL_REASON)).toBe('unmatched');
    expect(attribute(queues['catch-all'][0] ?? {}, MESSAGE_ATTRIBUTE.EVENT)).toBe('vehicles.added');
  });

  it('puts a signed body that is not JSON there, marked invalid-json', async () => {
    const body = 'this is not JSON';
    expect((await handler(signed(body))).statusCode).toBe(200);
    const { 'catch-all': catchAll } = await drainAll();
    expect(catchAll.map((m) => m.Body)).toEqual([body]);
    expect(attribute(catchAll[0] ?? {}, MESSAGE_ATTRIBUTE.CATCH_ALL_REASON)).toBe('invalid-json');
  });

  it('puts signed JSON without an event name there, marked invalid-envelope', async () => {
    const body = argyleBody({ name: 'prod', data: {} });
    expect((await handler(signed(body))).statusCode).toBe(200);
    const { 'catch-all': catchAll } = await drainAll();
    expect(attribute(catchAll[0] ?? {}, MESSAGE_ATTRIBUTE.CATCH_ALL_REASON)).toBe('invalid-envelope');
  });

  it('base64-encodes a signed body that is not UTF-8, and the bytes survive', async () => {
    const body = Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x00, 0x22, 0x7d]);
    expect((await handler(signed(body, { base64: true }))).statusCode).toBe(200);
    const { 'catch-all': catchAll } = await drainAll();
    expect(catchAll).toHaveLength(1);
    expect(attribute(catchAll[0] ?? {}, MESSAGE_ATTRIBUTE.BODY_ENCODING)).toBe('base64');
    expect(Buffer.from(catchAll[0]?.Body ?? '', 'base64').equals(body)).toBe(true);
  });
});

describe('rejected requests', () => {
  const expectNothingQueued = async () => {
    const queues = await drainAll();
    expect(Object.values(queues).flat()).toHaveLength(0);
  };

  it('answers 413 to a body over the limit before reading the secret', async () => {
    const calls = secrets.calls();
    const body = deliveryBody('accounts.updated', {
      account: ACCOUNT,
      user: USER,
      pad: 'x'.repeat(MAX_BODY_BYTES),
    });
    const response = await handler(signed(body));
    expect(response.statusCode).toBe(413);
    expect(secrets.calls()).toBe(calls);
    await expectNothingQueued();
  });

  it('accepts a body of exactly the limit', async () => {
    const base = deliveryBody('accounts.updated', { account: ACCOUNT, user: USER, pad: '' });
    const body = deliveryBody('accounts.updated', {
      account: ACCOUNT,
      user: USER,
      pad: 'x'.repeat(MAX_BODY_BYTES - Buffer.byteLength(base)),
    });
    expect(Buffer.byteLength(body)).toBe(MAX_BODY_BYTES);
    expect((await handler(signed(body))).statusCode).toBe(200);
  });

  it.each([
    ['no signature header', {}],
    ['an empty signature header', { 'X-Argyle-Signature': '' }],
    ['a malformed signature header', { 'X-Argyle-Signature': 'sha512=not-hex' }],
    [
      'a signature made with another secret',
      { 'X-Argyle-Signature': signBody('another secret', deliveryBody('accounts.added')) },
    ],
  ])(
    'answers 401 to a request with %s and queues nothing',
    async (_case, headers: Record<string, string>) => {
      const response = await handler(apiGatewayEvent(deliveryBody('accounts.added'), { headers }));
      expect(response.statusCode).toBe(401);
      expect(response.body).not.toMatch(/[0-9a-f]{128}/);
      await expectNothingQueued();
    },
  );

  it('answers 401 when the body was changed after signing', async () => {
    const body = deliveryBody('accounts.added');
    const event = apiGatewayEvent(body.replace('prod', 'prud'), {
      headers: { 'X-Argyle-Signature': signBody(SECRET, body) },
    });
    expect((await handler(event)).statusCode).toBe(401);
    await expectNothingQueued();
  });

  it('answers 405 to a method other than POST', async () => {
    const body = deliveryBody('accounts.added');
    const event = apiGatewayEvent(body, {
      method: 'GET',
      headers: { 'X-Argyle-Signature': signBody(SECRET, body) },
    });
    const response: APIGatewayProxyResult = await handler(event);
    expect(response.statusCode).toBe(405);
    expect(response.headers?.allow).toBe('POST');
  });
});

describe('failures on our side', () => {
  async function scenario(options: {
    sqsEndpoint?: string;
    table?: RoutingTable;
    secretsEndpoint?: string;
    now?: () => number;
  }) {
    const { createHandler } = await import('../../../functions/receiver/pipeline');
    const { readConfig } = await import('../../../functions/receiver/config');
    const { SigningSecret } = await import('../../../functions/receiver/signing-secret');
    const { createLogger, createMetrics } = await import('../../../functions/receiver/observability');
    const { SecretsManagerClient } = await import('@aws-sdk/client-secrets-manager');
    const { SQSClient } = await import('@aws-sdk/client-sqs');
    const { CLIENT_OPTIONS } = await import('../../../functions/receiver/clients');
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      [RECEIVER_ENV.ROUTES]: JSON.stringify(options.table ?? TABLE),
    };
    if (options.sqsEndpoint) env[RECEIVER_ENV.QUEUE_URL_PREFIX] = `${options.sqsEndpoint}/123456789012/`;
    return createHandler({
      config: readConfig(env),
      secret: new SigningSecret({
        client: new SecretsManagerClient({
          ...CLIENT_OPTIONS,
          endpoint: options.secretsEndpoint ?? secrets.endpoint,
        }),
        secretId: secrets.arn,
        ttlMs: 300_000,
        minRefreshIntervalMs: 30_000,
        now: options.now,
      }),
      sqs: new SQSClient({ ...CLIENT_OPTIONS, endpoint: options.sqsEndpoint ?? sqs.endpoint }),
      logger: createLogger(),
      metrics: createMetrics(),
      now: options.now,
    });
  }

  it('answers 503, not 401, when the signing secret cannot be read', async () => {
    secrets.failNext(10);
    try {
      const fresh = await scenario({});
      const response = await fresh(signed(deliveryBody('accounts.added')));
      expect(response.statusCode).toBe(503);
    } finally {
      secrets.failNext(0);
    }
    expect(Object.values(await drainAll()).flat()).toHaveLength(0);
  });

  it('answers 503 when any target queue refuses the message, so Argyle retries', async () => {
    const table: RoutingTable = {
      ...TABLE,
      queues: ['accounts', 'missing-queue', 'x', 'y', 'catch-all'],
      rules: [
        { events: ['accounts.*'], queue: 0 },
        { events: ['accounts.*'], queue: 1 },
      ],
    };
    const partial = await scenario({ table });
    const response = await partial(signed(deliveryBody('accounts.added')));
    expect(response.statusCode).toBe(503);
    // The queue that did take it keeps it: consumers are idempotent, and Argyle's retry brings it again.
    expect((await drainAll()).accounts).toHaveLength(1);
  });

  it('answers 503 within the time API Gateway waits when SQS does not answer at all', async () => {
    // Arrange: a server that accepts connections and never replies.
    const silent: Server = createServer(() => {});
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const address = silent.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    try {
      const stuck = await scenario({ sqsEndpoint: `http://127.0.0.1:${port}` });
      const started = Date.now();
      // Act
      const response = await stuck(signed(deliveryBody('accounts.added')));
      // Assert
      expect(response.statusCode).toBe(503);
      expect(Date.now() - started).toBeLessThan(12_000);
    } finally {
      silent.close();
    }
  });

  it('accepts deliveries signed with the previous secret after a rotation, and reads the secret again at most every 30 s', async () => {
    // Arrange
    let clock = 1_000_000;
    const rotating = await startFakeSecretsManager('secret-one');
    try {
      const handle = await scenario({ secretsEndpoint: rotating.endpoint, now: () => clock });
      const signedWith = (secret: string) => signed(deliveryBody('accounts.updated'), { secret });
      expect((await handle(signedWith('secret-one'))).statusCode).toBe(200);
      const readsBefore = rotating.calls();
      rotating.rotate('secret-two');
      // Act / Assert: within 30 s of the last read, a new signature is not enough to force another read.
      clock += 10_000;
      expect((await handle(signedWith('secret-two'))).statusCode).toBe(401);
      expect(rotating.calls()).toBe(readsBefore);
      // After 30 s, a failed check reads the secret again and the new and previous secrets both verify.
      clock += 25_000;
      expect((await handle(signedWith('secret-two'))).statusCode).toBe(200);
      expect((await handle(signedWith('secret-one'))).statusCode).toBe(200);
      expect((await handle(signedWith('forged'))).statusCode).toBe(401);
      expect(rotating.calls()).toBe(readsBefore + 2);
    } finally {
      await rotating.close();
    }
  });
});

describe('logging', () => {
  it('writes structured JSON lines that never carry a body, a signature, a secret or a user id', async () => {
    const body = deliveryBody('accounts.connected', { account: ACCOUNT, user: USER, ssn: '123-45-6789' });
    await handler(signed(body));
    await handler(apiGatewayEvent(body, { headers: { 'X-Argyle-Signature': 'f'.repeat(128) } }));
    const lines = logLines.join('').split('\n').filter(Boolean);
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) {
      expect(() => JSON.parse(line)).not.toThrow();
      expect(line).not.toContain(SECRET);
      expect(line).not.toContain('123-45-6789');
      expect(line).not.toContain(ACCOUNT);
      expect(line).not.toContain(USER);
      expect(line).not.toMatch(/[0-9a-f]{128}/i);
      expect(line).not.toContain('"event": "');
    }
    expect(lines.some((line) => JSON.parse(line).message === 'delivery accepted')).toBe(true);
    expect(lines.some((line) => JSON.parse(line).reason === 'signature mismatch')).toBe(true);
  });

  it('writes the Lambda request id, the delivery id and the event name on the line of an accepted delivery', async () => {
    // Arrange
    const context = {
      awsRequestId: 'lambda-req-7',
      functionName: 'receiver',
      functionVersion: '$LATEST',
      invokedFunctionArn: 'arn:aws:lambda:us-east-1:111111111111:function:receiver',
      memoryLimitInMB: '256',
    } as unknown as Context;
    const before = logLines.length;

    // Act
    await handler(signed(deliveryBody('accounts.connected'), { requestId: 'req-logged' }), context);

    // Assert
    const accepted = logLines
      .slice(before)
      .join('')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line))
      .find((line) => line.message === 'delivery accepted');
    expect(accepted).toMatchObject({
      level: 'INFO',
      function_request_id: 'lambda-req-7',
      deliveryId: 'req-logged',
      event: 'accounts.connected',
      status: 200,
    });
    expect(accepted).not.toHaveProperty('body');
  });
});
