/**
 * Receive counts in the SQS emulator as SQS keeps them, and free looks at local queues.
 *
 * - local-aws-sqs 2.0.2 counts every ChangeMessageVisibility as one more receive; SQS does not. Without the
 *   correction, one look with `npm run tail` (a receive, then making the message visible again) cost two of the
 *   queue's `maxReceiveCount` receives, and a third look dead-lettered the message.
 * - A request that carries {@link LOOK_HEADER} (the local `npm run tail` sends it) and makes messages visible
 *   again also gives back the receive it made: looking at a local queue never moves a message toward its
 *   dead-letter queue. On AWS a look costs one receive, as any consumer's does.
 *
 * It patches the emulator's queue objects through their declared members (`newRecord`, `changeVisibility`),
 * keeping each stored message's entry to correct its `ApproximateReceiveCount`.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { IncomingMessage } from 'node:http';

/** The header by which a request says it only looked, so its receives are given back. */
export const LOOK_HEADER = 'x-argyle-local-look';

interface StoredEntry {
  readonly record: { readonly MessageId: string; readonly attributes: Record<string, string> };
}

interface EmulatedQueue {
  newRecord: (message: Record<string, unknown>, delay?: number) => unknown;
  changeVisibility(receiptHandle: string, visibilityTimeout: string): boolean;
}

interface EmulatedService {
  readonly Queues: readonly EmulatedQueue[];
}

const looking = new AsyncLocalStorage<boolean>();
const patched = new WeakSet<EmulatedQueue>();

/** Runs `handle` for `request`, with its visibility changes given back when it carries {@link LOOK_HEADER}. */
export function handleTolerantly<T>(service: EmulatedService, request: IncomingMessage, handle: () => T): T {
  for (const queue of service.Queues) patchQueue(queue);
  return looking.run(request.headers[LOOK_HEADER] === '1', handle);
}

function patchQueue(queue: EmulatedQueue): void {
  if (patched.has(queue)) return;
  patched.add(queue);
  const entries = new Map<string, StoredEntry>();
  const newRecord = queue.newRecord;
  queue.newRecord = (message, delay) => {
    const entry = newRecord(message, delay) as StoredEntry | undefined;
    if (entry?.record?.MessageId) entries.set(entry.record.MessageId, entry);
    return entry;
  };
  const changeVisibility = queue.changeVisibility.bind(queue);
  queue.changeVisibility = (receiptHandle, visibilityTimeout) => {
    const entry = entries.get(messageIdOf(receiptHandle) ?? '');
    const before = Number(entry?.record.attributes.ApproximateReceiveCount);
    const changed = changeVisibility(receiptHandle, visibilityTimeout);
    if (entry !== undefined && Number.isFinite(before)) {
      const given = looking.getStore() === true ? 1 : 0;
      entry.record.attributes.ApproximateReceiveCount = String(Math.max(0, before - given));
    }
    return changed;
  };
}

/** The emulator's receipt handles are base64 of a UUID followed by JSON holding the `MessageId`. */
function messageIdOf(receiptHandle: string): string | undefined {
  try {
    const text = Buffer.from(receiptHandle, 'base64').toString('utf8');
    const json = JSON.parse(text.slice(text.indexOf('{'))) as { MessageId?: unknown };
    return typeof json.MessageId === 'string' ? json.MessageId : undefined;
  } catch {
    return undefined;
  }
}
