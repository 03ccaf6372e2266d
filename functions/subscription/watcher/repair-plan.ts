/**
 * What a repair would do for one configured subscription, decided from its ownership record and everything
 * Argyle lists. Pure. The rules:
 *
 * - The subscription to keep is one the record owns that is the configured one in every field and signs with
 *   the signing secret's current value. When the record owns none, one is made sure of: an identical live one
 *   is adopted (whoever made it), or one is created (`ensureSubscription`, as deploy does).
 * - Every other subscription the record owns that is still live is deleted: it is the stack's, and it is wrong
 *   (changed, signing with another secret) or a second copy. Nothing the record does not own is ever deleted:
 *   a duplicate or an unmanaged subscription is only reported.
 * - Owned ids Argyle no longer lists (deleted in Console) are dropped from the record.
 *
 * No plan is made while the list is incomplete or a deploy or rotation is in progress. A `duplicate` the stack
 * does not own and `silent` are reported, never repaired.
 */
import type { WebhookSubscription } from '../../argyle-api';
import type { DriftKind, DriftReport } from '../drift';
import { differences } from '../matching';
import type { OwnershipRecord } from '../state/record';

export interface RepairPlan {
  readonly record: OwnershipRecord;
  /** The owned, live subscription to keep; undefined: adopt an identical one or create one. */
  readonly keep?: WebhookSubscription;
  /** Owned, live subscriptions to delete once the one kept is recorded. */
  readonly remove: readonly WebhookSubscription[];
  /** Owned ids Argyle no longer lists. */
  readonly gone: readonly string[];
  /** The findings that called for it (may be none when only the record was out of date). */
  readonly kinds: readonly DriftKind[];
}

/** Why no repair is planned at all this run, or undefined when plans may be made. */
export function repairBlocked(report: DriftReport): string | undefined {
  if (report.deployInProgress) return 'a deploy (or another change) is in progress';
  if (report.rotationInProgress) return 'a signing-secret rotation is in progress';
  if (report.liveIncomplete)
    return 'the list of subscriptions is incomplete, so what is missing cannot be told';
  return undefined;
}

/** The plans for the records of one group, given its drift report and the full list of live subscriptions. */
export function planRepairs(
  records: readonly OwnershipRecord[],
  report: DriftReport,
  live: readonly WebhookSubscription[],
  currentSecret: string,
): RepairPlan[] {
  if (repairBlocked(report) !== undefined) return [];
  const byId = new Map(live.map((subscription) => [subscription.id, subscription]));
  return records.flatMap((record) => {
    const entry = report.subscriptions.find((s) => s.desired.name === record.name);
    const ownedLive = record.owned.flatMap((owned) => {
      const subscription = byId.get(owned.id);
      return subscription === undefined ? [] : [subscription];
    });
    const gone = record.owned.map((owned) => owned.id).filter((id) => !byId.has(id));
    const good = (subscription: WebhookSubscription) =>
      differences(subscription, record.desired, currentSecret, { compareAbsentSecret: false }).length === 0;
    const keep = ownedLive.find(good);
    const remove = ownedLive.filter((subscription) => subscription !== keep);
    if (keep !== undefined && remove.length === 0 && gone.length === 0) return [];
    const kinds = [...new Set((entry?.findings ?? []).map((finding) => finding.kind))];
    return [{ record, ...(keep === undefined ? {} : { keep }), remove, gone, kinds }];
  });
}
