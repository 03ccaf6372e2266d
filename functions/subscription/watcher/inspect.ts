/**
 * One look at a group of ownership records (same Argyle API, credentials and signing secret): every live
 * subscription (up to the page bound), the signing secret's stages, when the receiver last accepted a delivery
 * from each, and the drift report `detectDrift` makes of them. Used by the scheduled watcher, by repair (again
 * under the lease) and by `argyle-subscriptions status --state-table`.
 */
import {
  ArgyleListLimitError,
  type ArgyleWebhooksClient,
  MAX_LIST_LIMIT,
  type WebhookSubscription,
} from '../../argyle-api';
import { type DriftInput, type DriftReport, detectDrift, type SigningSecrets } from '../drift';
import type { ApiTarget } from '../properties';
import type { SecretsReader } from '../secrets';
import { readSigningSecretStages } from '../signing-secret-stages';
import type { OwnershipRecord } from '../state/record';
import type { LastAccepted, LastAcceptedRequest } from './last-accepted';
import { managedIdsOf } from './records';

/** What the watcher calls Argyle for. */
export type WatcherArgyleClient = Pick<ArgyleWebhooksClient, 'pages' | 'list' | 'create' | 'delete'>;

/** Pages of 200 read at most: 10,000 subscriptions, as deploy's adoption reads. Past it: "cannot tell". */
export const WATCH_MAX_PAGES = 50;

export interface InspectDeps {
  readonly secrets: SecretsReader;
  /** The Argyle client for `target` (reading its credentials as it sees fit). */
  readonly argyle: (target: ApiTarget) => Promise<WatcherArgyleClient>;
  /** When the receiver last accepted a delivery, by subscription; without it `silent` is not checked. */
  readonly lastAccepted?: (request: LastAcceptedRequest) => Promise<ReadonlyMap<string, LastAccepted>>;
  readonly now: () => number;
}

export interface InspectOptions {
  readonly silentAfterMs: number;
  /** Someone is changing the subscriptions (a deploy, a rotation, a repair): findings are not drift. */
  readonly changesInProgress: boolean;
  /** @default WATCH_MAX_PAGES */
  readonly maxPages?: number;
}

export interface Inspection {
  readonly records: readonly OwnershipRecord[];
  readonly target: ApiTarget;
  readonly client: WatcherArgyleClient;
  readonly live: readonly WebhookSubscription[];
  /** Set when the list passed the page bound: `live` holds what was read. */
  readonly listLimit?: ArgyleListLimitError;
  readonly signingSecrets: SigningSecrets;
  /** When the signing secret was read (epoch ms): creating a subscription waits until it has settled. */
  readonly secretReadAt: number;
  readonly report: DriftReport;
  /** Reading when deliveries were last accepted failed: `silent` was not checked. */
  readonly lastAcceptedError?: Error;
}

/** @throws what reading the credentials, Argyle's list or the signing secret throws (the page bound excepted) */
export async function inspectGroup(
  deps: InspectDeps,
  records: readonly OwnershipRecord[],
  options: InspectOptions,
): Promise<Inspection> {
  const [first] = records;
  if (first === undefined) throw new Error('inspectGroup needs at least one record');
  const target = first.target;
  const client = await deps.argyle(target);
  const live: WebhookSubscription[] = [];
  let listLimit: ArgyleListLimitError | undefined;
  try {
    for await (const page of client.pages({
      limit: MAX_LIST_LIMIT,
      maxPages: options.maxPages ?? WATCH_MAX_PAGES,
    })) {
      live.push(...page.results);
    }
  } catch (error) {
    if (!(error instanceof ArgyleListLimitError)) throw error;
    listLimit = error;
  }
  const signingSecrets = await readSigningSecretStages(deps.secrets, first.signingSecretArn);
  const secretReadAt = deps.now();
  const now = new Date(deps.now());
  const base = {
    desired: records.map((record) => record.desired),
    live,
    webhookUrl: first.desired.url,
    signingSecrets,
    now,
    silentAfterMs: options.silentAfterMs,
    managedIds: managedIdsOf(records),
    liveIncomplete: listLimit !== undefined,
    deployInProgress: options.changesInProgress,
  };
  const { report, error: lastAcceptedError } = await detectDriftWithAcceptance(
    base,
    deps.lastAccepted,
    options.silentAfterMs,
  );
  return {
    records,
    target,
    client,
    live,
    ...(listLimit === undefined ? {} : { listLimit }),
    signingSecrets,
    secretReadAt,
    report,
    ...(lastAcceptedError === undefined ? {} : { lastAcceptedError }),
  };
}

/**
 * `detectDrift`, then, when `lastAccepted` is given, again with when the receiver last accepted a delivery from
 * each subscription Argyle has sent for (the first pass finds which live subscription is whose, and its
 * `last_sent_at`). A failure to read that leaves `silent` unchecked and is returned beside the report.
 */
export async function detectDriftWithAcceptance(
  base: DriftInput,
  lastAccepted: InspectDeps['lastAccepted'],
  silentAfterMs: number,
): Promise<{ readonly report: DriftReport; readonly error?: Error }> {
  const first = detectDrift(base);
  if (lastAccepted === undefined) return { report: first };
  const subscriptions = first.subscriptions.flatMap((entry) =>
    entry.live === undefined ? [] : [{ name: entry.desired.name, lastSentAt: entry.lastSentAt }],
  );
  let accepted: ReadonlyMap<string, LastAccepted>;
  try {
    accepted = await lastAccepted({ subscriptions, silentAfterMs, now: base.now });
  } catch (error) {
    return { report: first, error: error instanceof Error ? error : new Error(String(error)) };
  }
  if (accepted.size === 0) return { report: first };
  const since = new Map<string, Date>();
  for (const [name, value] of accepted) if (value.since !== undefined) since.set(name, value.since);
  return {
    report: detectDrift({
      ...base,
      lastAcceptedAt: new Map([...accepted].map(([name, value]) => [name, value.at])),
      ...(since.size > 0 ? { lastAcceptedSince: since } : {}),
    }),
  };
}
