/**
 * The local stand-ins in their own process on 127.0.0.1: the SQS emulator (local-aws-sqs), for M3c and M2b,
 * and the Secrets Manager stand-in the dev server uses (holding the bench's signing secret), for M2b. Prints
 * their ports as one JSON line, after creating the queues named in its arguments; when the parent closes its stdin, prints how many TCP connections the SQS
 * emulator accepted and exits.
 */
import type { AddressInfo } from 'node:net';
import { CreateQueueCommand, SQSClient } from '@aws-sdk/client-sqs';
import { createSqsServer } from 'local-aws-sqs';
import { startFakeSecretsManager } from '../local/secrets-manager';
import { DUMMY_CREDENTIALS, REGION, SECRET } from './fixtures';

const server = await createSqsServer({
  port: 0,
  hostname: '127.0.0.1',
  emulateQueueCreationLifecycle: false,
});
const secrets = await startFakeSecretsManager(SECRET);
const port = (server.address() as AddressInfo).port;
// Queues named on the command line are created before the ports are printed.
const queues = process.argv.slice(2);
if (queues.length > 0) {
  const admin = new SQSClient({
    region: REGION,
    credentials: DUMMY_CREDENTIALS,
    endpoint: `http://127.0.0.1:${port}`,
  });
  for (const queue of queues) await admin.send(new CreateQueueCommand({ QueueName: queue }));
  admin.destroy();
}
let connections = 0;
server.on('connection', () => {
  connections++;
});
process.stdout.write(`${JSON.stringify({ port, secretsEndpoint: secrets.endpoint })}\n`);
// The parent closes our stdin when it is done: report and leave.
process.stdin.resume();
process.stdin.on('end', () => {
  process.stdout.write(`${JSON.stringify({ connections, secretReads: secrets.calls() })}\n`);
  void secrets.close();
  server.closeAllConnections();
  server.close(() => process.exit(0));
});
