import type { SQSRecord } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { exampleEvent } from '../../../functions/catalogue/examples';
import { type ExampleLog, processBatch } from '../../../functions/example-consumer/process-batch';
import { MESSAGE_ATTRIBUTE } from '../../../functions/shared/contract';

const ACCOUNT = '019bfb74-a974-e1fb-d876-0f4e094835f2';

function record(id: string, body: string, options: { deliveryId?: string; group?: string } = {}): SQSRecord {
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
    eventSourceARN: 'arn:aws:sqs:us-east-1:123456789012:all-events',
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
  it('reports only the records it could not handle, on a mixed batch', () => {
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
    const response = processBatch({ Records: records }, log);
    // Assert
    expect(response).toEqual({
      batchItemFailures: [
        { itemIdentifier: 'not-json' },
        { itemIdentifier: 'mismatch' },
        { itemIdentifier: 'no-delivery-id' },
      ],
    });
  });

  it('skips an event the catalogue does not know, without reporting it', () => {
    // Arrange
    const { log, lines } = recordingLog();
    // Act
    const response = processBatch(
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

  it('holds back the later records of a FIFO group after a failure, and only those', () => {
    // Arrange
    const { log } = recordingLog();
    const records = [
      record('a-1', '{ broken', { group: 'account-a' }),
      record('b-1', valid('accounts.connected'), { group: 'account-b' }),
      record('a-2', valid('accounts.connected'), { group: 'account-a' }),
    ];
    // Act
    const response = processBatch({ Records: records }, log);
    // Assert
    expect(response.batchItemFailures).toEqual([{ itemIdentifier: 'a-1' }, { itemIdentifier: 'a-2' }]);
  });

  it('logs the event name and delivery id of each event, and nothing from the payload', () => {
    // Arrange
    const { log, lines } = recordingLog();
    // Act
    processBatch({ Records: [record('ok', valid('accounts.connected'), { deliveryId: 'd-1' })] }, log);
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
});
