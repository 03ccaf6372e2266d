/**
 * `argyle-subscriptions replay`: sends archived deliveries again (docs/archive.md), hour by hour in received
 * order, through the stack's routing rules (every queue, or one route's with `--route`) or to one queue
 * (`--queue`). Each message is the original body and attributes plus `argyle.replay`; each delivery is sent
 * once per run (the archive may hold it twice). A checkpoint after every batch lets `--resume <run id>` go on
 * after Ctrl-C or a failure. `--dry-run` only counts. Exit 0 done, 1 failed, 130 interrupted (resumable).
 */
import { randomBytes } from 'node:crypto';
import type { SendMessageCommandInput } from '@aws-sdk/client-sqs';
import { SendMessageBatchCommand, type SendMessageBatchRequestEntry } from '@aws-sdk/client-sqs';
import { hoursBetween } from '../../archive/keys';
import type { ArchiveRecord } from '../../archive/record';
import {
  familiesOf,
  newRunId,
  type ReplaySelection,
  type ReplayTarget,
  replayRouter,
  selects,
} from '../../archive/replay-plan';
import { renderJson, renderTable } from '../../shared/cli/output';
import { EVENT_PATTERN } from '../../shared/contract';
import { CLI_NAME } from '../remedies';
import { readHour } from './archive-reader';
import { type AwsClients, awsClients } from './aws';
import { type CliIo, UsageError, type Values } from './options';
import { progressBar } from './progress';
import { type ReplayCheckpoint, readCheckpoint, stateDir, writeCheckpoint } from './replay-checkpoint';
import {
  archiveBucket,
  publishedRouting,
  routeQueues,
  type StackOutputs,
  stackOutputs,
} from './stack-outputs';

/** The options a run keeps in its checkpoint; a resumed run takes them from there. */
const RUN_OPTIONS = [
  'from',
  'to',
  'event',
  'account',
  'subscription',
  'route',
  'queue',
  'stack',
  'outputs',
  'bucket',
] as const;
type RunOptions = Partial<Record<(typeof RUN_OPTIONS)[number], string>>;

/** Records sent per batch: SendMessageBatch takes 10 entries. */
const BATCH = 10;
/** SendMessageBatch's limit on the whole request, as the receiver's messages assume it (256 KiB). */
const BATCH_BYTES = 262_144;
const SEND_ATTEMPTS = 3;
export const INTERRUPTED_EXIT_CODE = 130;

export async function replay(values: Values, io: CliIo, now = new Date()): Promise<number> {
  const dir = stateDir(values['state-dir']);
  const resumed = values.resume === undefined ? undefined : readCheckpoint(dir, values.resume);
  const options = resumed ? resumedOptions(values, resumed) : runOptions(values);
  const selection = selectionOf(options);
  const rate = rateOf(values.rate);
  const dryRun = values['dry-run'];
  if (resumed?.done) {
    io.stderr(`${CLI_NAME}: replay ${resumed.runId} already finished (${resumed.sent} deliveries sent)\n`);
    return 0;
  }
  const aws = awsClients(io.aws);
  const outputs = needsOutputs(options) ? await stackOutputs(options as Values, aws, 'replay') : {};
  const bucket = archiveBucket(outputs, options as Values);
  const target = targetOf(options, outputs);
  const runId = resumed?.runId ?? newRunId(now, randomBytes(3).toString('hex'));
  const router = replayRouter(target, runId);
  const families = familiesOf(selection.event);
  const sleep = io.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));

  const byEvent: Record<string, number> = { ...(resumed?.byEvent ?? {}) };
  const byQueue: Record<string, number> = {};
  let sent = resumed?.sent ?? 0;
  let messages = resumed?.messages ?? 0;
  let last = resumed?.last;
  let duplicates = 0;
  let objects = 0;
  let interrupted = false;
  const startedAt = Date.now();
  let sentThisRun = 0;
  const hours = hoursBetween(selection.from, selection.to);
  const progress = progressBar(io, `replay ${runId}`);
  const checkpoint = (done: boolean): string | undefined =>
    dryRun ? undefined : writeCheckpoint(dir, { runId, options, last, sent, messages, byEvent, done });
  let checkpointFile = checkpoint(false);

  for (const [index, hour] of hours.entries()) {
    if (io.signal?.aborted) {
      interrupted = true;
      break;
    }
    const read = await readHour(aws, bucket, hour, families);
    objects += read.objects;
    duplicates += read.duplicates;
    const records = read.records.filter((record) => selects(selection, record) && after(record, last));
    const note = () => `hour ${index + 1}/${hours.length}, ${sent} sent`;
    for (let start = 0; start < records.length; start += BATCH) {
      if (io.signal?.aborted) {
        interrupted = true;
        break;
      }
      const chunk = records.slice(start, start + BATCH);
      const requests = chunk.map((record) => ({ record, inputs: router.requests(record) }));
      for (const { record, inputs } of requests) {
        const event = record.event ?? '(no event)';
        byEvent[event] = (byEvent[event] ?? 0) + 1;
        for (const input of inputs)
          byQueue[queueLabel(input.QueueUrl)] = (byQueue[queueLabel(input.QueueUrl)] ?? 0) + 1;
      }
      const count = requests.reduce((total, r) => total + r.inputs.length, 0);
      if (!dryRun) {
        if (rate !== undefined) {
          const due = startedAt + (sentThisRun / rate) * 1000 - Date.now();
          if (due > 0) await sleep(due);
        }
        await sendAll(
          aws,
          requests.flatMap((r) => r.inputs),
        );
      }
      sent += chunk.length;
      sentThisRun += chunk.length;
      messages += count;
      if (!dryRun) {
        const lastRecord = chunk.at(-1);
        if (lastRecord) last = { receivedAt: lastRecord.receivedAt, deliveryId: lastRecord.deliveryId };
        checkpointFile = checkpoint(false);
      }
      progress.update(index, hours.length, note());
    }
    if (interrupted) break;
    progress.update(index + 1, hours.length, note());
  }
  progress.end();
  if (!interrupted) checkpointFile = checkpoint(true);
  const summary = {
    runId,
    dryRun,
    from: selection.from.toISOString(),
    to: selection.to.toISOString(),
    deliveries: sent,
    messages,
    byEvent,
    byQueue,
    duplicatesSkipped: duplicates,
    objectsRead: objects,
    interrupted,
    ...(checkpointFile === undefined ? {} : { checkpoint: checkpointFile }),
  };
  io.stdout(values.json ? renderJson(summary) : summaryText(summary));
  if (interrupted) {
    io.stderr(
      `${CLI_NAME}: replay ${runId} interrupted after ${sent} deliveries; go on with: ${CLI_NAME} replay --resume ${runId}${values['state-dir'] ? ` --state-dir ${values['state-dir']}` : ''}\n`,
    );
    return INTERRUPTED_EXIT_CODE;
  }
  return 0;
}

