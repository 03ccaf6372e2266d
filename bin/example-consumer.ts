/**
 * `npm run example-consumer`: the example consumer's Lambda handler, run against a queue of the local SQS
 * emulator (`npm run dev`) as Lambda's SQS event source would run it.
 */
import { handler } from '../functions/example-consumer/handler';
import { UsageError } from '../functions/shared/cli/args';
import { npmScript, usageErrorText } from '../functions/shared/cli/output';
import { ArgyleWebhooksConfigError } from '../lib/config';
import { EXAMPLE_CONSUMER_USAGE, parseExampleConsumerArgs } from '../local/cli/example-consumer-args';
import { devQueueName } from '../local/dev-queues';
import { runSqsHandler } from '../local/example-consumer-runner';
import { readProjectConfig } from '../local/project-config';
import { localQueueUrl, localSqsClient } from '../local/sqs-emulator';

try {
  const args = parseExampleConsumerArgs(process.argv.slice(2));
  if (args.help) {
    console.log(EXAMPLE_CONSUMER_USAGE);
  } else {
    const queue = args.queue ?? defaultQueue();
    const client = localSqsClient(`http://127.0.0.1:${args.sqsPort}`);
    const stop = new AbortController();
    process.once('SIGINT', () => stop.abort());
    process.once('SIGTERM', () => stop.abort());
    console.log(`example consumer on ${queue}${args.once ? ', until it is empty' : ' (Ctrl-C to stop)'}`);
    try {
      const summary = await runSqsHandler({
        client,
        queueUrl: localQueueUrl(args.sqsPort, queue),
        handler,
        batchSize: args.batchSize,
        // local-aws-sqs holds a long poll for its whole wait even when messages are there: keep it short.
        waitSeconds: 1,
        once: args.once,
        signal: stop.signal,
        onBatch: (batch) => {
          const failed =
            batch.failed.length > 0 ? `, ${batch.failed.length} reported failed (left in the queue)` : '';
          console.log(
            `batch of ${batch.records}: ${batch.deleted} deleted${failed}${batch.error ? `; ${batch.error}` : ''}`,
          );
        },
      });
      console.log(
        `${plural(summary.records, 'record')} in ${plural(summary.batches, 'batch')}: ${summary.deleted} deleted, ${summary.failed} failed`,
      );
    } catch (error) {
      const refused = error instanceof Error && 'code' in error && error.code === 'ECONNREFUSED';
      console.error(
        `npm run example-consumer: ${refused ? `nothing listens on 127.0.0.1:${args.sqsPort}; start npm run dev first` : String(error)}`,
      );
      process.exitCode = 1;
    } finally {
      client.destroy();
    }
  }
} catch (error) {
  if (error instanceof UsageError) {
    console.error(usageErrorText(npmScript('example-consumer'), error));
    process.exitCode = 2;
  } else if (error instanceof ArgyleWebhooksConfigError) {
    console.error(`npm run example-consumer: ${error.message}`);
    process.exitCode = 1;
  } else {
    throw error;
  }
}

/** The local name of the queue the example consumer is configured for. */
function defaultQueue(): string {
  const config = readProjectConfig();
  const { route } = config.exampleConsumer;
  const fifo = config.routes.find((candidate) => candidate.name === route)?.fifo ?? false;
  return devQueueName(route, fifo);
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : noun.endsWith('h') ? 'es' : 's'}`;
}
