/**
 * The local SQS emulator (local-aws-sqs) in its own process on 127.0.0.1, for M3c. Prints its port as one
 * JSON line; when the parent closes its stdin, prints how many TCP connections it accepted and exits.
 */
import type { AddressInfo } from 'node:net';
import { createSqsServer } from 'local-aws-sqs';

const server = await createSqsServer({
  port: 0,
  hostname: '127.0.0.1',
  emulateQueueCreationLifecycle: false,
});
let connections = 0;
server.on('connection', () => {
  connections++;
});
process.stdout.write(`${JSON.stringify({ port: (server.address() as AddressInfo).port })}\n`);
// The parent closes our stdin when it is done: report and leave.
process.stdin.resume();
process.stdin.on('end', () => {
  process.stdout.write(`${JSON.stringify({ connections })}\n`);
  server.closeAllConnections();
  server.close(() => process.exit(0));
});
