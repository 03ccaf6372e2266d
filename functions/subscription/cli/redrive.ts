/**
 * `argyle-subscriptions redrive <route>`: moves a route's dead letters back to its queue with SQS's message
 * move task (`StartMessageMoveTask`), which moves from a dead-letter queue only, one task per queue at a time, at
 * most 500 messages per second, FIFO dead-letter queues included (to a FIFO destination):
 * https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-configure-dead-letter-queue-redrive.html
 * It refuses while a task runs (`ListMessageMoveTasks`), then follows the task until it ends (unless
 * `--no-wait`). `archive` names the archive's queues. Exit 0 completed, 1 failed, cancelled or refused.
 */
import {
  GetQueueAttributesCommand,
  ListMessageMoveTasksCommand,
  type ListMessageMoveTasksResultEntry,
  StartMessageMoveTaskCommand,
} from '@aws-sdk/client-sqs';
import { renderJson } from '../../shared/cli/output';
import { SubscriptionError } from '../errors';
import { CLI_NAME } from '../remedies';
import { type AwsClients, awsClients } from './aws';
import { type CliIo, UsageError, type Values } from './options';
import { progressBar } from './progress';
import { routeQueues, stackOutputs } from './stack-outputs';

/** SQS's limit on `MaxNumberOfMessagesPerSecond`. */
export const MAX_MOVE_RATE = 500;
const POLL_MS = 2_000;

export async function redrive(route: string, values: Values, io: CliIo): Promise<number> {
  const rate = values.rate === undefined ? undefined : Number(values.rate);
  if (rate !== undefined && (!Number.isInteger(rate) || rate < 1 || rate > MAX_MOVE_RATE)) {
    throw new UsageError(
      `--rate must be a whole number of messages per second from 1 to ${MAX_MOVE_RATE}, got ${values.rate}`,
    );
  }
  const aws = awsClients(io.aws);
  const outputs = await stackOutputs(values, aws, 'redrive');
  const { queueUrl, deadLetterQueueUrl } = routeQueues(outputs, route);
  if (deadLetterQueueUrl === undefined) {
    throw new SubscriptionError(
      `route "${route}" has no dead-letter queue the stack created (its queue was given by URL)`,
    );
  }
  const [sourceArn, destinationArn] = await Promise.all([
    arnOf(aws, deadLetterQueueUrl),
    arnOf(aws, queueUrl),
  ]);
  const running = (await tasks(aws, sourceArn)).find((task) => task.Status === 'RUNNING');
  if (running) {
    io.stderr(
      `${CLI_NAME}: a message move task is already running from ${route}'s dead-letter queue (${running.ApproximateNumberOfMessagesMoved ?? 0} of ${running.ApproximateNumberOfMessagesToMove ?? '?'} moved); SQS runs one per queue: wait for it, or cancel it with aws sqs cancel-message-move-task --task-handle ${running.TaskHandle}\n`,
    );
    return 1;
  }
  const { TaskHandle } = await aws.sqs.send(
    new StartMessageMoveTaskCommand({
      SourceArn: sourceArn,
      DestinationArn: destinationArn,
      ...(rate === undefined ? {} : { MaxNumberOfMessagesPerSecond: rate }),
    }),
  );
  io.stderr(`${CLI_NAME}: moving ${route}'s dead letters back to its queue (task ${TaskHandle})\n`);
  if (values['no-wait']) {
    io.stdout(
      values.json
        ? renderJson({ route, taskHandle: TaskHandle, status: 'RUNNING' })
        : `started: ${TaskHandle}\n`,
    );
    return 0;
  }
  const sleep = io.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const progress = progressBar(io, `redrive ${route}`);
  let task: ListMessageMoveTasksResultEntry | undefined;
  for (;;) {
    // The newest task first: ours.
    task = (await tasks(aws, sourceArn))[0];
    const moved = task?.ApproximateNumberOfMessagesMoved ?? 0;
    progress.update(moved, task?.ApproximateNumberOfMessagesToMove, task?.Status ?? '');
    if (task === undefined || task.Status !== 'RUNNING') break;
    if (io.signal?.aborted) {
      progress.end();
      io.stderr(
        `${CLI_NAME}: stopped following; the task goes on in SQS (aws sqs list-message-move-tasks --source-arn ${sourceArn})\n`,
      );
      return 130;
    }
    await sleep(POLL_MS);
  }
  progress.end();
  const summary = {
    route,
    status: task?.Status ?? 'UNKNOWN',
    moved: task?.ApproximateNumberOfMessagesMoved ?? 0,
    toMove: task?.ApproximateNumberOfMessagesToMove ?? 0,
    ...(task?.FailureReason ? { failureReason: task.FailureReason } : {}),
  };
  io.stdout(
    values.json
      ? renderJson(summary)
      : `redrive ${route}: ${summary.status.toLowerCase()}, ${summary.moved} of ${summary.toMove} messages moved${summary.failureReason ? ` (${summary.failureReason})` : ''}\n`,
  );
  return summary.status === 'COMPLETED' ? 0 : 1;
}

async function arnOf(aws: AwsClients, queueUrl: string): Promise<string> {
  const { Attributes } = await aws.sqs.send(
    new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['QueueArn'] }),
  );
  if (Attributes?.QueueArn === undefined) throw new SubscriptionError(`cannot read the ARN of ${queueUrl}`);
  return Attributes.QueueArn;
}

async function tasks(aws: AwsClients, sourceArn: string): Promise<ListMessageMoveTasksResultEntry[]> {
  const { Results = [] } = await aws.sqs.send(
    new ListMessageMoveTasksCommand({ SourceArn: sourceArn, MaxResults: 10 }),
  );
  return Results;
}
