/**
 * What the receiver writes per delivery: one log line and one EMF document on the success path, every metric
 * and dimension set the dashboard and alarms read (lib/constructs/argyle-webhook-monitoring.ts), whatever the
 * log level, and never a payload value. SQS is an in-memory stand-in: only the writes are observed here.
 */
import type { SQSClient } from '@aws-sdk/client-sqs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { checkEvent } from '#functions/catalogue/check-event';
import { describeSchemaProblems } from '#functions/catalogue/schema-problems';
import { readConfig } from '#functions/receiver/config';
import { createLogger, createMetrics } from '#functions/receiver/observability';
import { createHandler } from '#functions/receiver/pipeline';
import { signBody, signingKey } from '#functions/receiver/signature';
import { RECEIVER_ENV, type RoutingTable } from '#functions/shared/contract';
import { apiGatewayEvent } from '../../support/api-gateway-event';
import { argyleBody } from '../../support/argyle-fixtures';

const SECRET = 'whsec-test-output-0a1b2c3d4e5f60718293a4b5c6d7e8f9';
const ACCOUNT = '019bfb74-a974-e1fb-d876-0f4e094835f2';
const USER = '019bfb74-9fc0-c23b-9ab8-0cde682601bc';
const TABLE: RoutingTable = {
  queues: ['accounts', 'everything', 'updates', 'catch-all'],
  catchAll: 3,
  rules: [
    { events: ['accounts.*'], queue: 0 },
    { events: ['*'], subscriptions: ['partner'], queue: 1 },
    { events: ['*.updated'], subscriptions: ['partner'], queue: 2 },
  ],
};

interface Directive {
  readonly Namespace: string;
  readonly Dimensions: readonly (readonly string[])[];
  readonly Metrics: readonly { readonly Name: string }[];
}

let written: string[] = [];

/** Every JSON line written to stdout or stderr. */
const lines = (): Record<string, unknown>[] =>
  written
    .join('')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Record<string, unknown>);
const emfDocuments = () => lines().filter((line) => '_aws' in line);
const logLines = () => lines().filter((line) => !('_aws' in line));
const directives = (document: Record<string, unknown> | undefined) =>
  (document?._aws as { CloudWatchMetrics: Directive[] } | undefined)?.CloudWatchMetrics ?? [];

function receiver() {
  const sent: string[] = [];
  const sqs = {
    send: async (command: { input: { QueueUrl?: string } }) => {
      sent.push(command.input.QueueUrl ?? '');
      return { MessageId: 'stand-in' };
    },
  } as unknown as Pick<SQSClient, 'send'>;
  const key = signingKey(SECRET);
  const keys = [key];
  const handler = createHandler({
    config: readConfig({
      [RECEIVER_ENV.SIGNING_SECRET_ARN]: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:s-AbCdEf',
      [RECEIVER_ENV.ROUTES]: JSON.stringify(TABLE),
      [RECEIVER_ENV.QUEUE_URL_PREFIX]: 'https://sqs.us-east-1.amazonaws.com/123456789012/',
      [RECEIVER_ENV.MAX_BODY_BYTES]: '262144',
    }),
    secret: {
      currentKey: async () => key,
      keys: async () => keys,
      refreshAfterFailedCheck: async () => undefined,
      previousUnavailable: () => false,
    },
    sqs,
    logger: createLogger(),
    metrics: createMetrics(),
    schema: { check: checkEvent, describe: describeSchemaProblems },
  });
  return { handler, sent };
}

function delivery(
  event: string,
  name = 'prod',
  data: Record<string, unknown> = { account: ACCOUNT, user: USER },
) {
  const body = argyleBody({ event, name, data });
  return apiGatewayEvent(body, {
    requestId: 'req-output',
    headers: { 'X-Argyle-Signature': signBody(SECRET, body) },
  });
}

beforeEach(() => {
  written = [];
  vi.stubEnv('POWERTOOLS_SERVICE_NAME', 'argyle-webhook-receiver');
  vi.stubEnv('POWERTOOLS_METRICS_NAMESPACE', 'ArgyleWebhooks');
  vi.stubEnv('AWS_LAMBDA_FUNCTION_NAME', 'Stack-IngestReceiver-abc123');
  vi.stubEnv('POWERTOOLS_LOG_LEVEL', 'INFO');
  for (const stream of [process.stdout, process.stderr]) {
    vi.spyOn(stream, 'write').mockImplementation((chunk: string | Uint8Array) => {
      written.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
      return true;
    });
  }
});

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
});

