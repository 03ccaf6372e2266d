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
  // One queue (most deliveries): the send itself, without settling a list of one.
  if (inputs.length === 1 && inputs[0] !== undefined) return sendOne(client, inputs[0]);
  // Each send in an async function: one that throws before returning a promise is a failed send like the others,
  // and leaves no other send's rejection unhandled.
  const results = await Promise.allSettled(
    inputs.map(async (input) => client.send(new SendMessageCommand(input))),
  );
  const failures: SendFailure[] = [];
  results.forEach((result, i) => {
    if (result.status === 'rejected')
      failures.push({ queueUrl: inputs[i]?.QueueUrl ?? '', error: result.reason });
  });
  return failures;
}

async function sendOne(
  client: Pick<SQSClient, 'send'>,
  input: SendMessageCommandInput,
): Promise<readonly SendFailure[]> {
  try {
    await client.send(new SendMessageCommand(input));
    return NO_FAILURES;
  } catch (error) {
    return [{ queueUrl: input.QueueUrl ?? '', error }];
  }
}

const NO_FAILURES: readonly SendFailure[] = Object.freeze([]);
