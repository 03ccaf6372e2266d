/** The command line of `npm run dev`. */

import { parseCommandLine, port, UsageError, wholeNumber } from '../../functions/shared/cli/args';
import { DEFAULT_PORT, DEFAULT_S3_PORT, DEFAULT_SQS_PORT, SECRET_ENV } from '../defaults';

export interface DevArgs {
  readonly port: number;
  readonly sqsPort: number;
  readonly s3Port: number;
  /** The `argyleWebhooks` configuration as JSON, instead of cdk.json's. */
  readonly config?: string;
  readonly verbose: boolean;
  /** Run the subscription watcher against a fake Argyle API every this many seconds; undefined: off. */
  readonly watchEverySeconds?: number;
  readonly help: boolean;
}

export const DEV_USAGE = `Usage: npm run dev -- [options]

Runs the receiver (functions/receiver/entry.ts) behind a local webhook URL, with an SQS emulator holding the
queues of the routes in cdk.json. The signing secret is $${SECRET_ENV}, or a generated one.

Options:
  --port <port>       port of the webhook on 127.0.0.1 (default ${DEFAULT_PORT}; 0 picks a free one)
  --sqs-port <port>   port of the SQS emulator on 127.0.0.1 (default ${DEFAULT_SQS_PORT})
  --s3-port <port>    port of the S3 stand-in holding the archive, with archive.enabled (default ${DEFAULT_S3_PORT})
  --config <json>     the argyleWebhooks configuration to use instead of cdk.json's, e.g.
                      '{"routes":[{"name":"accounts","events":["accounts.*"]}]}'
  --verbose           also print the receiver's own JSON log lines and metrics, as Lambda would
  --watch             also run the subscription watcher against a fake Argyle API holding the configured
                      subscriptions (registered at this webhook), with the receiver's metrics in a
                      CloudWatch stand-in: findings and repairs (subscriptionWatch.repair) are printed
  --watch-every <s>   how often it runs, in seconds (default 60)
  -h, --help          show this help`;

export function parseDevArgs(args: readonly string[]): DevArgs {
  const { values } = parseCommandLine(
    args,
    {
      port: { type: 'string' },
      'sqs-port': { type: 'string' },
      's3-port': { type: 'string' },
      config: { type: 'string' },
      verbose: { type: 'boolean', default: false },
      watch: { type: 'boolean', default: false },
      'watch-every': { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    { allowPositionals: false },
  );
  const webhookPort = values.port === undefined ? DEFAULT_PORT : port(values.port, '--port', DEFAULT_PORT);
  const sqsPort =
    values['sqs-port'] === undefined
      ? DEFAULT_SQS_PORT
      : port(values['sqs-port'], '--sqs-port', DEFAULT_SQS_PORT);
  const s3Port =
    values['s3-port'] === undefined ? DEFAULT_S3_PORT : port(values['s3-port'], '--s3-port', DEFAULT_S3_PORT);
  if (webhookPort !== 0 && webhookPort === sqsPort) {
    throw new UsageError(`--port and --sqs-port are both ${sqsPort}; give them different ports`);
  }
  if (s3Port !== 0 && (s3Port === sqsPort || s3Port === webhookPort)) {
    throw new UsageError(`--s3-port ${s3Port} is taken by --port or --sqs-port; give it a port of its own`);
  }
  if (values['watch-every'] !== undefined && !values.watch) {
    throw new UsageError('--watch-every goes with --watch');
  }
  const watchEverySeconds = values.watch
    ? values['watch-every'] === undefined
      ? 60
      : wholeNumber(values['watch-every'], '--watch-every', 1, 86_400, 60)
    : undefined;
  return {
    port: webhookPort,
    sqsPort,
    s3Port,
    config: values.config,
    verbose: values.verbose,
    ...(watchEverySeconds === undefined ? {} : { watchEverySeconds }),
    help: values.help,
  };
}