function runOptions(values: Values): RunOptions {
  const options: RunOptions = {};
  for (const name of RUN_OPTIONS) if (values[name] !== undefined) options[name] = values[name];
  return options;
}

function resumedOptions(values: Values, checkpoint: ReplayCheckpoint): RunOptions {
  for (const name of RUN_OPTIONS) {
    if (name === 'stack' || name === 'outputs' || name === 'bucket') continue;
    if (values[name] !== undefined && values[name] !== checkpoint.options[name]) {
      throw new UsageError(
        `--resume takes the run's selection and target from its checkpoint; leave out --${name} (the run has ${checkpoint.options[name] === undefined ? 'none' : `--${name} ${checkpoint.options[name]}`})`,
      );
    }
  }
  // Where the stack is may be given anew (another machine, a refreshed outputs file).
  const options: RunOptions = { ...checkpoint.options };
  for (const name of ['stack', 'outputs', 'bucket'] as const) {
    if (values[name] !== undefined) {
      delete options.stack;
      delete options.outputs;
    }
  }
  for (const name of ['stack', 'outputs', 'bucket'] as const)
    if (values[name] !== undefined) options[name] = values[name];
  return options;
}

/** `--from` and `--to` (ISO 8601, or `now`), and the filters. */
export function selectionOf(options: RunOptions): ReplaySelection {
  const time = (name: 'from' | 'to') => {
    const text = options[name];
    if (text === undefined) {
      throw new UsageError(
        `replay needs --${name} <date-time>, e.g. --from 2026-12-01T00:00:00Z --to 2026-12-02T00:00:00Z`,
      );
    }
    const at = text === 'now' ? Date.now() : Date.parse(text);
    if (Number.isNaN(at))
      throw new UsageError(`--${name} must be an ISO 8601 date-time or "now", got ${JSON.stringify(text)}`);
    return new Date(at);
  };
  const from = time('from');
  const to = time('to');
  if (from >= to) throw new UsageError('--from must be before --to (the range is [from, to))');
  if (options.event !== undefined && !EVENT_PATTERN.test(options.event)) {
    throw new UsageError(
      `--event must be an event pattern as in routes, e.g. accounts.connected, accounts.* or *.fully_synced, got ${JSON.stringify(options.event)}`,
    );
  }
  if (options.route !== undefined && options.queue !== undefined) {
    throw new UsageError('give --route or --queue, not both');
  }
  return {
    from,
    to,
    ...(options.event === undefined ? {} : { event: options.event }),
    ...(options.account === undefined ? {} : { account: options.account }),
    ...(options.subscription === undefined ? {} : { subscription: options.subscription }),
  };
}

function rateOf(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const rate = Number(text);
  if (!Number.isFinite(rate) || rate <= 0)
    throw new UsageError(`--rate must be deliveries per second above 0, got ${JSON.stringify(text)}`);
  return rate;
}

/** Stack outputs are needed unless both the bucket and the one queue are given. */
function needsOutputs(options: RunOptions): boolean {
  return options.bucket === undefined || options.queue === undefined;
}

