import { describe, expect, it } from 'vitest';
import type { Envelope } from '#functions/receiver/envelope';
import { prepareMessage, sendInput } from '#functions/receiver/message';
import {
  MAX_DELIVERABLE_BODY_BYTES,
  MESSAGE_ATTRIBUTE,
  SQS_MAX_MESSAGE_BYTES,
} from '#functions/shared/contract';

const receivedAt = new Date('2026-11-23T10:00:00.000Z');
const envelope: Envelope = {
  event: 'accounts.connected',
  subscription: 'prod-all',
  data: {},
  account: '019bfb74-a974-e1fb-d876-0f4e094835f2',
  user: '019bfb74-9fc0-c23b-9ab8-0cde682601bc',
  item: undefined,
};

function sqsSize(message: ReturnType<typeof prepareMessage>): number {
  let size = Buffer.byteLength(message.body);
  for (const [name, value] of Object.entries(message.attributes)) {
    size +=
      Buffer.byteLength(name) +
      Buffer.byteLength(value.DataType ?? '') +
      Buffer.byteLength(value.StringValue ?? '');
  }
  return size;
}

describe('prepareMessage', () => {
  it('carries a UTF-8 body verbatim with the contract attributes', () => {
    const body = Buffer.from('{\n  "event": "accounts.connected",\n  "name": "prod-all"\n}');
    const message = prepareMessage({ body, deliveryId: 'req-1', receivedAt, envelope, schema: 'passed' });
    expect(message.body).toBe(body.toString('utf8'));
    expect(message.base64).toBe(false);
    const values = Object.fromEntries(Object.entries(message.attributes).map(([k, v]) => [k, v.StringValue]));
    expect(values).toEqual({
      [MESSAGE_ATTRIBUTE.EVENT]: 'accounts.connected',
      [MESSAGE_ATTRIBUTE.SUBSCRIPTION]: 'prod-all',
      [MESSAGE_ATTRIBUTE.ACCOUNT]: envelope.account,
      [MESSAGE_ATTRIBUTE.USER]: envelope.user,
      [MESSAGE_ATTRIBUTE.RECEIVED_AT]: '2026-11-23T10:00:00.000Z',
      [MESSAGE_ATTRIBUTE.DELIVERY_ID]: 'req-1',
      [MESSAGE_ATTRIBUTE.SCHEMA]: 'passed',
    });
    expect(Object.values(message.attributes).every((value) => value.DataType === 'String')).toBe(true);
  });

  it('carries no content hash and no replay marker (message contract 2: consumers hash the body themselves)', () => {
    const message = prepareMessage({
      body: Buffer.from('abc'),
      deliveryId: 'd',
      receivedAt,
      envelope: undefined,
    });
    expect(Object.keys(message.attributes)).not.toContain('argyle.content-sha256');
    expect(Object.keys(message.attributes)).not.toContain(MESSAGE_ATTRIBUTE.REPLAY);
  });

  it.each([
    ['bytes that are not UTF-8', Buffer.from([0x7b, 0xc3, 0x28, 0x7d])],
    ['a NUL character SQS refuses', Buffer.from('{"a":"\u0000"}')],
    ['a control character SQS refuses', Buffer.from('{"a":"\u0001"}')],
  ])('base64-encodes a body with %s and says so', (_case, body) => {
    const message = prepareMessage({
      body,
      deliveryId: 'd',
      receivedAt,
      envelope: undefined,
      catchAllReason: 'invalid-json',
    });
    expect(message.base64).toBe(true);
    expect(Buffer.from(message.body, 'base64').equals(body)).toBe(true);
    expect(message.attributes[MESSAGE_ATTRIBUTE.BODY_ENCODING]?.StringValue).toBe('base64');
    expect(message.attributes[MESSAGE_ATTRIBUTE.CATCH_ALL_REASON]?.StringValue).toBe('invalid-json');
  });

  /** The message for `body`, read as `envelope`, with the text its caller decoded once. */
  const fromDecoded = (body: Buffer) =>
    prepareMessage({ body, text: body.toString('utf8'), deliveryId: 'd', receivedAt, envelope });

  it('still checks a non-ASCII body read as an envelope: U+FFFF is legal JSON but not SQS text', () => {
    const body = Buffer.from('{"event":"accounts.connected","name":"p\uffff"}');
    const message = fromDecoded(body);
    expect(message.base64).toBe(true);
    expect(Buffer.from(message.body, 'base64').equals(body)).toBe(true);
  });

  it('takes the text it is given for the body, decoded once by the caller', () => {
    const message = fromDecoded(Buffer.from('{"event":"accounts.connected"}'));
    expect(message.body).toBe('{"event":"accounts.connected"}');
    expect(message.base64).toBe(false);
  });

  it('keeps tabs, new lines and characters beyond the BMP verbatim', () => {
    const body = Buffer.from('{\n\t"name": "José 🚗"\r\n}');
    expect(prepareMessage({ body, deliveryId: 'd', receivedAt, envelope: undefined }).base64).toBe(false);
  });

  it('leaves out attributes that have no value', () => {
    const message = prepareMessage({
      body: Buffer.from('x'),
      deliveryId: 'd',
      receivedAt,
      envelope: undefined,
    });
    expect(Object.keys(message.attributes).sort()).toEqual(
      [MESSAGE_ATTRIBUTE.DELIVERY_ID, MESSAGE_ATTRIBUTE.RECEIVED_AT].sort(),
    );
  });

  it('fits the largest deliverable body with every attribute at its longest in one SQS message', () => {
    // Arrange: a body that must be base64-encoded, and attribute values cut to their maximum.
    const body = Buffer.alloc(MAX_DELIVERABLE_BODY_BYTES, 0xff);
    const long = 'x'.repeat(10_000);
    const longEnvelope: Envelope = {
      event: long,
      subscription: '名'.repeat(10_000),
      data: {},
      account: long,
      user: long,
      item: long,
    };
    // Act
    const message = prepareMessage({
      body,
      deliveryId: long,
      receivedAt,
      envelope: longEnvelope,
      catchAllReason: 'invalid-envelope',
      schema: 'unknown-event',
    });
    const replayed = {
      ...message,
      attributes: {
        ...message.attributes,
        [MESSAGE_ATTRIBUTE.REPLAY]: { DataType: 'String', StringValue: '20261203T101500Z-4f9a1c' },
      },
    };
    // Assert: nine from the receiver, the tenth a replay adds.
    expect(Object.keys(message.attributes)).toHaveLength(9);
    expect(Object.keys(replayed.attributes)).toHaveLength(10);
    expect(sqsSize(replayed)).toBeLessThanOrEqual(SQS_MAX_MESSAGE_BYTES);
  });

  it('groups FIFO messages by account, else user, else item, else one fixed group', () => {
    const group = (e: Partial<Envelope> | undefined) =>
      prepareMessage({
        body: Buffer.from('x'),
        deliveryId: 'd',
        receivedAt,
        envelope: e ? { ...envelope, account: undefined, user: undefined, item: undefined, ...e } : undefined,
      }).groupId;
    expect(group({ account: 'acc', user: 'usr', item: 'item_1' })).toBe('acc');
    expect(group({ user: 'usr', item: 'item_1' })).toBe('usr');
    expect(group({ item: 'item_000029932' })).toBe('item_000029932');
    expect(group({})).toBe('argyle');
    expect(group(undefined)).toBe('argyle');
  });

  it('deduplicates FIFO messages per delivery, so identical bodies from two deliveries both arrive', () => {
    const body = Buffer.from('{"event":"accounts.updated"}');
    const first = prepareMessage({ body, deliveryId: 'request-1', receivedAt, envelope });
    const second = prepareMessage({ body, deliveryId: 'request-2', receivedAt, envelope });
    expect(first.deduplicationId).not.toBe(second.deduplicationId);
    expect(first.body).toBe(second.body);
  });

  it('hashes an id that SQS would refuse as a FIFO group', () => {
    const message = prepareMessage({
      body: Buffer.from('x'),
      deliveryId: 'd',
      receivedAt,
      envelope: { ...envelope, account: 'has spaces and ünïcode' },
    });
    expect(message.groupId).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('sendInput', () => {
  const message = prepareMessage({ body: Buffer.from('x'), deliveryId: 'req-9', receivedAt, envelope });

  it('adds group and deduplication ids for a FIFO queue', () => {
    expect(sendInput(message, 'https://sqs.us-east-1.amazonaws.com/1/q.fifo')).toMatchObject({
      MessageGroupId: envelope.account,
      MessageDeduplicationId: 'req-9',
    });
  });

  it('adds neither for a standard queue', () => {
    const input = sendInput(message, 'https://sqs.us-east-1.amazonaws.com/1/q');
    expect(input.MessageGroupId).toBeUndefined();
    expect(input.MessageDeduplicationId).toBeUndefined();
  });
});

describe('prepareMessage with envelope values SQS would refuse', () => {
  const withEnvelope = (values: Partial<Envelope>) =>
    prepareMessage({
      body: Buffer.from('{}'),
      deliveryId: 'd',
      receivedAt,
      envelope: { ...envelope, ...values },
    });

  it('leaves out a subscription name holding a control character, and says which', () => {
    const message = withEnvelope({ subscription: 'payroll\u0001prod' });
    expect(message.attributes[MESSAGE_ATTRIBUTE.SUBSCRIPTION]).toBeUndefined();
    expect(message.attributes[MESSAGE_ATTRIBUTE.EVENT]?.StringValue).toBe('accounts.connected');
    expect(message.adjusted).toEqual([{ name: MESSAGE_ATTRIBUTE.SUBSCRIPTION, adjustment: 'omitted' }]);
  });

  it('cuts a long account id on a code point boundary, and says so', () => {
    const message = withEnvelope({ account: `${'a'.repeat(255)}🚗` });
    expect(message.attributes[MESSAGE_ATTRIBUTE.ACCOUNT]?.StringValue).toBe('a'.repeat(255));
    expect(message.adjusted).toEqual([{ name: MESSAGE_ATTRIBUTE.ACCOUNT, adjustment: 'cut' }]);
  });

  it('reports nothing for ordinary values', () => {
    expect(withEnvelope({}).adjusted).toEqual([]);
  });

  it('still groups a FIFO message by the full account id', () => {
    const account = `acc\u0000${'x'.repeat(300)}`;
    expect(withEnvelope({ account }).groupId).toMatch(/^[0-9a-f]{64}$/);
  });
});
