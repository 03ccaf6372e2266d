/** The command line of `npm run tail`. */

import { parseCommandLine, port, UsageError, wholeNumber } from '../../functions/shared/cli/args';
import { DEFAULT_SQS_PORT } from '../defaults';

export interface TailArgs {
  /** A local queue name or a queue URL. */
  readonly queue: string;
  readonly sqsPort: number;
  readonly delete: boolean;
  readonly follow: boolean;
  readonly max?: number;
  readonly visibilityTimeoutSeconds: number;
  readonly help: boolean;
}

/** What SQS accepts as a queue name. */
const QUEUE_NAME = /^[A-Za-z0-9_-]{1,75}(?:\.fifo)?$/;

export const TAIL_USAGE = `Usage: npm run tail -- <queue> [options]

Prints the messages in a queue, with their attributes and receive count. Without --delete, each message is
received once and made visible again when tail stops (Ctrl-C included). On AWS that receive counts toward the
queue's maxReceiveCount, as any consumer's does; on the dev server's queues it does not.

  <queue>             a local queue name (as npm run dev lists them: all-events, catch-all, all-events_dlq, ...)
                      or a queue URL (a deployed stack's <Route>QueueUrl output; uses your AWS credentials)

Options:
  --sqs-port <port>   port of the local SQS emulator (default ${DEFAULT_SQS_PORT})
  --delete            delete each message after printing it
  --follow            keep waiting for new messages (long polling) until Ctrl-C
  --max <n>           stop after n messages
  --visibility <s>    seconds a printed message stays hidden while tail runs, without --delete (default 30)
  -h, --help          show this help`;

export function parseTailArgs(args: readonly string[]): TailArgs {
  const { values, positionals } = parseCommandLine(
    args,
    {
      'sqs-port': { type: 'string' },
      delete: { type: 'boolean', default: false },
      follow: { type: 'boolean', default: false },
      max: { type: 'string' },
      visibility: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    { allowPositionals: true },
  );
  const [queue, ...extra] = positionals;
  if (!values.help) {
    if (queue === undefined) {
      throw new UsageError('which queue? give a local queue name (e.g. all-events) or a queue URL');
    }
    if (extra.length > 0) throw new UsageError(`one queue at a time; got ${positionals.join(', ')}`);
    if (!/^https?:\/\//.test(queue) && !QUEUE_NAME.test(queue)) {
      throw new UsageError(
        `"${queue}" is neither a queue name (letters, digits, - and _, optionally .fifo) nor an http(s) queue URL`,
      );
    }
  }
  return {
    queue: queue ?? '',
    sqsPort:
      values['sqs-port'] === undefined
        ? DEFAULT_SQS_PORT
        : port(values['sqs-port'], '--sqs-port', DEFAULT_SQS_PORT),
    delete: values.delete,
    follow: values.follow,
    max: values.max === undefined ? undefined : wholeNumber(values.max, '--max', 1, 1_000_000, 10),
    visibilityTimeoutSeconds:
      values.visibility === undefined ? 30 : wholeNumber(values.visibility, '--visibility', 0, 43_200, 30),
    help: values.help,
  };
}
