/** The command line of `npm run example-consumer`. */

import { parseCommandLine, port, UsageError, wholeNumber } from '../../functions/shared/cli/args';
import { DEFAULT_SQS_PORT } from '../defaults';

export interface ExampleConsumerArgs {
  /** A local queue name; undefined for the queue of `exampleConsumer.route` in the configuration. */
  readonly queue?: string;
  readonly sqsPort: number;
  readonly batchSize: number;
  readonly once: boolean;
  readonly help: boolean;
}

export const EXAMPLE_CONSUMER_USAGE = `Usage: npm run example-consumer -- [queue] [options]

Polls a local queue and invokes the example consumer (functions/example-consumer/handler.ts) with Lambda-shaped
SQS events, deleting the records it does not report as failures, as Lambda's SQS event source does.

  [queue]               a local queue name (default: the queue of exampleConsumer.route in cdk.json)

Options:
  --sqs-port <port>     port of the local SQS emulator (default ${DEFAULT_SQS_PORT})
  --batch-size <n>      records per invocation, 1 to 10 (default 10)
  --once                stop when the queue is empty, instead of waiting for more until Ctrl-C
  -h, --help            show this help`;

export function parseExampleConsumerArgs(args: readonly string[]): ExampleConsumerArgs {
  const { values, positionals } = parseCommandLine(
    args,
    {
      'sqs-port': { type: 'string' },
      'batch-size': { type: 'string' },
      once: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    { allowPositionals: true },
  );
  if (positionals.length > 1) throw new UsageError(`one queue at a time; got ${positionals.join(', ')}`);
  return {
    queue: positionals[0],
    sqsPort:
      values['sqs-port'] === undefined
        ? DEFAULT_SQS_PORT
        : port(values['sqs-port'], '--sqs-port', DEFAULT_SQS_PORT),
    batchSize:
      values['batch-size'] === undefined ? 10 : wholeNumber(values['batch-size'], '--batch-size', 1, 10, 10),
    once: values.once,
    help: values.help,
  };
}
