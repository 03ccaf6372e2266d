/** Turns messages from the SDK's ReceiveMessage into the SQS event Lambda's event source mapping delivers. Pure. */
import type { Message } from '@aws-sdk/client-sqs';
import type { SQSEvent, SQSMessageAttributes, SQSRecord, SQSRecordAttributes } from 'aws-lambda';

export interface QueueIdentity {
  readonly arn: string;
  readonly region: string;
}

export function toLambdaSqsEvent(messages: readonly Message[], queue: QueueIdentity): SQSEvent {
  return { Records: messages.map((message) => toRecord(message, queue)) };
}

function toRecord(message: Message, queue: QueueIdentity): SQSRecord {
  const system = message.Attributes ?? {};
  const attributes: SQSRecordAttributes = {
    ApproximateReceiveCount: system.ApproximateReceiveCount ?? '1',
    SentTimestamp: system.SentTimestamp ?? String(Date.now()),
    SenderId: system.SenderId ?? 'local',
    ApproximateFirstReceiveTimestamp: system.ApproximateFirstReceiveTimestamp ?? String(Date.now()),
  };
  if (system.SequenceNumber) attributes.SequenceNumber = system.SequenceNumber;
  if (system.MessageGroupId) attributes.MessageGroupId = system.MessageGroupId;
  if (system.MessageDeduplicationId) attributes.MessageDeduplicationId = system.MessageDeduplicationId;
  const messageAttributes: SQSMessageAttributes = {};
  for (const [name, value] of Object.entries(message.MessageAttributes ?? {})) {
    messageAttributes[name] = {
      stringValue: value.StringValue,
      binaryValue: value.BinaryValue ? Buffer.from(value.BinaryValue).toString('base64') : undefined,
      stringListValues: [],
      binaryListValues: [],
      dataType: value.DataType ?? 'String',
    };
  }
  return {
    messageId: message.MessageId ?? '',
    receiptHandle: message.ReceiptHandle ?? '',
    body: message.Body ?? '',
    attributes,
    messageAttributes,
    md5OfBody: message.MD5OfBody ?? '',
    md5OfMessageAttributes: message.MD5OfMessageAttributes,
    eventSource: 'aws:sqs',
    eventSourceARN: queue.arn,
    awsRegion: queue.region,
  };
}
