/** Reads back what arrived in the dev server's queues, for the tests. */
import {
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  type Message,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import { drainQueue } from '../support/local-sqs';

/** Every message now in the queue, with all attributes, leaving them hidden for a minute. */
export const drain = drainQueue;

/** A queue's attributes (all of them). */
export async function queueAttributes(client: SQSClient, queueUrl: string): Promise<Record<string, string>> {
  const output = await client.send(
    new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['All'] }),
  );
  return output.Attributes ?? {};
}

/** A string message attribute. */
export function attribute(message: Message, name: string): string | undefined {
  return message.MessageAttributes?.[name]?.StringValue;
}

/** Deletes every message now visible in the queue. */
export async function empty(client: SQSClient, queueUrl: string): Promise<void> {
  const messages = await drain(client, queueUrl);
  for (const message of messages) {
    await client.send(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: message.ReceiptHandle }));
  }
}