function targetOf(options: RunOptions, outputs: StackOutputs): ReplayTarget {
  if (options.queue !== undefined) {
    if (!/^https?:\/\//.test(options.queue))
      throw new UsageError(`--queue must be a queue URL, got ${JSON.stringify(options.queue)}`);
    return { kind: 'queue', queueUrl: options.queue };
  }
  const routing = publishedRouting(outputs);
  if (options.route === undefined) return { kind: 'routing', routing };
  return { kind: 'routing', routing, onlyQueueUrl: routeQueues(outputs, options.route).queueUrl };
}

/** Whether `record` comes after the checkpoint's last delivery, in received order. */
function after(record: ArchiveRecord, last: ReplayCheckpoint['last']): boolean {
  if (last === undefined) return true;
  if (record.receivedAt !== last.receivedAt) return record.receivedAt > last.receivedAt;
  return record.deliveryId > last.deliveryId;
}

/** Sends every request, each queue's in order, in batches; retries entries SQS refused, then fails. */
async function sendAll(aws: AwsClients, inputs: readonly SendMessageCommandInput[]): Promise<void> {
  const byQueue = new Map<string, SendMessageCommandInput[]>();
  for (const input of inputs) {
    const url = input.QueueUrl ?? '';
    byQueue.set(url, [...(byQueue.get(url) ?? []), input]);
  }
  await Promise.all(
    [...byQueue].map(async ([queueUrl, queued]) => {
      for (const batch of bySize(queued)) {
        let entries: SendMessageBatchRequestEntry[] = batch.map((input, i) => ({
          Id: `m${i}`,
          MessageBody: input.MessageBody,
          MessageAttributes: input.MessageAttributes,
          MessageGroupId: input.MessageGroupId,
          MessageDeduplicationId: input.MessageDeduplicationId,
        }));
        for (let attempt = 1; entries.length > 0; attempt++) {
          const output = await aws.sqs.send(
            new SendMessageBatchCommand({ QueueUrl: queueUrl, Entries: entries }),
          );
          const failed = new Set((output.Failed ?? []).map((failure) => failure.Id));
          if (failed.size > 0 && attempt >= SEND_ATTEMPTS) {
            const first = output.Failed?.[0];
            throw new Error(
              `${queueLabel(queueUrl)} refused ${failed.size} message(s): ${first?.Code} ${first?.Message ?? ''}`,
            );
          }
          entries = entries.filter((entry) => failed.has(entry.Id));
        }
      }
    }),
  );
}

function bySize(inputs: readonly SendMessageCommandInput[]): SendMessageCommandInput[][] {
  const batches: SendMessageCommandInput[][] = [];
  let current: SendMessageCommandInput[] = [];
  let bytes = 0;
  for (const input of inputs) {
    const size =
      Buffer.byteLength(input.MessageBody ?? '') +
      Object.entries(input.MessageAttributes ?? {}).reduce(
        (total, [name, value]) => total + name.length + (value.StringValue?.length ?? 0) * 3 + 6,
        0,
      );
    if (current.length > 0 && (current.length === BATCH || bytes + size > BATCH_BYTES)) {
      batches.push(current);
      current = [];
      bytes = 0;
    }
    current.push(input);
    bytes += size;
  }
  if (current.length > 0) batches.push(current);
  return batches;
}

function queueLabel(url: string | undefined): string {
  return url?.split('/').at(-1) ?? '';
}

interface Summary {
  readonly runId: string;
  readonly dryRun: boolean;
  readonly from: string;
  readonly to: string;
  readonly deliveries: number;
  readonly messages: number;
  readonly byEvent: Record<string, number>;
  readonly byQueue: Record<string, number>;
  readonly duplicatesSkipped: number;
  readonly interrupted: boolean;
  readonly checkpoint?: string;
}

function summaryText(s: Summary): string {
  const verb = s.dryRun ? 'would send' : s.interrupted ? 'sent, before the interruption,' : 'sent';
  const lines = [
    `replay ${s.runId}${s.dryRun ? ' (dry run: nothing sent)' : ''}: ${verb} ${s.deliveries} deliveries as ${s.messages} messages, received from ${s.from} to ${s.to}`,
  ];
  const events = Object.entries(s.byEvent).sort(([a], [b]) => a.localeCompare(b));
  if (events.length > 0)
    lines.push(
      '',
      renderTable(
        ['EVENT', 'DELIVERIES'],
        events.map(([e, n]) => [e, String(n)]),
      ),
    );
  const queues = Object.entries(s.byQueue).sort(([a], [b]) => a.localeCompare(b));
  if (queues.length > 0)
    lines.push(
      '',
      renderTable(
        ['QUEUE', 'MESSAGES'],
        queues.map(([q, n]) => [q, String(n)]),
      ),
    );
  if (s.duplicatesSkipped > 0)
    lines.push('', `${s.duplicatesSkipped} second copies of a delivery in the archive skipped`);
  if (s.checkpoint) lines.push('', `checkpoint: ${s.checkpoint}`);
  return `${lines.join('\n')}\n`;
}
