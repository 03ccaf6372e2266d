/**
 * Every signed delivery within the size limit ends stored, its body byte-identical, whatever its envelope holds:
 * the bundled module's handler (as Lambda imports it) against a local SQS that refuses what real SQS refuses
 * (test/support/local-sqs.ts), the signing secret from the Secrets Manager stand-in.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ReceiverHandler } from '#functions/receiver/pipeline';
import { signBody } from '#functions/receiver/signature';
import { MESSAGE_ATTRIBUTE, type RoutingTable } from '#functions/shared/contract';
import { apiGatewayEvent } from '../../support/api-gateway-event';
import {
  type DeployedReceiver,
  startDeployedReceiver,
  stopDeployedReceiver,
} from '../../support/deployed-receiver';
import type { LocalSqs } from '../../support/local-sqs';

const SECRET = 'whsec-storable-0b8e2d4f6a1c3e5b7d9f';
const QUEUES = ['accounts', 'gigs.fifo', 'catch-all'] as const;
const TABLE: RoutingTable = {
  queues: [...QUEUES],
  catchAll: 2,
  rules: [
    { events: ['accounts.*'], queue: 0 },
    { events: ['gigs.*'], queue: 1 },
  ],
};
const MAX_BODY_BYTES = 8_193;
const ACCOUNT = '019bfb74-a974-e1fb-d876-0f4e094835f2';

let sqs: LocalSqs;
let handler: ReceiverHandler;
const logLines: string[] = [];

const signed = (body: string | Buffer, base64 = true) =>
  apiGatewayEvent(body, { base64, headers: { 'X-Argyle-Signature': signBody(SECRET, body) } });

const attribute = (message: { MessageAttributes?: Record<string, { StringValue?: string }> }, name: string) =>
  message.MessageAttributes?.[name]?.StringValue;

async function stored() {
  const entries = await Promise.all(QUEUES.map(async (queue) => [queue, await sqs.drain(queue)] as const));
  return Object.fromEntries(entries) as Record<
    (typeof QUEUES)[number],
    Awaited<ReturnType<LocalSqs['drain']>>
  >;
}

/** The JSON text of an envelope, with `\uXXXX` escapes kept as Argyle could send them. */
const envelopeText = (event: string, name: string, data: string) =>
  `{"event":"${event}","name":"${name}","data":${data}}`;

let receiver: DeployedReceiver | undefined;
beforeAll(async () => {
  receiver = await startDeployedReceiver({
    secret: SECRET,
    table: TABLE,
    maxBodyBytes: MAX_BODY_BYTES,
    logLines,
  });
  ({ sqs, handler } = receiver);
});

afterAll(async () => {
  await stopDeployedReceiver(receiver);
});

beforeEach(async () => {
  await stored();
});

