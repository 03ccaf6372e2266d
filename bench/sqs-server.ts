/**
 * The local stand-ins in their own process on 127.0.0.1: the SQS emulator (local-aws-sqs), for M3c and M2b,
 * and the Secrets Manager stand-in the dev server uses (holding the bench's signing secret), for M2b. Prints
 * their ports as one JSON line, after creating the queues named in its arguments; when the parent closes its stdin, prints how many TCP connections the SQS
 * emulator accepted and exits.
 */
import { CreateQueueCommand } from '@aws-sdk/client-sqs';
import { startFakeSecretsManager } from '../local/secrets-manager';
import { startSqsEmulator } from '../local/sqs-emulator';
import { SECRET } from './fixtures';

// The one emulator starter the dev server and the tests use, without SQS's message rules: the floor and the
// receiver send the same plain messages, so the check would add the same cost to both sides.
const sqs = await startSqsEmulator(0, { enforceSqsRules: false });
const secrets = await startFakeSecretsManager(SECRET);
const port = Number(new URL(sqs.endpoint).port);
// Queues named on the command line are created before the ports are printed.
for (const queue of process.argv.slice(2))
  await sqs.client.send(new CreateQueueCommand({ QueueName: queue }));
process.stdout.write(`${JSON.stringify({ port, secretsEndpoint: secrets.endpoint })}\n`);
// The parent closes our stdin when it is done: report and leave.
process.stdin.resume();
process.stdin.on('end', () => {
  process.stdout.write(
    `${JSON.stringify({ connections: sqs.connections(), secretReads: secrets.calls() })}\n`,
  );
  void Promise.all([secrets.close(), sqs.close()]).finally(() => process.exit(0));
});
