/**
 * The archiver: drains a batch of the archive queue into S3, one object per (hour, event family) group, and
 * reports the records of a group it could not write as batch item failures, so SQS hands them out again (and to
 * the archive's dead-letter queue after `maxReceiveCount`). A record the receiver did not send (no delivery id)
 * fails the same way. Logs counts, keys and error names only, never a body or an id from a body.
 */
import { randomUUID } from 'node:crypto';
import type { Logger } from '@aws-lambda-powertools/logger';
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { archiveFamily, groupPrefix, hourStart, objectKey } from './keys';
import { type ArchiveRecord, archiveRecordOf, encodeRecords } from './record';

export interface ArchiverDependencies {
  readonly s3: Pick<S3Client, 'send'>;
  readonly bucket: string;
  readonly logger: Pick<Logger, 'info' | 'warn' | 'error'>;
  /** The id that makes this batch's keys unique. @default a random UUID per batch */
  readonly batchId?: () => string;
}

export type ArchiveHandler = (event: SQSEvent) => Promise<SQSBatchResponse>;

interface Group {
  readonly prefix: string;
  readonly records: ArchiveRecord[];
  readonly messageIds: string[];
}

export function createArchiveHandler(deps: ArchiverDependencies): ArchiveHandler {
  const { s3, bucket, logger } = deps;
  const batchId = deps.batchId ?? randomUUID;
  return async (event) => {
    const failed: string[] = [];
    const groups = new Map<string, Group>();
    let notFromReceiver = 0;
    for (const message of event.Records) {
      const record = archiveRecordOf(message);
      if (record === undefined) {
        notFromReceiver++;
        failed.push(message.messageId);
        continue;
      }
      const prefix = groupPrefix(hourStart(new Date(record.receivedAt)), archiveFamily(record.event));
      const group = groups.get(prefix) ?? { prefix, records: [], messageIds: [] };
      groups.set(prefix, group);
      group.records.push(record);
      group.messageIds.push(message.messageId);
    }
    if (notFromReceiver > 0) {
      logger.warn('records not sent by the receiver (no delivery id); left to the dead-letter queue', {
        records: notFromReceiver,
      });
    }
    const id = batchId();
    const written = await Promise.all(
      [...groups.values()].map(async (group) => {
        const records = [...group.records].sort(byReceivedAt);
        const key = objectKey(group.prefix, new Date(records[0]?.receivedAt ?? 0), id);
        try {
          await s3.send(
            new PutObjectCommand({
              Bucket: bucket,
              Key: key,
              Body: encodeRecords(records),
              ContentType: 'application/gzip',
            }),
          );
          return 1;
        } catch (error) {
          failed.push(...group.messageIds);
          logger.error('archive object not written; its records will be received again', {
            key,
            records: records.length,
            error: errorSummary(error),
          });
          return 0;
        }
      }),
    );
    const objects = written.reduce<number>((total, count) => total + count, 0);
    logger.info('batch archived', {
      records: event.Records.length,
      objects,
      failedRecords: failed.length,
    });
    return { batchItemFailures: failed.map((itemIdentifier) => ({ itemIdentifier })) };
  };
}

/** Received order, then delivery id: the order replay sends in. */
export function byReceivedAt(a: ArchiveRecord, b: ArchiveRecord): number {
  if (a.receivedAt !== b.receivedAt) return a.receivedAt < b.receivedAt ? -1 : 1;
  return a.deliveryId < b.deliveryId ? -1 : a.deliveryId > b.deliveryId ? 1 : 0;
}

function errorSummary(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : 'unknown error';
}
