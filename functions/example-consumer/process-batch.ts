/**
 * The example consumer's work on one batch: parse each record into a typed Argyle event and log its name and
 * delivery id (never payload data), reporting the records it could not handle as batch item failures, so SQS
 * retries only those (and moves them to the dead-letter queue after `maxReceiveCount` receives).
 *
 * Powertools Batch does the bookkeeping: `BatchProcessor` on a standard queue, and on a FIFO queue
 * `SqsFifoPartialProcessorAsync` with `skipGroupOnError`, so a failed record holds back the later records of its
 * own message group (to keep their order) and only those. Without that option it would fail the whole rest of
 * the batch, every group included.
 */
import {
  BatchProcessor,
  EventType,
  processPartialResponse,
  SqsFifoPartialProcessorAsync,
} from '@aws-lambda-powertools/batch';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { safeParseArgyleRecord } from '../consumer/parse-record';
import { MESSAGE_ATTRIBUTE } from '../shared/contract';

/** Where the consumer writes; Powertools' `Logger` is one. */
export interface ExampleLog {
  info(message: string, attributes: Record<string, unknown>): void;
  warn(message: string, attributes: Record<string, unknown>): void;
}

/** A record to have SQS deliver again; its reason is already logged. */
class RecordNotProcessed extends Error {
  override readonly name = 'RecordNotProcessed';
}

/**
 * True when the batch comes from a FIFO queue. Lambda's event source mapping reads one queue, and SQS requires
 * a FIFO queue's name (the last part of its ARN) to end in `.fifo`. A message group id alone does not tell: a
 * standard (fair) queue carries them too, without any ordering to keep.
 */
export function isFifoBatch(event: SQSEvent): boolean {
  return event.Records[0]?.eventSourceARN.endsWith('.fifo') ?? false;
}

export async function processBatch(event: SQSEvent, log: ExampleLog): Promise<SQSBatchResponse> {
  const seen = new Set<string>();
  const recordHandler = async (record: SQSRecord): Promise<void> => {
    seen.add(record.messageId);
    handleRecord(record, log);
  };
  // When every record of a batch fails, report them all as batch item failures rather than throw. The outcome
  // for the records is the same (each is delivered again, and reaches the dead-letter queue after
  // `maxReceiveCount` receives), but a failed record here is a record this consumer cannot use (not JSON, not
  // an Argyle event, no delivery id), not a fault of the function: throwing would count it in the function's
  // Errors metric and have Lambda back off the whole queue, as if the consumer were broken.
  const throwOnFullBatchFailure = false;
  // A new processor for each batch: a processor holds the state of the batch it works on.
  const response = isFifoBatch(event)
    ? await processPartialResponse(event, recordHandler, new SqsFifoPartialProcessorAsync(), {
        skipGroupOnError: true,
        throwOnFullBatchFailure,
      })
    : await processPartialResponse(event, recordHandler, new BatchProcessor(EventType.SQS), {
        // One record after the other, so the log reads in the order of the batch.
        processInParallel: false,
        throwOnFullBatchFailure,
      });
  for (const failure of response.batchItemFailures) {
    if (seen.has(failure.itemIdentifier)) continue;
    log.warn('record held back behind a failed one of its group', {
      messageId: failure.itemIdentifier,
      deliveryId: deliveryIdOf(event.Records.find((record) => record.messageId === failure.itemIdentifier)),
    });
  }
  return response;
}

function deliveryIdOf(record: SQSRecord | undefined): string | undefined {
  return record?.messageAttributes?.[MESSAGE_ATTRIBUTE.DELIVERY_ID]?.stringValue;
}

/** Returns when the record is handled (or can be skipped for good); throws to have SQS deliver it again. */
function handleRecord(record: SQSRecord, log: ExampleLog): void {
  const parsed = safeParseArgyleRecord(record);
  if (parsed.success) {
    const { event, deliveryId, receivedAt } = parsed.message;
    log.info('argyle event received', {
      event: event.event,
      deliveryId,
      messageId: record.messageId,
      receivedAt: receivedAt?.toISOString(),
    });
    return;
  }
  const { problem } = parsed.error;
  const deliveryId = deliveryIdOf(record);
  if (problem === 'unknown-event') {
    // An event Argyle added after this catalogue: nothing to do with it here, and retrying will not help.
    log.warn('argyle event skipped', { problem, deliveryId, messageId: record.messageId });
    return;
  }
  log.warn('record not processed; it will be retried', { problem, deliveryId, messageId: record.messageId });
  throw new RecordNotProcessed(problem);
}
