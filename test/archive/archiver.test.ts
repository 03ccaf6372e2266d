/**
 * The archiver handler against the S3 stand-in: one object per (hour, event family) of a batch, each record
 * sorted by received time; an object it cannot write, and a record the receiver did not send, come back as
 * batch item failures (SQS hands them out again), and its log lines carry counts and keys, never a body.
 */
import type { SQSEvent, SQSRecord } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createArchiveHandler } from '#functions/archive/archiver';
import { archiveFamily, hoursBetween } from '#functions/archive/keys';
import { MESSAGE_ATTRIBUTE } from '#functions/shared/contract';
import { type S3StandIn, startS3StandIn } from '#local/s3-stand-in';
import { archivedRecords } from '../support/archive-objects';
import { argyleBody } from '../support/argyle-fixtures';

let s3: S3StandIn;
const lines: { message: string; fields: unknown }[] = [];
const log = (message: unknown, ...fields: unknown[]) => {
  lines.push({ message: String(message), fields });
};
const logger = { info: log, warn: log, error: log };

function record(id: string, receivedAt: string, body: string, extra: Record<string, string> = {}): SQSRecord {
  const attributes = {
    [MESSAGE_ATTRIBUTE.DELIVERY_ID]: id,
    [MESSAGE_ATTRIBUTE.RECEIVED_AT]: receivedAt,
    ...extra,
  };
  return {
    messageId: `m-${id}`,
    body,
    messageAttributes: Object.fromEntries(
      Object.entries(attributes).map(([name, value]) => [name, { stringValue: value, dataType: 'String' }]),
    ),
  } as unknown as SQSRecord;
}

const body = (event: string, account = 'acct-secret-id') =>
  argyleBody({ event, name: 'prod', data: { account } });

beforeAll(async () => {
  s3 = await startS3StandIn(0);
  await s3.createBucket('archive');
});

afterAll(async () => {
  await s3?.close();
});

describe('the archiver', () => {
  it('writes one object per hour and family, records in received order, and reports nothing failed', async () => {
    const handler = createArchiveHandler({
      s3: s3.client,
      bucket: 'archive',
      logger,
      batchId: () => 'batch-1',
    });
    const event: SQSEvent = {
      Records: [
        record('d2', '2026-12-03T10:59:59.900Z', body('accounts.updated')),
        record('d1', '2026-12-03T10:00:00.000Z', body('accounts.connected')),
        record('d3', '2026-12-03T11:00:00.000Z', body('accounts.updated')),
        record('d4', '2026-12-03T10:30:00.000Z', body('paystubs.added')),
      ],
    };

    const response = await handler(event);
    const archived = await archivedRecords(s3.client, 'archive');

    expect(response.batchItemFailures).toEqual([]);
    expect([...new Set(archived.map((a) => a.key))]).toEqual([
      'deliveries/v1/date=2026-12-03/hour=10/family=accounts/20261203T100000.000Z-batch-1.jsonl.gz',
      'deliveries/v1/date=2026-12-03/hour=10/family=paystubs/20261203T103000.000Z-batch-1.jsonl.gz',
      'deliveries/v1/date=2026-12-03/hour=11/family=accounts/20261203T110000.000Z-batch-1.jsonl.gz',
    ]);
    expect(archived.map((a) => a.record.deliveryId)).toEqual(['d1', 'd2', 'd4', 'd3']);
    expect(archived[0]?.record).toMatchObject({ event: 'accounts.connected', account: 'acct-secret-id' });
    expect(JSON.stringify(lines)).not.toContain('acct-secret-id');
  });

  it('reports the records of an object it could not write, and a record the receiver did not send', async () => {
    const handler = createArchiveHandler({ s3: s3.client, bucket: 'no-such-bucket', logger });
    const event: SQSEvent = {
      Records: [
        record('d5', '2026-12-03T12:00:00.000Z', body('accounts.connected')),
        { messageId: 'stranger', body: 'hello', messageAttributes: {} } as unknown as SQSRecord,
      ],
    };

    const response = await handler(event);

    expect(response.batchItemFailures.map((f) => f.itemIdentifier).sort()).toEqual(['m-d5', 'stranger']);
    expect(lines.map((l) => l.message)).toEqual(
      expect.arrayContaining(['archive object not written; its records will be received again']),
    );
    expect(JSON.stringify(lines)).not.toContain('hello');
  });

  it('names families by the event’s resource, and lists the hours a range touches', () => {
    expect(archiveFamily('accounts.connected')).toBe('accounts');
    expect(archiveFamily(undefined)).toBe('_none');
    expect(archiveFamily('Weird/Event')).toBe('_other');
    expect(
      hoursBetween(new Date('2026-12-03T10:30:00Z'), new Date('2026-12-03T12:00:00Z')).map((h) =>
        h.toISOString(),
      ),
    ).toEqual(['2026-12-03T10:00:00.000Z', '2026-12-03T11:00:00.000Z']);
  });
});
