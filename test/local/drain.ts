/** Reads back what arrived in the dev server's queues, for the tests. */
import {
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  type Message,
  ReceiveMessageCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';

/** Every message now in the queue, with all attributes, leaving them hidden for a minute. */
export async function drain(client: SQSClient, queueUrl: string): Promise<Message[]> {
  const messages: Message[] = [];
  for (;;) {
    const output = await client.send(
      new ReceiveMessageCommand({
        QueueUrl: queueUrl,
        MaxNumberOfMessages: 10,
        MessageAttributeNames: ['All'],
        MessageSystemAttributeNames: ['All'],
        // local-aws-sqs reads only the older name of the same setting.
        AttributeNames: ['All'],
        VisibilityTimeout: 60,
        WaitTimeSeconds: 0,
      }),
    );
    if (!output.Messages?.length) return messages;
    messages.push(...output.Messages);
  }
}

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
