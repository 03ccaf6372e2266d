/**
 * The example consumer's work on one batch: parse each record into a typed Argyle event and log its name and
 * delivery id (never payload data), reporting the records it could not handle as batch item failures, so SQS
 * retries only those (and moves them to the dead-letter queue after `maxReceiveCount` receives).
 */
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { safeParseArgyleRecord } from '../consumer/parse-record';
import { MESSAGE_ATTRIBUTE } from '../shared/contract';

/** Where the consumer writes; Powertools' `Logger` is one. */
export interface ExampleLog {
  info(message: string, attributes: Record<string, unknown>): void;
  warn(message: string, attributes: Record<string, unknown>): void;
}

export function processBatch(event: SQSEvent, log: ExampleLog): SQSBatchResponse {
  const batchItemFailures: SQSBatchResponse['batchItemFailures'] = [];
  // On a FIFO queue, a failed record holds back the later records of its group, to keep their order.
  const blockedGroups = new Set<string>();
  for (const record of event.Records) {
    const group = record.attributes.MessageGroupId;
    const deliveryId = record.messageAttributes?.[MESSAGE_ATTRIBUTE.DELIVERY_ID]?.stringValue;
    if (group !== undefined && blockedGroups.has(group)) {
      log.warn('record held back behind a failed one of its group', {
        messageId: record.messageId,
        deliveryId,
      });
      batchItemFailures.push({ itemIdentifier: record.messageId });
      continue;
    }
    if (!handleRecord(record, log, deliveryId)) {
      batchItemFailures.push({ itemIdentifier: record.messageId });
      if (group !== undefined) blockedGroups.add(group);
    }
  }
  return { batchItemFailures };
}

/** True when the record is handled (or can be skipped for good); false to have SQS deliver it again. */
function handleRecord(record: SQSRecord, log: ExampleLog, deliveryId: string | undefined): boolean {
  const parsed = safeParseArgyleRecord(record);
  if (parsed.success) {
    const { event, deliveryId: id, receivedAt } = parsed.message;
    log.info('argyle event received', {
      event: event.event,
      deliveryId: id,
      messageId: record.messageId,
      receivedAt: receivedAt?.toISOString(),
    });
    return true;
  }
  const { problem } = parsed.error;
  if (problem === 'unknown-event') {
    // An event Argyle added after this catalogue: nothing to do with it here, and retrying will not help.
    log.warn('argyle event skipped', { problem, deliveryId, messageId: record.messageId });
    return true;
  }
  log.warn('record not processed; it will be retried', { problem, deliveryId, messageId: record.messageId });
  return false;
}
