import type { SQSRecord } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { exampleEvent } from '#functions/catalogue/examples';
import { type ExampleLog, processBatch } from '#functions/example-consumer/process-batch';
import { MESSAGE_ATTRIBUTE } from '#functions/shared/contract';

const ACCOUNT = '019bfb74-a974-e1fb-d876-0f4e094835f2';

function record(
  id: string,
  body: string,
  options: { deliveryId?: string; group?: string; queue?: 'standard' | 'fifo' } = {},
): SQSRecord {
  const deliveryId = options.deliveryId ?? `delivery-${id}`;
  return {
    messageId: id,
    receiptHandle: `handle-${id}`,
    body,
    attributes: {
      ApproximateReceiveCount: '1',
      SentTimestamp: '1795428000000',
      SenderId: 'AROAEXAMPLE',
      ApproximateFirstReceiveTimestamp: '1795428000001',
      ...(options.group ? { MessageGroupId: options.group } : {}),
    },
    messageAttributes:
      options.deliveryId === ''
        ? {}
        : {
            [MESSAGE_ATTRIBUTE.DELIVERY_ID]: {
              stringValue: deliveryId,
              dataType: 'String',
              stringListValues: [],
              binaryListValues: [],
            },
          },
    md5OfBody: '',
    eventSource: 'aws:sqs',
    // A record with a message group comes from a FIFO queue unless told otherwise (a standard fair queue).
    eventSourceARN: `arn:aws:sqs:us-east-1:123456789012:all-events${
      (options.queue ?? (options.group ? 'fifo' : 'standard')) === 'fifo' ? '.fifo' : ''
    }`,
    awsRegion: 'us-east-1',
  };
}

const body = (value: unknown) => JSON.stringify(value, null, 2);
const valid = (name: 'accounts.connected' | 'paystubs.added') =>
  body(exampleEvent(name, { seed: 1, ids: { account: ACCOUNT } }));

function recordingLog() {
  const lines: { level: string; message: string; attributes: Record<string, unknown> }[] = [];
  const log: ExampleLog = {
    info: (message, attributes) => lines.push({ level: 'info', message, attributes }),
    warn: (message, attributes) => lines.push({ level: 'warn', message, attributes }),
  };
  return { log, lines };
}

describe('processBatch', () => {
  it('reports only the records it could not handle, on a mixed batch', async () => {
    // Arrange
    const { log } = recordingLog();
    const records = [
      record('ok-1', valid('accounts.connected')),
      record('not-json', '{ this is not json'),
      record('mismatch', body({ event: 'paystubs.added', name: 'x', data: { account: 42 } })),
      record('no-delivery-id', valid('accounts.connected'), { deliveryId: '' }),
      record('ok-2', valid('paystubs.added')),
    ];
    // Act
    const response = await processBatch({ Records: records }, log);
    // Assert
    expect(response).toEqual({
      batchItemFailures: [
        { itemIdentifier: 'not-json' },
        { itemIdentifier: 'mismatch' },
        { itemIdentifier: 'no-delivery-id' },
      ],
    });
  });

  it('skips an event the catalogue does not know, without reporting it', async () => {
    // Arrange
    const { log, lines } = recordingLog();
    // Act
    const response = await processBatch(
      { Records: [record('new', body({ event: 'robots.arrived', data: {} }))] },
      log,
    );
    // Assert
    expect(response.batchItemFailures).toEqual([]);
    expect(lines).toEqual([
      {
        level: 'warn',
        message: 'argyle event skipped',
        attributes: { problem: 'unknown-event', deliveryId: 'delivery-new', messageId: 'new' },
      },
    ]);
  });

  it('holds back the later records of a FIFO group after a failure, and only those', async () => {
    // Arrange
    const { log } = recordingLog();
    const records = [
      record('a-1', '{ broken', { group: 'account-a' }),
      record('b-1', valid('accounts.connected'), { group: 'account-b' }),
      record('a-2', valid('accounts.connected'), { group: 'account-a' }),
    ];
    // Act
    const response = await processBatch({ Records: records }, log);
    // Assert
    expect(response.batchItemFailures).toEqual([{ itemIdentifier: 'a-1' }, { itemIdentifier: 'a-2' }]);
  });

  it('logs the event name and delivery id of each event, and nothing from the payload', async () => {
    // Arrange
    const { log, lines } = recordingLog();
    // Act
    await processBatch({ Records: [record('ok', valid('accounts.connected'), { deliveryId: 'd-1' })] }, log);
    // Assert
    expect(lines).toEqual([
      {
        level: 'info',
        message: 'argyle event received',
        attributes: {
          event: 'accounts.connected',
          deliveryId: 'd-1',
          messageId: 'ok',
          receivedAt: undefined,
        },
      },
    ]);
    expect(JSON.stringify(lines)).not.toContain(ACCOUNT);
  });

  it('holds back nothing on a standard queue whose records carry message groups', async () => {
    // Arrange: a fair queue is a standard queue with message groups, and no order to keep.
    const { log } = recordingLog();
    const records = [
      record('a-1', '{ broken', { group: 'account-a', queue: 'standard' }),
      record('a-2', valid('accounts.connected'), { group: 'account-a', queue: 'standard' }),
    ];
    // Act
    const response = await processBatch({ Records: records }, log);
    // Assert
    expect(response.batchItemFailures).toEqual([{ itemIdentifier: 'a-1' }]);
  });

  it('logs the records it held back behind a failed one of their FIFO group', async () => {
    // Arrange
    const { log, lines } = recordingLog();
    const records = [
      record('a-1', '{ broken', { group: 'account-a' }),
      record('a-2', valid('accounts.connected'), { group: 'account-a', deliveryId: 'd-a-2' }),
    ];
    // Act
    await processBatch({ Records: records }, log);
    // Assert
    expect(lines.map((line) => line.message)).toEqual([
      'record not processed; it will be retried',
      'record held back behind a failed one of its group',
    ]);
    expect(lines[1]?.attributes).toEqual({ messageId: 'a-2', deliveryId: 'd-a-2' });
  });

  it.each(['standard', 'fifo'] as const)(
    'reports every record, rather than throw, when every record of a %s batch fails',
    async (queue) => {
      // Arrange
      const { log } = recordingLog();
      const records = [
        record('bad-1', '{ broken', { group: 'g', queue }),
        record('bad-2', 'not json either', { group: 'h', queue }),
      ];
      // Act
      const response = await processBatch({ Records: records }, log);
      // Assert
      expect(response.batchItemFailures).toEqual([{ itemIdentifier: 'bad-1' }, { itemIdentifier: 'bad-2' }]);
    },
  );
});