describe('what the receiver writes for an accepted delivery', () => {
  it('writes exactly one log line and one EMF document for a delivery to one queue', async () => {
    // Arrange
    const { handler, sent } = receiver();

    // Act
    const response = await handler(delivery('accounts.connected'));

    // Assert
    expect(response.statusCode).toBe(200);
    expect(sent).toHaveLength(1);
    expect(logLines()).toHaveLength(1);
    expect(emfDocuments()).toHaveLength(1);
    expect(logLines()[0]).toMatchObject({
      level: 'INFO',
      message: 'delivery accepted',
      deliveryId: 'req-output',
    });
  });

  it("lists the accepted line's keys in one order, without attributesAdjusted when nothing was adjusted", async () => {
    // Arrange
    const { handler } = receiver();

    // Act
    await handler(delivery('accounts.connected'));

    // Assert: Powertools' keys, then the delivery's (operations.md documents them), status last.
    const keys = Object.keys(logLines()[0] ?? {});
    expect(keys.slice(keys.indexOf('deliveryId'))).toEqual([
      'deliveryId',
      'event',
      'subscription',
      'queues',
      'schema',
      'bodyBytes',
      'bodyEncoding',
      'status',
    ]);
  });

  it('emits every metric the dashboard and alarms read, with the dimension sets they name', async () => {
    // Arrange
    const { handler } = receiver();

    // Act: one delivery to a rule's queue, one to the catch-all.
    await handler(delivery('accounts.connected'));
    await handler(delivery('widgets.teleported'));

    // Assert
    const [routed, unmatched] = emfDocuments();
    const sets = (document: Record<string, unknown> | undefined) =>
      directives(document).map((directive) => ({
        namespace: directive.Namespace,
        metrics: directive.Metrics.map((metric) => metric.Name),
        dimensions: directive.Dimensions,
      }));
    const accepted = {
      namespace: 'ArgyleWebhooks',
      metrics: ['DeliveriesAccepted'],
      dimensions: [
        ['service', 'FunctionName', 'EventFamily'],
        ['service', 'FunctionName', 'Event'],
        ['service', 'FunctionName'],
        ['service', 'FunctionName', 'Subscription'],
      ],
    };
    const byQueue = {
      namespace: 'ArgyleWebhooks',
      metrics: ['MessagesRouted'],
      dimensions: [['service', 'FunctionName', 'Queue']],
    };
    expect(sets(routed)).toEqual([accepted, byQueue]);
    expect(routed).toMatchObject({ EventFamily: 'accounts', Event: 'accounts.connected', Queue: 'accounts' });
    expect(sets(unmatched)).toEqual([
      accepted,
      byQueue,
      {
        namespace: 'ArgyleWebhooks',
        metrics: ['CatchAllDeliveries'],
        dimensions: [['service', 'FunctionName', 'Reason']],
      },
    ]);
    expect(unmatched).toMatchObject({ Queue: 'catch-all', Reason: 'unmatched', CatchAllDeliveries: 1 });
  });

  it('still writes the EMF document at log level ERROR, and no log line', async () => {
    // Arrange
    vi.stubEnv('POWERTOOLS_LOG_LEVEL', 'ERROR');
    const { handler } = receiver();

    // Act
    const response = await handler(delivery('accounts.connected'));

    // Assert
    expect(response.statusCode).toBe(200);
    expect(logLines()).toHaveLength(0);
    expect(emfDocuments()).toHaveLength(1);
    expect(emfDocuments()[0]).toMatchObject({ DeliveriesAccepted: 1, MessagesRouted: 1 });
  });

  it('writes one log line and one document per queue when a delivery fans out to three queues', async () => {
    // Arrange
    const { handler, sent } = receiver();

    // Act
    await handler(delivery('accounts.updated', 'partner'));

    // Assert
    expect(sent).toHaveLength(3);
    expect(logLines()).toHaveLength(1);
    expect(logLines()[0]?.queues).toEqual(['accounts', 'everything', 'updates']);
    expect(emfDocuments().map((document) => document.Queue)).toEqual(['accounts', 'everything', 'updates']);
    expect(emfDocuments().filter((document) => document.DeliveriesAccepted === 1)).toHaveLength(1);
  });

  it('writes one warning line with the schema problems, and counts the failure in the same document', async () => {
    // Arrange
    const { handler } = receiver();

    // Act: accounts.connected with a user id that is not a string.
    await handler(delivery('accounts.connected', 'prod', { account: ACCOUNT, user: 12345 }));

    // Assert
    const [line] = logLines();
    expect(logLines()).toHaveLength(1);
    expect(line).toMatchObject({ level: 'WARN', message: 'delivery accepted', schema: 'failed' });
    expect(JSON.stringify(line)).toContain('data.user');
    expect(emfDocuments()).toHaveLength(1);
    expect(emfDocuments()[0]).toMatchObject({ SchemaFailures: 1, EventFamily: 'accounts' });
  });

  it('counts the delivery under its subscription in the same document, and no payload with it', async () => {
    // Arrange
    const { handler } = receiver();

    // Act
    await handler(
      delivery('accounts.connected', 'payroll-prod', { account: ACCOUNT, user: USER, ssn: '123-45-6789' }),
    );

    // Assert
    const [document] = emfDocuments();
    expect(emfDocuments()).toHaveLength(1);
    expect(document).toMatchObject({ Subscription: 'payroll-prod', DeliveriesAccepted: 1 });
    expect(directives(document)[0]?.Dimensions).toContainEqual(['service', 'FunctionName', 'Subscription']);
    for (const value of [ACCOUNT, USER, '123-45-6789']) expect(JSON.stringify(document)).not.toContain(value);
  });

  it('writes no value of the payload on either line', async () => {
    // Arrange
    const { handler } = receiver();

    // Act
    await handler(
      delivery('accounts.connected', 'prod', { account: ACCOUNT, user: USER, ssn: '123-45-6789' }),
    );

    // Assert
    const text = written.join('');
    for (const value of [ACCOUNT, USER, '123-45-6789', SECRET]) expect(text).not.toContain(value);
  });
});
