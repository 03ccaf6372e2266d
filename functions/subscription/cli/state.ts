/**
 * What `status --state-table` and `repair` read besides Argyle: the ownership records (the DynamoDB state
 * table the stack keeps), and when the receiver last accepted a delivery from each subscription (its
 * `DeliveriesAccepted` by `Subscription` in CloudWatch, with `--function-name`), and how long counts as silent.
 */
import { DEFAULT_SILENT_AFTER_MS } from '../drift';
import { createDynamoDbClient, DynamoDbStateStore } from '../state/dynamodb-store';
import type { SubscriptionStateStore } from '../state/store';
import type { InspectDeps } from '../watcher/inspect';
import { createMetricsReader, type LastAccepted, readLastAccepted } from '../watcher/last-accepted';
import { type CliIo, UsageError, type Values } from './options';

const DAY_MS = 86_400_000;
const UNIT_MS: Record<string, number> = { s: 1_000, m: 60_000, h: 3_600_000, d: DAY_MS };

/** `--silent-after 15m` (s, m, h or d; a bare number is minutes); 15 minutes when absent. */
export function silentAfterOf(values: Values): number {
  const text = values['silent-after'];
  if (text === undefined) return DEFAULT_SILENT_AFTER_MS;
  const match = /^(\d+)\s*([smhd]?)$/.exec(text.trim());
  const ms = match === null ? Number.NaN : Number(match[1]) * (UNIT_MS[match[2] || 'm'] ?? Number.NaN);
  if (!Number.isFinite(ms) || ms < 60_000 || ms > 455 * DAY_MS) {
    throw new UsageError(
      `--silent-after must be a duration from 1 minute to 455 days, e.g. 15m, 2h or 1d, got ${JSON.stringify(text)}`,
    );
  }
  return ms;
}

/** The state store in `name`. */
export function stateStoreOf(io: CliIo, name: string): SubscriptionStateStore {
  if (name.trim() === '') throw new UsageError('--state-table needs the name of the stack’s state table');
  return (io.stateStore ?? ((table) => new DynamoDbStateStore(createDynamoDbClient(), table)))(name.trim());
}

/**
 * Where `status` learns when deliveries were last accepted: CloudWatch with `--function-name <receiver>`
 * (`--namespace`, default ArgyleWebhooks), or `--last-accepted name=...` as given; undefined when neither.
 */
export function lastAcceptedSource(
  values: Values,
  io: CliIo,
  given: ReadonlyMap<string, Date | null>,
): InspectDeps['lastAccepted'] {
  const functionName = values['function-name']?.trim();
  if (values.namespace !== undefined && functionName === undefined) {
    throw new UsageError('--namespace goes with --function-name <the receiver function>');
  }
  if (functionName !== undefined && functionName !== '') {
    if (given.size > 0) {
      throw new UsageError('--last-accepted and --function-name do not go together: give one of them');
    }
    const reader = (io.metrics ?? createMetricsReader)();
    const namespace = values.namespace?.trim();
    return (request) =>
      readLastAccepted(reader, { functionName, ...(namespace ? { namespace } : {}) }, request);
  }
  if (functionName === '') throw new UsageError('--function-name needs the receiver function’s name');
  if (given.size === 0) return undefined;
  return async () => new Map<string, LastAccepted>([...given].map(([name, at]) => [name, { at }]));
}
