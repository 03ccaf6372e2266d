/**
 * Sends one delivery to its queues, in parallel. Reports which sends failed instead of throwing, so the
 * handler can answer 5xx (and Argyle retry) when any queue did not take the message.
 */
import { SendMessageCommand, type SendMessageCommandInput, type SQSClient } from '@aws-sdk/client-sqs';

export interface SendFailure {
  readonly queueUrl: string;
  readonly error: unknown;
}

export async function sendToQueues(
  client: Pick<SQSClient, 'send'>,
  inputs: readonly SendMessageCommandInput[],
): Promise<readonly SendFailure[]> {
  const results = await Promise.allSettled(inputs.map((input) => client.send(new SendMessageCommand(input))));
  const failures: SendFailure[] = [];
  results.forEach((result, i) => {
    if (result.status === 'rejected')
      failures.push({ queueUrl: inputs[i]?.QueueUrl ?? '', error: result.reason });
  });
  return failures;
}
