/**
 * The receiver end to end: API Gateway events in, messages out of a local SQS emulator speaking the real
 * protocol, the signing secret from a local Secrets Manager stand-in. The deployed module (handler.ts) is
 * imported as Lambda would import it.
 */
import { createServer, type Server } from 'node:net';
import type { APIGatewayProxyResult, Context } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { signBody } from '#functions/receiver/signature';
import { RECEIVER_ENV, type RoutingTable } from '#functions/shared/contract';
import { startFakeSecretsManager } from '#local/secrets-manager';
import { apiGatewayEvent } from '../../support/api-gateway-event';
import {
  ACCOUNT,
  deliveryBody,
  drainAll,
  handler,
  logLines,
  MAX_BODY_BYTES,
  SECRET,
  secrets,
  signed,
  sqs,
  TABLE,
  USER,
  useReceiverHandler,
} from './handler-fixtures';

useReceiverHandler();

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
    const { createHandler } = await import('#functions/receiver/pipeline');
    const { readConfig } = await import('#functions/receiver/config');
    const { SigningSecret } = await import('#functions/receiver/signing-secret');
    const { createLogger, createMetrics } = await import('#functions/receiver/observability');
    const { SecretsManagerClient } = await import('@aws-sdk/client-secrets-manager');
    const { SQSClient } = await import('@aws-sdk/client-sqs');
    const { CLIENT_OPTIONS } = await import('#functions/receiver/clients');
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
      // Act / Assert: within 30 s of the last read, a new signature makes the receiver read the previous and
      // the pending versions once each (it matches neither), and nothing more, however many arrive.
      clock += 10_000;
      expect((await handle(signedWith('secret-two'))).statusCode).toBe(401);
      expect((await handle(signedWith('secret-two'))).statusCode).toBe(401);
      expect(rotating.calls()).toBe(readsBefore + 2);
      // After 30 s, a failed check reads the current and previous versions again (and the pending one once) and the new and previous secrets both verify.
      clock += 25_000;
      expect((await handle(signedWith('secret-two'))).statusCode).toBe(200);
      expect((await handle(signedWith('secret-one'))).statusCode).toBe(200);
      expect((await handle(signedWith('forged'))).statusCode).toBe(401);
      expect(rotating.calls()).toBe(readsBefore + 2 + 3);
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
    // Since the tests were split, the accepted-delivery tests log in another file: cover their kinds of line
    // here too: a catch-all delivery, one that fails its schema, and a body that is not JSON.
    await handler(
      signed(deliveryBody('nothing.routes_this', { account: ACCOUNT, user: USER, ssn: '123-45-6789' })),
    );
    await handler(signed(deliveryBody('paystubs.fully_synced', { user: USER, ssn: '123-45-6789' })));
    await handler(signed(`not json ${ACCOUNT} 123-45-6789`));
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
