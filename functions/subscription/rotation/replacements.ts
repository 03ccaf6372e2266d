/**
 * The rotation's work in Argyle, one ownership record (one configured subscription) at a time, always under the
 * lease the caller holds, with every record write conditional on the revision read:
 *
 * - {@link placeReplacement} (setSecret): a live subscription equal to the configured one, signed with the
 *   pending value, owned with `secretVersionId` = the rotation's token. One already owned for the token is
 *   kept; otherwise an identical live one is adopted before one is created (`ensureSubscription`), so a step
 *   retried after a lost answer makes no duplicate. Leftovers go first: a replacement of an earlier rotation
 *   that never finished (it signs with a value no stage holds any more, so its deliveries would be refused), a
 *   subscription the last rotation replaced but could not delete (it signs with AWSPREVIOUS while another
 *   owned one signs with AWSCURRENT), and a replacement for this token that no longer matches the configuration.
 * - {@link checkReplacements} (testSecret): every record has a replacement for the token, live in Argyle with the
 *   configured fields and the pending value (Argyle returns the secret).
 * - {@link retireReplaced} (finishSecret): once the pending value is AWSCURRENT, the subscriptions it replaced
 *   are deleted and dropped from `owned`, but only where a replacement for the token is live.
 *
 * Never deleted: a subscription the record does not own. No secret value reaches a log line or an error.
 */
import {
  ArgyleApiError,
  ArgyleListLimitError,
  type ArgyleWebhooksClient,
  type WebhookSubscription,
} from '../../argyle-api';
import {
  ensureSubscription,
  LIST_PAGE_SIZE,
  type LifecycleContext,
  MAX_LIST_PAGES,
  removeSubscription,
} from '../lifecycle';
import type { SubscriptionLog } from '../log';
import { differences } from '../matching';
import type { ApiTarget } from '../properties';
import type { OwnedSubscription, OwnershipRecord, OwnershipRecordInput } from '../state/record';
import { StaleRecordError, type SubscriptionStateStore } from '../state/store';
import { RotationError } from './errors';
import type { StageValues } from './secret-state';

export type ArgyleClient = Pick<ArgyleWebhooksClient, 'list' | 'create' | 'delete' | 'retrieve'>;

export interface ReplacementContext {
  readonly store: SubscriptionStateStore;
  /** The rotation's ClientRequestToken: the pending version's id. */
  readonly token: string;
  readonly values: StageValues;
  readonly argyle: (target: ApiTarget) => Promise<ArgyleClient>;
  readonly log: SubscriptionLog;
  readonly timeLeftToCreate: () => boolean;
  readonly now: () => number;
}

/** Conditional writes retried this often when someone else wrote the record in between. */
const RECORD_WRITE_ATTEMPTS = 5;

export interface PlacedReplacement {
  readonly id: string;
  readonly outcome: 'kept' | 'adopted' | 'created';
  /** Leftovers deleted first. */
  readonly deleted: readonly string[];
}

export async function placeReplacement(
  context: ReplacementContext,
  record: OwnershipRecord,
): Promise<PlacedReplacement> {
  const { token, values, log } = context;
  const lifecycle = await lifecycleOf(context, record);
  const live = new Map((await listLive(lifecycle, record)).map((s) => [s.id, s]));
  const signsWith = (subscription: WebhookSubscription) =>
    subscription.secret === values.pending
      ? 'pending'
      : subscription.secret === values.current
        ? 'current'
        : values.previous !== undefined && subscription.secret === values.previous
          ? 'previous'
          : 'other';
  const liveOwned = record.owned.flatMap((owned) => {
    const subscription = live.get(owned.id);
    return subscription === undefined ? [] : [{ owned, subscription }];
  });
  const currentIsLive = liveOwned.some(({ subscription }) => signsWith(subscription) === 'current');
  const leftovers = liveOwned.filter(({ owned, subscription }) => {
    if (owned.secretVersionId === token) {
      return differences(subscription, record.desired, values.pending).length > 0;
    }
    const kind = signsWith(subscription);
    return (kind === 'other' && owned.createdBy === 'rotation') || (kind === 'previous' && currentIsLive);
  });
  const deleted: string[] = [];
  for (const { owned, subscription } of leftovers) {
    log.warn('deleting a leftover subscription before replacing', {
      name: record.name,
      subscriptionId: owned.id,
      signsWith: signsWith(subscription),
      createdBy: owned.createdBy,
      secretVersionId: owned.secretVersionId,
    });
    await removeSubscription(lifecycle, owned.id);
    deleted.push(owned.id);
  }
  const gone = record.owned.filter((owned) => owned.secretVersionId === token && !live.has(owned.id));
  const kept = liveOwned.find(
    ({ owned }) => owned.secretVersionId === token && !deleted.includes(owned.id),
  )?.owned;

  let id: string;
  let outcome: PlacedReplacement['outcome'];
  if (kept !== undefined) {
    ({ id } = kept);
    outcome = 'kept';
  } else {
    try {
      ({ id, outcome } = await ensureSubscription(lifecycle, record.desired, values.pending));
    } catch (error) {
      // Record what was deleted before the failure, then report it.
      await writeOwned(context, record.name, [...deleted, ...gone.map((o) => o.id)], undefined).catch(
        () => {},
      );
      throw error;
    }
  }
  const drop = [...deleted, ...gone.map((owned) => owned.id)];
  try {
    await writeOwned(context, record.name, drop, id);
  } catch (error) {
    if (outcome !== 'kept' && error instanceof RecordGoneError) {
      // The configured subscription was removed meanwhile: what was made for it would be owned by nobody.
      await removeSubscription(lifecycle, id);
    }
    throw error;
  }
  log.info(`replacement ${outcome}`, {
    name: record.name,
    subscriptionId: id,
    secretVersionId: token,
    deleted,
  });
  return { id, outcome, deleted };
}

