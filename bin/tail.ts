/** `npm run tail`: prints the messages in a local or deployed queue, optionally deleting them or following. */

import { UsageError } from '../functions/shared/cli/args';
import { npmScript, usageErrorText } from '../functions/shared/cli/output';
import { parseTailArgs, TAIL_USAGE } from '../local/cli/tail-args';
import { clientFor, maxReceiveCountOf, queueTarget, tail } from '../local/tail';
import { formatMessage } from '../local/tail-output';

try {
  const args = parseTailArgs(process.argv.slice(2));
  if (args.help) {
    console.log(TAIL_USAGE);
  } else {
    const target = queueTarget(args.queue, args.sqsPort);
    let shown = 0;
    const client = clientFor(target);
    const stop = new AbortController();
    // \`on\`, not \`once\`: Ctrl-C reaches this process twice (from the terminal, and relayed by npm and tsx), and a
    // second signal without a handler would end it before it has made the held messages visible again.
    process.on('SIGINT', () => stop.abort());
    process.on('SIGTERM', () => stop.abort());
    const mode = [
      args.delete ? 'deleting' : 'not deleting',
      !args.delete && target.local ? 'looking costs no receive locally' : '',
      args.follow ? 'following (Ctrl-C to stop)' : '',
    ];
    console.log(`${target.queueUrl}: ${mode.filter(Boolean).join(', ')}\n`);
    try {
      const maxReceiveCount = await maxReceiveCountOf(client, target.queueUrl);
      const summary = await tail({
        client,
        queueUrl: target.queueUrl,
        delete: args.delete,
        follow: args.follow,
        max: args.max,
        visibilityTimeoutSeconds: args.visibilityTimeoutSeconds,
        // local-aws-sqs holds a long poll for its whole wait even when messages are there: keep it short. On
        // AWS, Ctrl-C waits for the receive in flight (to give back what it gets): at most 5 s.
        waitSeconds: target.local ? 1 : 5,
        signal: stop.signal,
        onMessage: (message) => console.log(formatMessage(message, ++shown, target.name, maxReceiveCount)),
      });
      const deleted = args.delete ? `, ${summary.deleted} deleted` : ', none deleted';
      console.log(`${summary.received} message${summary.received === 1 ? '' : 's'}${deleted}`);
    } catch (error) {
      console.error(`npm run tail: ${describe(error, target.local, args.sqsPort)}`);
      process.exitCode = 1;
    } finally {
      client.destroy();
    }
  }
} catch (error) {
  if (!(error instanceof UsageError)) throw error;
  console.error(usageErrorText(npmScript('tail'), error));
  process.exitCode = 2;
}

function describe(error: unknown, local: boolean, sqsPort: number): string {
  if (!(error instanceof Error)) return String(error);
  const code = 'code' in error ? String(error.code) : '';
  if (local && (code === 'ECONNREFUSED' || error.name === 'ECONNREFUSED')) {
    return `nothing listens on 127.0.0.1:${sqsPort}; start npm run dev, or pass the --sqs-port it uses`;
  }
  if (error.name === 'QueueDoesNotExist' || error.name === 'AWS.SimpleQueueService.NonExistentQueue') {
    return `${error.message || 'the queue does not exist'} (npm run dev lists the local queues)`;
  }
  return `${error.name}: ${error.message}`;
}