describe('a signed delivery whose envelope holds values SQS refuses in an attribute', () => {
  it.each([
    [
      'a control character in name',
      envelopeText('accounts.updated', 'payroll\\u0001prod', `{"account":"${ACCOUNT}"}`),
      MESSAGE_ATTRIBUTE.SUBSCRIPTION,
      'accounts',
    ],
    [
      'U+FFFF in name',
      envelopeText('accounts.updated', 'prod\\uffff', `{"account":"${ACCOUNT}"}`),
      MESSAGE_ATTRIBUTE.SUBSCRIPTION,
      'accounts',
    ],
    [
      'a NUL in event',
      envelopeText('accounts.upd\\u0000ated', 'prod', `{"account":"${ACCOUNT}"}`),
      MESSAGE_ATTRIBUTE.EVENT,
      'accounts',
    ],
    [
      'a lone surrogate in data.account',
      envelopeText('gigs.added', 'prod', '{"account":"acc\\ud800"}'),
      MESSAGE_ATTRIBUTE.ACCOUNT,
      'gigs.fifo',
    ],
    [
      'a lone surrogate in data.user',
      envelopeText('accounts.added', 'prod', '{"user":"\\udc00usr"}'),
      MESSAGE_ATTRIBUTE.USER,
      'accounts',
    ],
  ] as const)(
    'is stored with its body intact when it has %s, that attribute left out',
    async (_case, body, left, queue) => {
      // Act
      const response = await handler(signed(body));
      // Assert
      expect(response.statusCode).toBe(200);
      const queues = await stored();
      expect(queues[queue].map((message) => message.Body)).toEqual([body]);
      const [message] = queues[queue];
      expect(message?.MessageAttributes?.[left]).toBeUndefined();
      expect(attribute(message ?? {}, MESSAGE_ATTRIBUTE.DELIVERY_ID)).toBeDefined();
    },
  );

  it('is stored with the subscription name cut before an emoji the limit would split', async () => {
    const name = `${'n'.repeat(255)}🚗-and-more`;
    const body = envelopeText('accounts.updated', name, `{"account":"${ACCOUNT}"}`);
    expect((await handler(signed(body))).statusCode).toBe(200);
    const { accounts } = await stored();
    expect(accounts.map((message) => message.Body)).toEqual([body]);
    expect(attribute(accounts[0] ?? {}, MESSAGE_ATTRIBUTE.SUBSCRIPTION)).toBe('n'.repeat(255));
  });

  it('is stored with a raw control character in the body (not JSON then), base64-encoded and said so', async () => {
    const body = Buffer.from(`{"event":"accounts.updated","name":"a\u0001b","data":{}}`, 'utf8');
    expect((await handler(signed(body))).statusCode).toBe(200);
    const { 'catch-all': catchAll } = await stored();
    expect(attribute(catchAll[0] ?? {}, MESSAGE_ATTRIBUTE.BODY_ENCODING)).toBe('base64');
    expect(Buffer.from(catchAll[0]?.Body ?? '', 'base64').equals(body)).toBe(true);
  });

  it('logs which attributes were cut or left out, never their values', async () => {
    const before = logLines.length;
    const body = envelopeText('accounts.updated', 'secret\\u0001name', `{"account":"${ACCOUNT}"}`);
    await handler(signed(body));
    const accepted = logLines
      .slice(before)
      .join('')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line))
      .find((line) => line.message === 'delivery accepted');
    expect(accepted.attributesAdjusted).toEqual([`${MESSAGE_ATTRIBUTE.SUBSCRIPTION}: omitted`]);
    expect(JSON.stringify(accepted)).not.toContain('secret');
    expect(JSON.stringify(accepted)).not.toContain(ACCOUNT);
    const metric = logLines
      .slice(before)
      .join('')
      .split('\n')
      .filter((line) => line.includes('AttributeValuesAdjusted'))
      .map((line) => JSON.parse(line));
    expect(metric).toMatchObject([{ AttributeValuesAdjusted: 1, Reason: 'omitted' }]);
  });
});

describe('a signed delivery at the edges of the size rules', () => {
  it('answers an empty signed body 422, not 5xx, and stores nothing', async () => {
    const response = await handler(signed(''));
    expect(response.statusCode).toBe(422);
    expect(Object.values(await stored()).flat()).toHaveLength(0);
  });

  it('still answers an empty body with a wrong signature 401', async () => {
    const event = apiGatewayEvent('', { headers: { 'X-Argyle-Signature': signBody('another secret', '') } });
    expect((await handler(event)).statusCode).toBe(401);
  });

  it('measures a base64 body by its decoded bytes, so extra padding does not let an oversized body through', async () => {
    // Arrange: one byte over the limit (a multiple of 3, so canonical base64 has no padding), then "==" added.
    const body = Buffer.alloc(MAX_BODY_BYTES + 1, 0x61);
    const event = signed(body);
    event.body = `${body.toString('base64')}==`;
    // Act
    const response = await handler(event);
    // Assert
    expect(response.statusCode).toBe(413);
    expect(Object.values(await stored()).flat()).toHaveLength(0);
  });

  it('accepts a base64 body of exactly the limit sent with extra padding', async () => {
    const body = Buffer.from(`{"event":"accounts.updated","pad":"${'p'.repeat(MAX_BODY_BYTES - 37)}"}`);
    expect(body.length).toBe(MAX_BODY_BYTES);
    const event = signed(body);
    event.body = `${body.toString('base64')}==`;
    expect((await handler(event)).statusCode).toBe(200);
    const { accounts } = await stored();
    expect(accounts.map((message) => message.Body)).toEqual([body.toString('utf8')]);
  });
});
