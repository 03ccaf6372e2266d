/**
 * The receiver's Logger writes Powertools' own lines: the same bytes, to the same stream, as a plain Powertools
 * Logger given the same input.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import type { Context } from 'aws-lambda';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { isPowertoolsDevMode, ReceiverLogFormatter, ReceiverLogger } from '#functions/receiver/logger';

const BOOM = new Error('boom');

let written: { stream: 'stdout' | 'stderr'; text: string }[] = [];

const context = {
  callbackWaitsForEmptyEventLoop: true,
  functionName: 'Stack-Receiver-abc123',
  functionVersion: '$LATEST',
  invokedFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:Stack-Receiver-abc123',
  memoryLimitInMB: '256',
  awsRequestId: '6f7f0961-7a5b-4a8f-9d5e-2f6c1b0e3a4d',
  logGroupName: '/aws/lambda/Stack-Receiver-abc123',
  logStreamName: '2026/11/23/[$LATEST]0f1e2d3c',
  getRemainingTimeInMillis: () => 20_000,
  done: () => undefined,
  fail: () => undefined,
  succeed: () => undefined,
} satisfies Context;

/** What `act` writes through `logger`, stream by stream. */
function writes(logger: Logger, act: (logger: Logger) => void) {
  written = [];
  act(logger);
  return written;
}

beforeEach(() => {
  vi.useFakeTimers({ now: new Date('2026-11-23T10:00:00.041Z'), toFake: ['Date'] });
  vi.stubEnv(
    '_X_AMZN_TRACE_ID',
    'Root=1-6742a8c0-5d3f1b2e9a7c4e6f8b0d2a4c;Parent=3a5c7e9b1d2f4a6c;Sampled=0',
  );
  vi.stubEnv('POWERTOOLS_DEV', '');
  for (const name of ['stdout', 'stderr'] as const) {
    vi.spyOn(process[name], 'write').mockImplementation((chunk: string | Uint8Array) => {
      written.push({ stream: name, text: typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString() });
      return true;
    });
  }
});

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
});

describe('the receiver logger', () => {
  it.each([
    [
      'an accepted delivery',
      (logger: Logger) =>
        logger.info('delivery accepted', {
          deliveryId: 'req-1',
          event: 'accounts.updated',
          queues: ['accounts', 'everything'],
          catchAllReason: undefined,
          bodyBytes: 1024,
          status: 200,
        }),
    ],
    ['a warning', (logger: Logger) => logger.warn('delivery rejected', { status: 401, reason: 'signature' })],
    [
      'an error with an Error in it',
      (logger: Logger) => logger.error('receiver failed', { status: 500, error: BOOM }),
    ],
    ['a plain message', (logger: Logger) => logger.critical('stop')],
    [
      'a line with a bigint, a nested object and a list holding an object',
      (logger: Logger) =>
        logger.info('counted', { total: 12n, nested: { a: 1, b: [1, 'two'] }, list: ['x', { y: true }] }),
    ],
    [
      'a line holding the same object twice and a circular one',
      (logger: Logger) => {
        const shared = { id: 'x' };
        const circular: Record<string, unknown> = { id: 'c' };
        circular.self = circular;
        logger.info('seen', { first: shared, second: shared, circular });
      },
    ],
  ])('writes %s exactly as Powertools does, to the same stream', (_case, act) => {
    // Arrange
    const plain = new Logger({ serviceName: 'argyle-webhook-receiver' });
    const ours = new ReceiverLogger({
      serviceName: 'argyle-webhook-receiver',
      logFormatter: new ReceiverLogFormatter(),
    });
    for (const logger of [plain, ours]) logger.addContext(context);

    // Act
    const expected = writes(plain, act);
    const actual = writes(ours, act);

    // Assert
    expect(expected).toHaveLength(1);
    expect(actual).toEqual(expected);
  });

  it("still calls the caller's own JSON replacer on a line of plain values", () => {
    const replacer = (key: string, value: unknown) => (key === 'deliveryId' ? 'redacted' : value);
    const ours = new ReceiverLogger({ logFormatter: new ReceiverLogFormatter(), jsonReplacerFn: replacer });

    const [line] = writes(ours, (logger) => logger.info('delivery accepted', { deliveryId: 'req-1' }));

    expect(JSON.parse(line?.text ?? '{}')).toMatchObject({ deliveryId: 'redacted' });
  });

  it('writes nothing below its level', () => {
    const ours = new ReceiverLogger({ logLevel: 'WARN', logFormatter: new ReceiverLogFormatter() });

    expect(writes(ours, (logger) => logger.info('delivery accepted', { status: 200 }))).toEqual([]);
  });

  it('formats the time in the zone TZ names, as Powertools does, when it is not UTC', () => {
    vi.stubEnv('TZ', 'Europe/Paris');
    const formatter = new ReceiverLogFormatter();

    expect(formatter.formatTimestamp(new Date('2026-11-23T10:00:00.041Z'))).toBe(
      '2026-11-23T11:00:00.041+01:00',
    );
  });
});

describe('isPowertoolsDevMode', () => {
  it('reads POWERTOOLS_DEV as Powertools does', () => {
    expect(['1', 'true', 'Yes', ' on '].map((value) => isPowertoolsDevMode(value))).toEqual([
      true,
      true,
      true,
      true,
    ]);
    expect(['', '0', 'false', undefined].map((value) => isPowertoolsDevMode(value))).toEqual([
      false,
      false,
      false,
      false,
    ]);
  });
});
