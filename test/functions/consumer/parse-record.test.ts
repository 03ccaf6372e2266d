import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { rmSync } from 'node:fs';
import type { Message } from '@aws-sdk/client-sqs';
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import type { SQSRecord } from 'aws-lambda';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import { ARGYLE_EVENT_NAMES, exampleEvent } from '#functions/catalogue/index';
import {
  ArgyleRecordError,
  type LambdaSqsRecord,
  parseArgyleRecord,
  safeParseArgyleRecord,
} from '#functions/consumer/index';
import { parseEnvelope } from '#functions/receiver/envelope';
import { prepareMessage, sendInput } from '#functions/receiver/message';
import { argyleBody, capturedDeliveries } from '../../support/argyle-fixtures';
import { type LocalSqs, startLocalSqs } from '../../support/local-sqs';

let sqs: LocalSqs;

beforeAll(async () => {
  sqs = await startLocalSqs();
  await sqs.createQueue('consumer-test');
});

afterAll(async () => {
  await sqs.close();
});

/** Sends a body through the receiver's own message builder to the emulator and reads it back. */
async function roundTrip(body: Buffer | string, deliveryId = 'req-1'): Promise<Message> {
  const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  const parsed = parseEnvelope(bytes);
  const message = prepareMessage({
    body: bytes,
    deliveryId,
    receivedAt: new Date('2026-11-23T10:00:00.000Z'),
    envelope: parsed.ok ? parsed.envelope : undefined,
    catchAllReason: parsed.ok ? undefined : parsed.reason,
    schema: parsed.ok ? 'passed' : undefined,
  });
  await sqs.client.send(new SendMessageCommand(sendInput(message, `${sqs.urlPrefix}consumer-test`)));
  const [received] = await sqs.drain('consumer-test');
  if (!received) throw new Error('nothing arrived');
  return received;
}

/** The same message as a Lambda SQS trigger hands it over. */
function asLambdaRecord(message: Message): SQSRecord {
  return {
    messageId: message.MessageId ?? '',
    receiptHandle: message.ReceiptHandle ?? '',
    body: message.Body ?? '',
    attributes: {
      ApproximateReceiveCount: '1',
      SentTimestamp: '1795428000000',
      SenderId: 'AROAEXAMPLE:receiver',
      ApproximateFirstReceiveTimestamp: '1795428000001',
    },
    messageAttributes: Object.fromEntries(
      Object.entries(message.MessageAttributes ?? {}).map(([name, value]) => [
        name,
        { stringValue: value.StringValue, stringListValues: [], binaryListValues: [], dataType: 'String' },
      ]),
    ),
    md5OfBody: message.MD5OfBody ?? '',
    eventSource: 'aws:sqs',
    eventSourceARN: 'arn:aws:sqs:us-east-1:123456789012:consumer-test',
    awsRegion: 'us-east-1',
  };
}

