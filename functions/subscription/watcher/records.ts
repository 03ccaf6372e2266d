/**
 * The ownership records as the watcher reads them: grouped by where their subscriptions live (one Argyle list
 * and one read of the signing secret per group), and turned into the inputs of `detectDrift`. Pure.
 */
import type { Lease, OwnedSubscription, OwnershipRecord, OwnershipRecordInput } from '../state/record';
import type { Marker } from '../state/store';

/** The marker a deploy writes while it changes the subscriptions (`state/markers.ts`). */
export { DEPLOY_MARKER } from '../state/markers';

/** Records that share an Argyle API, credentials and signing secret. */
export interface RecordGroup {
  readonly records: readonly OwnershipRecord[];
}

/** Records grouped by target and signing secret, in the order first seen; records sorted by name within. */
export function groupRecords(records: readonly OwnershipRecord[]): RecordGroup[] {
  const groups = new Map<string, OwnershipRecord[]>();
  for (const record of [...records].sort((a, b) => a.name.localeCompare(b.name))) {
    const { target } = record;
    const key = JSON.stringify([
      target.environment,
      target.apiVersion,
      target.baseUrl ?? null,
      target.credentialsSecretName,
      record.signingSecretArn,
    ]);
    const group = groups.get(key);
    if (group === undefined) groups.set(key, [record]);
    else group.push(record);
  }
  return [...groups.values()].map((group) => ({ records: group }));
}

/** By record name, the ids it names: owned first, then retired (a deploy still to remove them). */
export function managedIdsOf(records: readonly OwnershipRecord[]): Map<string, readonly string[]> {
  return new Map(
    records.map((record) => [
      record.name,
      [...record.owned.map((owned) => owned.id), ...record.retired.map((retired) => retired.id)],
    ]),
  );
}

/** Who is changing the subscriptions now, if anyone: a deploy (its marker), or the holder of a live lease. */
export function changesInProgress(
  deployMarker: Marker | undefined,
  lease: Lease | undefined,
  now: number,
): { readonly by: string; readonly until: number } | undefined {
  if (deployMarker !== undefined) {
    return { by: 'deploy', until: deployMarker.expiresAt ?? Number.POSITIVE_INFINITY };
  }
  if (lease !== undefined && lease.expiresAt > now) return { by: lease.actor, until: lease.expiresAt };
  return undefined;
}

/** The record as a write supplies it, with `owned` replaced. */
export function withOwned(
  record: OwnershipRecord,
  owned: readonly OwnedSubscription[],
): OwnershipRecordInput {
  const { revision: _revision, updatedAt: _updatedAt, ...input } = record;
  return { ...input, owned, updatedBy: 'repair' };
}
