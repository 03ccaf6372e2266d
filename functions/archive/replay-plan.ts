/**
 * What a replay sends (docs/archive.md): which archived deliveries a selection takes, where the routing rules
 * send each, and the message: the original body byte for byte, the original attributes and delivery id, plus
 * `argyle.replay` with the run's id; on a FIFO queue the group the receiver computes (order per account kept)
 * and a deduplication id derived from (run id, delivery id), so a resumed run adds nothing SQS already took and
 * never collides with the original sends. Pure.
 */
import { createHash } from 'node:crypto';
import type { SendMessageCommandInput } from '@aws-sdk/client-sqs';
import { parseEnvelope } from '../receiver/envelope';
import { prepareMessage, sendInput } from '../receiver/message';
import { compilePattern, compileRules, routeDelivery } from '../receiver/routing';
import { MESSAGE_ATTRIBUTE, type PublishedRouting } from '../shared/contract';
import { type ArchiveRecord, signedBytes } from './record';

export interface ReplaySelection {
  readonly from: Date;
  readonly to: Date;
  /** An event pattern, as in routing rules (`accounts.*`). */
  readonly event?: string;
  readonly account?: string;
  readonly subscription?: string;
}

/** Where a replay sends: through the routing rules (all queues, or one route's), or every delivery to one queue. */
export type ReplayTarget =
  | { readonly kind: 'routing'; readonly routing: PublishedRouting; readonly onlyQueueUrl?: string }
  | { readonly kind: 'queue'; readonly queueUrl: string };

/** Whether the selection takes the record. */
export function selects(selection: ReplaySelection, record: ArchiveRecord): boolean {
  const at = Date.parse(record.receivedAt);
  if (!(at >= selection.from.getTime() && at < selection.to.getTime())) return false;
  if (
    selection.event !== undefined &&
    (record.event === undefined || !compilePattern(selection.event)(record.event))
  )
    return false;
  if (selection.account !== undefined && record.account !== selection.account) return false;
  if (selection.subscription !== undefined && record.subscription !== selection.subscription) return false;
  return true;
}

/**
 * The families whose objects can hold what the event pattern selects, or undefined for all: `accounts.*` and
 * `accounts.connected` need `family=accounts/` only, `*` and `*.fully_synced` every family.
 */
export function familiesOf(event: string | undefined): readonly string[] | undefined {
  if (event === undefined) return undefined;
  const resource = event.slice(0, event.indexOf('.'));
  return resource === '' || resource === '*' ? undefined : [resource];
}

/** A FIFO deduplication id from (run, delivery): the same on a resumed run, never the original's. */
export function replayDeduplicationId(runId: string, deliveryId: string): string {
  return createHash('sha256').update(`argyle-replay\n${runId}\n${deliveryId}`).digest('hex');
}

export interface ReplayRouter {
  /** The SendMessage requests for one record (none when the route filter leaves no queue). */
  requests(record: ArchiveRecord): SendMessageCommandInput[];
}

export function replayRouter(target: ReplayTarget, runId: string): ReplayRouter {
  const compiled =
    target.kind === 'routing'
      ? {
          rules: compileRules(target.routing),
          urls: target.routing.queues.map((queue) =>
            /^https?:\/\//.test(queue) ? queue : target.routing.queueUrlPrefix + queue,
          ),
          catchAll: target.routing.catchAll,
        }
      : undefined;
  return {
    requests(record) {
      const body = signedBytes(record.body, record.bodyEncoding);
      const parsed = parseEnvelope(body);
      let urls: string[];
      let catchAllReason = record.catchAllReason;
      if (compiled && target.kind === 'routing') {
        const decision = routeDelivery(compiled.rules, compiled.catchAll, parsed);
        catchAllReason = decision.catchAllReason;
        urls = decision.queues.map((queue) => compiled.urls[queue] ?? '');
        if (target.onlyQueueUrl !== undefined) urls = urls.filter((url) => url === target.onlyQueueUrl);
      } else {
        urls = [target.kind === 'queue' ? target.queueUrl : ''];
      }
      const message = prepareMessage({
        body,
        deliveryId: record.deliveryId,
        receivedAt: new Date(record.receivedAt),
        envelope: parsed.ok ? parsed.envelope : undefined,
        catchAllReason,
        schema: record.schema,
      });
      const attributes = {
        ...message.attributes,
        [MESSAGE_ATTRIBUTE.REPLAY]: { DataType: 'String', StringValue: runId },
      };
      return urls.map((url) => {
        const input = sendInput({ ...message, attributes }, url);
        if (input.MessageDeduplicationId !== undefined)
          input.MessageDeduplicationId = replayDeduplicationId(runId, record.deliveryId);
        return input;
      });
    },
  };
}

/** A run id: when it started, and six random hex digits, e.g. `20261203T101500Z-4f9a1c`. */
export function newRunId(now: Date, random: string): string {
  return `${now.toISOString().slice(0, 19).replace(/[-:]/g, '')}Z-${random}`;
}