describe('parseArgyleRecord', () => {
  it.each(ARGYLE_EVENT_NAMES.map((name) => [name]))(
    'turns a %s message into its typed event',
    async (name) => {
      // Arrange
      const example = exampleEvent(name, { seed: 7 });
      const message = await roundTrip(argyleBody(example), `req-${name}`);
      // Act
      const fromLambda = parseArgyleRecord(asLambdaRecord(message));
      const fromSdk = parseArgyleRecord(message);
      // Assert
      expect(fromLambda.event.event).toBe(name);
      expect(fromLambda.event).toEqual(example);
      expect(fromSdk).toEqual(fromLambda);
      expect(fromLambda.deliveryId).toBe(`req-${name}`);
      expect(fromLambda.receivedAt?.toISOString()).toBe('2026-11-23T10:00:00.000Z');
      expect(fromLambda.contentSha256).toBe(createHash('sha256').update(argyleBody(example)).digest('hex'));
      expect(fromLambda.replay).toBeUndefined();
      expect(fromLambda.schema).toBe('passed');
    },
  );

  it.each(capturedDeliveries().deliveries.map((d) => [d.event, d.body] as const))(
    'parses the captured %s delivery and keeps its raw body',
    async (event, body) => {
      const parsed = parseArgyleRecord(asLambdaRecord(await roundTrip(body)));
      expect(parsed.event.event).toBe(event);
      expect(parsed.rawBody).toBe(body);
    },
  );

  it('decodes a body that travelled base64-encoded', () => {
    const body = argyleBody(exampleEvent('accounts.connected', { seed: 1 }));
    const record: LambdaSqsRecord = {
      body: Buffer.from(body).toString('base64'),
      messageAttributes: {
        'argyle.delivery-id': { stringValue: 'req-b64' },
        'argyle.body-encoding': { stringValue: 'base64' },
      },
    };
    expect(parseArgyleRecord(record).rawBody).toBe(body);
  });

  it('narrows data by event name', () => {
    const message = parseArgyleRecord({
      body: argyleBody(exampleEvent('gigs.partially_synced', { seed: 2 })),
      messageAttributes: { 'argyle.delivery-id': { stringValue: 'd' } },
    });
    if (message.event.event === 'gigs.partially_synced') {
      expectTypeOf(message.event.data.item_id).toEqualTypeOf<string | undefined>();
      expect(message.event.data.item_id).toMatch(/^item_/);
    } else {
      throw new Error('wrong event');
    }
  });

  it('refuses a record the receiver did not produce', () => {
    expect(() => parseArgyleRecord({ body: '{"event":"accounts.connected"}' })).toThrow(
      expect.objectContaining({ name: 'ArgyleRecordError', problem: 'not-argyle' }),
    );
  });

  it('refuses a catch-all message whose body is not an Argyle envelope', async () => {
    const message = await roundTrip('definitely not json');
    const result = safeParseArgyleRecord(asLambdaRecord(message));
    expect(result.success).toBe(false);
    expect(!result.success && result.error.problem).toBe('not-an-envelope');
    expect(!result.success && result.error.message).toMatch(/invalid-json/);
  });

  it('reports an event the catalogue does not know, with the envelope for callers that handle it anyway', async () => {
    const body = argyleBody({ event: 'accounts.teleported', name: 's', data: { account: 'a' } });
    const result = safeParseArgyleRecord(await roundTrip(body));
    expect(!result.success && result.error.problem).toBe('unknown-event');
    expect(!result.success && result.error.envelope).toEqual(JSON.parse(body));
  });

  it('names the fields of a schema mismatch without quoting the payload', async () => {
    const body = argyleBody({
      event: 'accounts.connected',
      name: 's',
      data: { account: 'a', user: 987654321 },
    });
    const message = await roundTrip(body);
    let error: unknown;
    try {
      parseArgyleRecord(message);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ArgyleRecordError);
    expect((error as ArgyleRecordError).problem).toBe('schema-mismatch');
    expect((error as ArgyleRecordError).message).toContain('data.user');
    expect((error as ArgyleRecordError).message).not.toContain('987654321');
  });
});

describe('the consumer entry point', () => {
  it('pulls in neither the CDK nor the AWS SDK', async () => {
    const result = await build({
      entryPoints: [new URL('../../../functions/consumer/index.ts', import.meta.url).pathname],
      bundle: true,
      platform: 'node',
      format: 'esm',
      write: false,
      metafile: true,
      logLevel: 'silent',
    });
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs.some((input) => input.includes('aws-cdk-lib') || input.includes('constructs'))).toBe(false);
    expect(inputs.some((input) => input.includes('@aws-sdk'))).toBe(false);
    expect(inputs.some((input) => input.includes('functions/consumer/parse-record.ts'))).toBe(true);
  });
});

describe('the published consumer build', () => {
  it('compiles to ES modules that Node imports and that parse a record', async () => {
    // Arrange: the same compilation `npm run build` (and so `npm pack`) does, into a scratch folder.
    const root = new URL('../../../', import.meta.url);
    const outDir = new URL('node_modules/.cache/consumer-build-test/', root);
    rmSync(outDir, { recursive: true, force: true });
    execFileSync(
      new URL('node_modules/.bin/tsc', root).pathname,
      ['-p', 'tsconfig.build.json', '--outDir', outDir.pathname],
      { cwd: root.pathname },
    );
    // Act
    const built = (await import(
      new URL('functions/consumer/index.js', outDir).href
    )) as typeof import('#functions/consumer/index');
    const message = built.parseArgyleRecord({
      body: argyleBody(exampleEvent('users.fully_synced', { seed: 3 })),
      messageAttributes: { 'argyle.delivery-id': { stringValue: 'req-built' } },
    });
    // Assert
    expect(message.event.event).toBe('users.fully_synced');
  });
});
