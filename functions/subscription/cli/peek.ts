/**
 * `argyle-subscriptions peek`: shows archived deliveries (`--from`/`--to` and the filters of replay), reading
 * the archive bucket only: SQS has no read that leaves a message untouched. `--dlq <route>` looks at a route's
 * dead-letter queue instead, which receives the messages (each look counts one receive) and makes them visible
 * again at once. Bodies are shown only with `--bodies`.
 */
import {
  ChangeMessageVisibilityBatchCommand,
  type Message,
  ReceiveMessageCommand,
} from '@aws-sdk/client-sqs';
import { hoursBetween } from '../../archive/keys';
import { type ArchiveRecord, bodyText, intact } from '../../archive/record';
import { familiesOf, selects } from '../../archive/replay-plan';
import { wholeNumber } from '../../shared/cli/args';
import { renderJson, renderTable } from '../../shared/cli/output';
import { MESSAGE_ATTRIBUTE } from '../../shared/contract';
import { SubscriptionError } from '../errors';
import { CLI_NAME } from '../remedies';
import { readHour } from './archive-reader';
import { awsClients } from './aws';
import type { CliIo, Values } from './options';
import { selectionOf } from './replay';
import { archiveBucket, routeQueues, stackOutputs } from './stack-outputs';

const DEFAULT_MAX = 20;

interface Row {
  readonly receivedAt: string;
  readonly deliveryId: string;
  readonly event?: string;
  readonly account?: string;
  readonly schema?: string;
  readonly catchAllReason?: string;
  readonly receiveCount?: string;
  readonly intact?: boolean;
  readonly body?: string;
}

export async function peek(values: Values, io: CliIo): Promise<number> {
  const max =
    values.max === undefined ? DEFAULT_MAX : wholeNumber(values.max, '--max', 1, 10_000, DEFAULT_MAX);
  const rows =
    values.dlq === undefined ? await peekArchive(values, io, max) : await peekDeadLetters(values, io, max);
  if (values.json) io.stdout(renderJson(rows));
  else {
    io.stdout(
      `${renderTable(
        [
          'RECEIVED_AT',
          'DELIVERY_ID',
          'EVENT',
          'ACCOUNT',
          'SCHEMA',
          values.dlq === undefined ? 'CATCH_ALL' : 'RECEIVES',
        ],
        rows.map((r) => [
          r.receivedAt,
          r.deliveryId,
          r.event ?? '-',
          r.account ?? '-',
          r.schema ?? '-',
          (values.dlq === undefined ? r.catchAllReason : r.receiveCount) ?? '-',
        ]),
      )}\n${values.bodies ? rows.map((r) => `\n${r.deliveryId}:\n${r.body ?? '(not UTF-8)'}\n`).join('') : ''}`,
    );
  }
  return 0;
}

async function peekArchive(values: Values, io: CliIo, max: number): Promise<Row[]> {
  const selection = selectionOf(values);
  const aws = awsClients(io.aws);
  const bucket = values.bucket ?? archiveBucket(await stackOutputs(values, aws, 'peek'), values);
  const rows: Row[] = [];
  for (const hour of hoursBetween(selection.from, selection.to)) {
    const { records } = await readHour(aws, bucket, hour, familiesOf(selection.event));
    for (const record of records) {
      if (!selects(selection, record)) continue;
      rows.push(archiveRow(record, values.bodies));
      if (rows.length >= max) return rows;
    }
  }
  return rows;
}

function archiveRow(record: ArchiveRecord, bodies: boolean): Row {
  return {
    receivedAt: record.receivedAt,
    deliveryId: record.deliveryId,
    event: record.event,
    account: record.account,
    schema: record.schema,
    catchAllReason: record.catchAllReason,
    intact: intact(record),
    ...(bodies ? { body: bodyText(record) } : {}),
  };
}

async function peekDeadLetters(values: Values, io: CliIo, max: number): Promise<Row[]> {
  const route = values.dlq ?? '';
  const aws = awsClients(io.aws);
  const { deadLetterQueueUrl } = routeQueues(await stackOutputs(values, aws, 'peek'), route);
  if (deadLetterQueueUrl === undefined)
    throw new SubscriptionError(`route "${route}" has no dead-letter queue the stack created`);
  io.stderr(
    `${CLI_NAME}: peek --dlq receives from ${route}'s dead-letter queue: each message shown counts one more receive (ApproximateReceiveCount) and is hidden until it is made visible again, right after\n`,
  );
  const taken: Message[] = [];
  try {
    while (taken.length < max) {
      const { Messages = [] } = await aws.sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: deadLetterQueueUrl,
          MaxNumberOfMessages: Math.min(10, max - taken.length),
          MessageAttributeNames: ['All'],
          MessageSystemAttributeNames: ['All'],
          AttributeNames: ['All'],
          VisibilityTimeout: 60,
          WaitTimeSeconds: 1,
        }),
      );
      if (Messages.length === 0) break;
      taken.push(...Messages);
    }
  } finally {
    for (let i = 0; i < taken.length; i += 10) {
      await aws.sqs
        .send(
          new ChangeMessageVisibilityBatchCommand({
            QueueUrl: deadLetterQueueUrl,
            Entries: taken
              .slice(i, i + 10)
              .map((m, j) => ({ Id: `m${j}`, ReceiptHandle: m.ReceiptHandle ?? '', VisibilityTimeout: 0 })),
          }),
        )
        .catch(() => undefined);
    }
  }
  return taken.map((message) => {
    const attribute = (name: string) => message.MessageAttributes?.[name]?.StringValue;
    const encoding = attribute(MESSAGE_ATTRIBUTE.BODY_ENCODING);
    return {
      receivedAt: attribute(MESSAGE_ATTRIBUTE.RECEIVED_AT) ?? '-',
      deliveryId: attribute(MESSAGE_ATTRIBUTE.DELIVERY_ID) ?? message.MessageId ?? '-',
      event: attribute(MESSAGE_ATTRIBUTE.EVENT),
      account: attribute(MESSAGE_ATTRIBUTE.ACCOUNT),
      schema: attribute(MESSAGE_ATTRIBUTE.SCHEMA),
      receiveCount: message.Attributes?.ApproximateReceiveCount,
      ...(values.bodies
        ? {
            body:
              encoding === 'base64'
                ? Buffer.from(message.Body ?? '', 'base64').toString('utf8')
                : message.Body,
          }
        : {}),
    };
  });
}
