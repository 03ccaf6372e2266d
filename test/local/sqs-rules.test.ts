/**
 * The SQS stand-in refuses what real SQS refuses in SendMessage, with the error the SDK raises for it, so a
 * message the receiver can only store locally fails here as it would on AWS.
 */
import { SendMessageCommand, type SendMessageCommandInput } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { refusedCharacter, sendMessageViolation } from '#local/sqs-rules';
import { type LocalSqs, startLocalSqs } from '../support/local-sqs';

let sqs: LocalSqs;
let queueUrl: string;

beforeAll(async () => {
  sqs = await startLocalSqs();
  queueUrl = await sqs.createQueue('rules');
});

afterAll(async () => {
  await sqs.close();
});

const send = (input: Omit<SendMessageCommandInput, 'QueueUrl'>) =>
  sqs.client.send(new SendMessageCommand({ QueueUrl: queueUrl, ...input }));

const attributes = (value: string) => ({ 'argyle.subscription': { DataType: 'String', StringValue: value } });

describe('the SQS stand-in', () => {
  it('takes a message with any allowed characters in body and attributes', async () => {
    await expect(
      send({ MessageBody: 'José 🚗\t\n', MessageAttributes: attributes('名前 🚗') }),
    ).resolves.toMatchObject({
      MessageId: expect.any(String),
    });
  });

  it.each([
    ['a control character', 'a\u0001b'],
    ['a NUL', '\u0000'],
    ['U+FFFF', '\uFFFF'],
  ])('refuses a body holding %s with InvalidMessageContents', async (_case, body) => {
    await expect(send({ MessageBody: body })).rejects.toMatchObject({
      name: 'InvalidMessageContents',
      $metadata: { httpStatusCode: 400 },
    });
  });

  it('refuses an empty body', async () => {
    await expect(send({ MessageBody: '' })).rejects.toMatchObject({ $metadata: { httpStatusCode: 400 } });
  });

  it.each([
    ['a control character', 'payroll\u0001prod'],
    ['U+FFFF', 'prod\uFFFF'],
    ['a lone surrogate', 'acc\uD800'],
    ['half of a split emoji', `${'x'.repeat(255)}\uD83D`],
  ])('refuses a String attribute value holding %s with InvalidParameterValue', async (_case, value) => {
    await expect(send({ MessageBody: '{}', MessageAttributes: attributes(value) })).rejects.toMatchObject({
      name: 'InvalidParameterValue',
      $metadata: { httpStatusCode: 400 },
    });
  });

  it('refuses a message over 256 KiB, body and attributes together', async () => {
    const body = 'x'.repeat(262_144 - 30);
    await expect(
      send({ MessageBody: body, MessageAttributes: attributes('y'.repeat(20)) }),
    ).rejects.toMatchObject({
      name: 'InvalidParameterValue',
    });
  });
});

describe('refusedCharacter', () => {
  it('names the first refused character', () => {
    expect(refusedCharacter('ok\u0001\u0002')).toBe('#x1');
  });

  it('finds nothing in tabs, line breaks and a surrogate pair', () => {
    expect(refusedCharacter('\t\r\n🚗\u{10FFFF}')).toBeUndefined();
  });
});

describe('sendMessageViolation', () => {
  it('asks for a body when there is none', () => {
    expect(sendMessageViolation({})?.code).toBe('MissingParameter');
  });

  it('refuses more than ten attributes', () => {
    const many = Object.fromEntries(
      Array.from({ length: 11 }, (_, i) => [`a${i}`, { DataType: 'String', StringValue: 'v' }]),
    );
    expect(sendMessageViolation({ MessageBody: 'x', MessageAttributes: many })?.code).toBe(
      'InvalidParameterValue',
    );
  });
});
