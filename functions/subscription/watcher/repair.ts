/**
 * Carries out a {@link RepairPlan} (under the lease, which the caller holds): make sure of the subscription to
 * keep (adopt an identical live one, or create one), record it, delete the owned wrong ones, record that.
 *
 * The record is written before anything is deleted, naming the one kept and the ones still to delete, so that a
 * destroy at any point removes whatever is live. Every write names the revision read: a record changed
 * meanwhile (a deploy) stops the repair, and the next run starts again from what is then live. A subscription
 * created but not recorded that way is identical to the configured one, so the next run adopts it.
 */
import { SubscriptionError } from '../errors';
import { ensureSubscription, type LifecycleContext, removeSubscription } from '../lifecycle';
import type { SubscriptionLog } from '../log';
import type { OwnedSubscription, OwnershipRecord } from '../state/record';
import { StaleRecordError, type SubscriptionStateStore } from '../state/store';
import type { RepairOutcome, WatcherMetrics } from './metrics';
import { withOwned } from './records';
import type { RepairPlan } from './repair-plan';

export interface RepairContext {
  readonly store: SubscriptionStateStore;
  readonly lifecycle: LifecycleContext;
  readonly currentSecret: string;
  readonly metrics: WatcherMetrics;
  readonly log: SubscriptionLog;
  readonly now: () => number;
}

export interface RepairResult {
  readonly name: string;
  readonly outcomes: readonly RepairOutcome[];
  /** The id kept (adopted or created), when one was. */
  readonly keptId?: string;
  readonly deleted: readonly string[];
  /** What failed, for the run to report; the repair goes on with the next record. */
  readonly error?: Error;
}

export async function executeRepair(context: RepairContext, plan: RepairPlan): Promise<RepairResult> {
  const { record } = plan;
  const name = record.name;
  const outcomes: RepairOutcome[] = [];
  const deleted: string[] = [];
  const outcome = (value: RepairOutcome) => {
    outcomes.push(value);
    context.metrics.repair(value, name);
  };
  let keptId: string | undefined;
  try {
    // 1. The subscription to keep.
    let kept: OwnedSubscription;
    if (plan.keep !== undefined) {
      keptId = plan.keep.id;
      kept = ownedEntry(record, plan.keep.id, context.now);
    } else {
      const ensured = await ensureSubscription(context.lifecycle, record.desired, context.currentSecret);
      keptId = ensured.id;
      kept = ownedEntry(record, ensured.id, context.now);
      outcome(ensured.outcome);
      context.log.info(
        ensured.outcome === 'created' ? 'repair created subscription' : 'repair adopted subscription',
        { subscription: name, subscriptionId: ensured.id, findings: plan.kinds },
      );
    }

    // 2. Record it, with the ones still to delete (a destroy from here on removes them all).
    const toDelete = new Set(plan.remove.map((subscription) => subscription.id));
    const pending = [kept, ...record.owned.filter((owned) => toDelete.has(owned.id) && owned.id !== kept.id)];
    let current = await write(context, record, pending);
    if (current === undefined)
      return { name, outcomes: [...outcomes, skipped(context, name)], deleted, keptId };
    if (plan.keep !== undefined && plan.remove.length === 0) outcome('recorded');

    // 3. Delete the owned wrong ones, then record what is left.
    let failure: Error | undefined;
    for (const subscription of plan.remove) {
      try {
        await removeSubscription(context.lifecycle, subscription.id);
        deleted.push(subscription.id);
        outcome('deleted');
        context.log.info('repair deleted the stack’s own wrong subscription', {
          subscription: name,
          subscriptionId: subscription.id,
          findings: plan.kinds,
        });
      } catch (error) {
        failure = asError(error);
        outcome('failed');
        context.log.error('repair could not delete a subscription the stack owns; tried again next run', {
          subscription: name,
          subscriptionId: subscription.id,
          message: failure.message,
        });
      }
    }
    if (deleted.length > 0) {
      current = await write(
        context,
        current,
        current.owned.filter((owned) => !deleted.includes(owned.id)),
      );
      if (current === undefined) outcomes.push(skipped(context, name));
    }
    return { name, outcomes, deleted, keptId, ...(failure === undefined ? {} : { error: failure }) };
  } catch (error) {
    const failure = asError(error);
    outcome('failed');
    context.log.error('repair failed; tried again next run', {
      subscription: name,
      message: failure.message,
    });
    return { name, outcomes, deleted, ...(keptId === undefined ? {} : { keptId }), error: failure };
  }
}

/** The record's entry for `id`, or a new one owned by repair under the record's physical id. */
function ownedEntry(record: OwnershipRecord, id: string, now: () => number): OwnedSubscription {
  return (
    record.owned.find((owned) => owned.id === id) ?? {
      id,
      physicalId: record.physicalId,
      createdAt: new Date(now()).toISOString(),
      createdBy: 'repair',
    }
  );
}

/**
 * Writes `owned` when it differs from the record's; the record as written (or as it was, when nothing changed),
 * or undefined when someone else changed it since it was read.
 */
async function write(
  context: RepairContext,
  record: OwnershipRecord,
  owned: readonly OwnedSubscription[],
): Promise<OwnershipRecord | undefined> {
  const same =
    owned.length === record.owned.length &&
    owned.every((entry, index) => entry.id === record.owned[index]?.id);
  if (same) return record;
  try {
    return await context.store.put(withOwned(record, owned), record.revision);
  } catch (error) {
    if (!(error instanceof StaleRecordError)) throw error;
    context.log.warn('the ownership record changed while repairing (a deploy?); tried again next run', {
      subscription: record.name,
    });
    return undefined;
  }
}

function skipped(context: RepairContext, name: string): RepairOutcome {
  context.metrics.repair('skipped', name);
  return 'skipped';
}

function asError(error: unknown): Error {
  if (error instanceof Error) return error;
  return new SubscriptionError(String(error));
}
