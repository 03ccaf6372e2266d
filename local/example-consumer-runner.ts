/**
 * Runs an SQS Lambda handler against a queue the way Lambda's event source mapping does with
 * `reportBatchItemFailures`: receive a batch, invoke the handler with the Lambda-shaped SQS event, delete the
 * records it did not report as failures, and leave the failures to come back after the visibility timeout
 * (and reach the dead-letter queue after `maxReceiveCount` receives). A handler that throws, or reports an id
 * that is not in the batch, fails the whole batch, as on Lambda.
 */
import {
  DeleteMessageBatchCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { toLambdaSqsEvent } from './lambda-sqs-event';
import { LOCAL_REGION } from './sqs-emulator';

export type SqsHandler = (event: SQSEvent) => Promise<SQSBatchResponse | undefined>;

export interface RunOptions {
  readonly client: Pick<SQSClient, 'send'>;
  readonly queueUrl: string;
  readonly handler: SqsHandler;
  /** Records per invocation, 1 to 10. @default 10 */
  readonly batchSize?: number;
  /** Long-poll wait of each receive. @default 20, or 1 with `once` */
  readonly waitSeconds?: number;
  /** Stop as soon as a receive finds the queue empty. @default false: run until `signal` aborts */
  readonly once?: boolean;
  readonly signal?: AbortSignal;
  readonly onBatch?: (outcome: BatchOutcome) => void;
}

export interface BatchOutcome {
  readonly records: number;
  readonly deleted: number;
  /** Message ids the handler reported as failed (every id, when it threw). */
  readonly failed: readonly string[];
  /** Set when the handler threw or answered something Lambda would treat as a failed batch. */
  readonly error?: string;
}

export interface RunSummary {
  readonly batches: number;
  readonly records: number;
  readonly deleted: number;
  readonly failed: number;
}

export async function runSqsHandler(options: RunOptions): Promise<RunSummary> {
  const { client, queueUrl, signal } = options;
  const { Attributes } = await client.send(
    new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['QueueArn'] }),
  );
  const queue = { arn: Attributes?.QueueArn ?? queueUrl, region: LOCAL_REGION };
  const summary = { batches: 0, records: 0, deleted: 0, failed: 0 };
  while (!signal?.aborted) {
    const output = await client
      .send(
        new ReceiveMessageCommand({
          QueueUrl: queueUrl,
          MaxNumberOfMessages: options.batchSize ?? 10,
          MessageAttributeNames: ['All'],
          MessageSystemAttributeNames: ['All'],
          // local-aws-sqs reads only the older name of the same setting.
          AttributeNames: ['All'],
          WaitTimeSeconds: options.waitSeconds ?? (options.once ? 1 : 20),
        }),
        { abortSignal: signal },
      )
      .catch((error: unknown) => {
        if (signal?.aborted) return { Messages: [] };
        throw error;
      });
    const messages = output.Messages ?? [];
    if (messages.length === 0) {
      if (options.once) break;
      continue;
    }
    const event = toLambdaSqsEvent(messages, queue);
    const ids = event.Records.map((record) => record.messageId);
    const { failed, error } = await invoke(options.handler, event, ids);
    const done = event.Records.filter((record) => !failed.includes(record.messageId));
    let deleted = 0;
    if (done.length > 0) {
      const result = await client.send(
        new DeleteMessageBatchCommand({
          QueueUrl: queueUrl,
          Entries: done.map((record, index) => ({ Id: `r${index}`, ReceiptHandle: record.receiptHandle })),
        }),
      );
      deleted = result.Successful?.length ?? 0;
    }
    summary.batches++;
    summary.records += ids.length;
    summary.deleted += deleted;
    summary.failed += failed.length;
    options.onBatch?.({ records: ids.length, deleted, failed, error });
  }
  return summary;
}

async function invoke(
  handler: SqsHandler,
  event: SQSEvent,
  ids: readonly string[],
): Promise<{ failed: readonly string[]; error?: string }> {
  let response: SQSBatchResponse | undefined;
  try {
    response = await handler(event);
  } catch (error) {
    return {
      failed: ids,
      error: `the handler threw: ${error instanceof Error ? error.message : String(error)}`,
    };
  }
  const failed = (response?.batchItemFailures ?? []).map((failure) => failure.itemIdentifier);
  const unknown = failed.find((id) => !ids.includes(id));
  if (unknown !== undefined) {
    return { failed: ids, error: `the handler reported "${unknown}", which is not in the batch` };
  }
  return { failed: [...new Set(failed)] };
}