/** What is wrong with the record's replacements for the token; empty when each is live and right. */
export async function checkReplacements(
  context: ReplacementContext,
  record: OwnershipRecord,
): Promise<string[]> {
  const replacements = record.owned.filter((owned) => owned.secretVersionId === context.token);
  if (replacements.length === 0) {
    return [
      `"${record.name}" has no replacement signed with the new value (setSecret did not finish for it)`,
    ];
  }
  const client = await context.argyle(record.target);
  const problems: string[] = [];
  for (const { id } of replacements) {
    try {
      const live = await client.retrieve(id);
      const wrong = differences(live, record.desired, context.values.pending);
      if (wrong.length > 0) {
        problems.push(`replacement ${id} of "${record.name}" has a different ${wrong.join(', ')} in Argyle`);
      }
    } catch (error) {
      if (error instanceof ArgyleApiError && error.kind === 'not-found') {
        problems.push(`replacement ${id} of "${record.name}" no longer exists in Argyle`);
      } else {
        throw new RotationError(
          `could not read replacement ${id} of "${record.name}" from Argyle: ${messageOf(error)}`,
          { cause: error },
        );
      }
    }
  }
  return problems;
}

/**
 * Deletes the subscriptions a live replacement for the token took over from, and drops them from `owned`.
 * Returns the ids deleted; `undefined` when the record has no live replacement, so nothing was touched.
 */
export async function retireReplaced(
  context: ReplacementContext,
  record: OwnershipRecord,
): Promise<string[] | undefined> {
  const lifecycle = await lifecycleOf(context, record);
  const replacements = record.owned.filter((owned) => owned.secretVersionId === context.token);
  const liveReplacement = await firstLive(await context.argyle(record.target), replacements);
  if (liveReplacement === undefined) {
    context.log.error('no live replacement: the subscriptions it would replace are kept', {
      name: record.name,
      secretVersionId: context.token,
    });
    return undefined;
  }
  const replaced = record.owned.filter((owned) => owned.secretVersionId !== context.token);
  const deleted: string[] = [];
  try {
    for (const owned of replaced) {
      await removeSubscription(lifecycle, owned.id);
      deleted.push(owned.id);
    }
  } finally {
    if (deleted.length > 0) await writeOwned(context, record.name, deleted, undefined);
  }
  context.log.info('replaced subscriptions deleted', {
    name: record.name,
    replacement: liveReplacement,
    deleted,
  });
  return deleted;
}

/** The record of `name` was deleted since it was read: the configured subscription is gone. */
class RecordGoneError extends RotationError {}

/**
 * Drops `drop` from the record's `owned` and adds `add` as this rotation's replacement, conditionally on the
 * revision read, reading again when someone else wrote in between.
 */
async function writeOwned(
  context: ReplacementContext,
  name: string,
  drop: readonly string[],
  add: string | undefined,
): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    const fresh = await context.store.get(name);
    if (fresh === undefined) {
      throw new RecordGoneError(`the record of "${name}" was removed while the rotation worked on it`);
    }
    const owned: OwnedSubscription[] = fresh.owned.filter((o) => !drop.includes(o.id));
    if (add !== undefined && !owned.some((o) => o.id === add)) {
      owned.push({
        id: add,
        physicalId: fresh.physicalId,
        secretVersionId: context.token,
        createdAt: new Date(context.now()).toISOString(),
        createdBy: 'rotation',
      });
    }
    const { revision, updatedAt: _updatedAt, ...rest } = fresh;
    const next: OwnershipRecordInput = { ...rest, owned, updatedBy: 'rotation' };
    try {
      await context.store.put(next, revision);
      return;
    } catch (error) {
      if (!(error instanceof StaleRecordError) || attempt >= RECORD_WRITE_ATTEMPTS) throw error;
    }
  }
}

async function lifecycleOf(context: ReplacementContext, record: OwnershipRecord): Promise<LifecycleContext> {
  return {
    client: await context.argyle(record.target),
    target: record.target,
    log: context.log,
    timeLeftToCreate: context.timeLeftToCreate,
  };
}

/** Every subscription Argyle lists; a list too long to read whole is an error, never a partial answer. */
async function listLive(
  lifecycle: LifecycleContext,
  record: OwnershipRecord,
): Promise<WebhookSubscription[]> {
  try {
    return await lifecycle.client.list({ limit: LIST_PAGE_SIZE, maxPages: MAX_LIST_PAGES });
  } catch (error) {
    const why =
      error instanceof ArgyleListLimitError
        ? `Argyle lists more than ${error.maxPages * LIST_PAGE_SIZE} subscriptions, the most this stack reads`
        : messageOf(error);
    throw new RotationError(
      `could not list the Argyle subscriptions (${record.target.environment}) to replace "${record.name}": ${why}`,
      { cause: error },
    );
  }
}

/** The id of the first of `owned` that Argyle still has; undefined when none. */
async function firstLive(
  client: ArgyleClient,
  owned: readonly OwnedSubscription[],
): Promise<string | undefined> {
  for (const { id } of owned) {
    try {
      await client.retrieve(id);
      return id;
    } catch (error) {
      if (!(error instanceof ArgyleApiError && error.kind === 'not-found')) {
        throw new RotationError(`could not read replacement ${id} from Argyle: ${messageOf(error)}`, {
          cause: error,
        });
      }
    }
  }
  return undefined;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
