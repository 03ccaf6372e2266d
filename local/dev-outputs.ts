/**
 * The dev server's stack outputs: what `cdk deploy --outputs-file` writes for a deployed stack (the same keys,
 * with the local queues' URLs), kept in a file of this checkout, so `argyle-subscriptions replay`, `redrive` and
 * `peek --outputs <file>` find the local queues, bucket and routing as they find a deployed stack's.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { PublishedRouting } from '../functions/shared/contract';
import { CATCH_ALL_NAME, pascalCase } from '../lib/validation';
import type { DevQueue } from './dev-queues';
import { LOCAL_ACCOUNT_ID, LOCAL_REGION } from './sqs-emulator';

/** Where the outputs are kept (beside the dev secret); `ARGYLE_DEV_OUTPUTS_FILE` overrides it. */
export function devOutputsFile(env: Readonly<Record<string, string | undefined>> = process.env): string {
  return (
    env.ARGYLE_DEV_OUTPUTS_FILE ??
    path.resolve(import.meta.dirname, '../node_modules/.cache/argyle-webhooks-aws/dev-outputs.json')
  );
}

export interface DevOutputsInput {
  readonly webhookUrl: string;
  readonly queues: readonly (DevQueue & { readonly url: string })[];
  readonly routing: PublishedRouting;
  readonly archive?: {
    readonly bucket: string;
    readonly queueUrl: string;
    readonly deadLetterQueueUrl: string;
  };
}

/** The outputs, keyed as the stack's. Pure. */
export function devOutputs(input: DevOutputsInput): Record<string, string> {
  const outputs: Record<string, string> = { WebhookUrl: input.webhookUrl };
  for (const queue of input.queues) {
    if (queue.route === 'archive' && queue.name.startsWith('_')) continue;
    const prefix = pascalCase(queue.route === CATCH_ALL_NAME ? CATCH_ALL_NAME : queue.route);
    if (queue.deadLetter) {
      outputs[`${prefix}DeadLetterQueueUrl`] = queue.url;
    } else {
      outputs[`${prefix}QueueUrl`] = queue.url;
      outputs[`${prefix}QueueArn`] = `arn:aws:sqs:${LOCAL_REGION}:${LOCAL_ACCOUNT_ID}:${queue.name}`;
    }
  }
  if (input.archive) {
    outputs.ArchiveBucketName = input.archive.bucket;
    outputs.ArchiveQueue = input.archive.queueUrl;
    outputs.ArchiveDeadLetterQueue = input.archive.deadLetterQueueUrl;
    outputs.ReceiverRouting = JSON.stringify(input.routing);
  }
  return outputs;
}

export function writeDevOutputs(outputs: Record<string, string>, file = devOutputsFile()): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(outputs, null, 2)}\n`);
}
