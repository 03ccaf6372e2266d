/** What `npm run dev` prints when it is ready: where things are, which queues exist, where the secret is from. */
import type { ArgyleWebhooksConfig } from '../lib/config';
import { CATCH_ALL_NAME } from '../lib/validation';
import { DEFAULT_SQS_PORT, DEFAULT_WEBHOOK_URL, SECRET_ENV } from './defaults';
import { ARCHIVE_ROUTE } from './dev-queues';
import { type DevSecretSource, devSecretFile } from './dev-secret';
import type { DevQueueInfo, DevServer } from './dev-server';
import type { DevWatcher } from './dev-watcher';
import { LOCAL_REGION } from './sqs-emulator';

/** Where the signing secret came from. */
export type SecretSource = DevSecretSource;

export function devBanner(
  server: DevServer,
  config: ArgyleWebhooksConfig,
  source: SecretSource,
  watchEverySeconds?: number,
): string {
  const sqsPort = Number(new URL(server.sqsEndpoint).port);
  const width = Math.max(...server.queues.map((queue) => queue.name.length));
  const queues = [...server.queues]
    .sort((a, b) => Number(a.deadLetter) - Number(b.deadLetter))
    .map((queue) => `${queue.name.padEnd(width)}  ${describeQueue(queue, config)}`);
  const secret =
    source === 'environment'
      ? [`from ${SECRET_ENV}`]
      : [
          `${source === 'kept' ? 'kept from the last run' : 'generated'}: ${server.secret}`,
          `(kept in ${devSecretFile()} for the next start, where npm run simulate finds it; set ${SECRET_ENV} to choose your own)`,
        ];
  const urlFlag = server.webhookUrl === DEFAULT_WEBHOOK_URL ? '' : ` --url ${server.webhookUrl}`;
  const portFlag = sqsPort === DEFAULT_SQS_PORT ? '' : ` --sqs-port ${sqsPort}`;
  const firstQueue = server.queues.find((queue) => !queue.deadLetter)?.name ?? CATCH_ALL_NAME;
  const lines = [
    'Argyle webhooks, local dev mode: the deployed receiver (functions/receiver/entry.ts) on this machine',
    '',
    field('Webhook URL', [`${server.webhookUrl}  (POST, as API Gateway's POST /webhook)`]),
    field('SQS endpoint', [
      `${server.sqsEndpoint}  (local-aws-sqs; region ${LOCAL_REGION}, any credentials)`,
      `queue URLs are ${server.queueUrlPrefix}<name>`,
    ]),
    field('Queues', queues),
    ...(server.archive
      ? [
          field('Archive', [
            `bucket ${server.archive.bucket} in an S3 stand-in at ${server.archive.s3Endpoint} (fauxqs)`,
            `written by the archiver from ${server.archive.queueUrl}`,
          ]),
        ]
      : []),
    field('Secret', [
      ...secret,
      `served to the receiver by a local Secrets Manager stand-in at ${server.secretsManagerEndpoint}`,
    ]),
    '',
    field('Try', [
      `npm run simulate -- accounts.connected${urlFlag}`,
      `npm run tail -- ${firstQueue}${portFlag}`,
      ...(server.archive && server.outputsFile
        ? [
            `AWS_ENDPOINT_URL_SQS=${server.sqsEndpoint} AWS_ENDPOINT_URL_S3=${server.archive.s3Endpoint} \\`,
            `  AWS_REGION=${LOCAL_REGION} AWS_ACCESS_KEY_ID=local AWS_SECRET_ACCESS_KEY=local \\`,
            `  npx argyle-subscriptions replay --outputs ${server.outputsFile} --from <time> --to <time> --dry-run`,
          ]
        : []),
    ]),
    '',
    ...(server.watcher === undefined ? [] : watcherFields(server.watcher, watchEverySeconds ?? 60)),
    'Deliveries (Ctrl-C to stop):',
  ];
  return lines.join('\n');
}

function describeQueue(queue: DevQueueInfo, config: ArgyleWebhooksConfig): string {
  if (queue.deadLetter) return `dead-letter queue of ${queue.route}`;
  const receives = queue.redrive ? `, dead letters after ${queue.redrive.maxReceiveCount} receives` : '';
  if (queue.route === CATCH_ALL_NAME) return `what no route takes, or is not an envelope${receives}`;
  if (queue.route === ARCHIVE_ROUTE) return `every accepted delivery, for the archiver${receives}`;
  const route = config.routes.find((candidate) => candidate.name === queue.route);
  const events = route?.events.join(', ') ?? '';
  const subscriptions = route?.subscriptions ? ` from ${route.subscriptions.join(', ')}` : '';
  return `route "${queue.route}": ${events}${subscriptions}${queue.fifo ? ' (FIFO)' : ''}${receives}`;
}

function field(label: string, values: readonly string[]): string {
  const indent = ' '.repeat(16);
  return values
    .map((value, index) => (index === 0 ? `  ${label.padEnd(14)}${value}` : `${indent}${value}`))
    .join('\n');
}

/** What `npm run dev -- --watch` adds: where the fake Argyle API is, and how to drift a subscription. */
function watcherFields(watcher: DevWatcher, everySeconds: number): string[] {
  const env = `ARGYLE_API_BASE_URL=${watcher.argyleApiUrl} ARGYLE_API_KEY_ID=${watcher.apiKey.id} ARGYLE_API_KEY_SECRET=${watcher.apiKey.secret}`;
  return [
    field('Watcher', [
      `every ${everySeconds} s, against a fake Argyle API at ${watcher.argyleApiUrl} holding the configured`,
      "subscriptions (registered at this webhook) and a CloudWatch stand-in fed by the receiver's metrics",
    ]),
    field('Drift one', [
      `${env} npx argyle-subscriptions list`,
      `${env} npx argyle-subscriptions delete <id>`,
    ]),
    '',
  ];
}
