/**
 * What the custom resource's events do to an ownership record, and which physical id they answer with. Pure: the
 * handler (`create-handler.ts`) reads the record, calls Argyle, and writes what these functions return.
 *
 * Physical ids are `argyle-subscription/<url-encoded name>/<n>`, never UUID-shaped, so that the physical ids of
 * stacks deployed before the record (Argyle's subscription ids, UUIDs) are told apart. `n` goes up by one each
 * time a deploy changes which subscriptions the resource owns: CloudFormation then sends a Delete for the old
 * physical id once the whole update succeeded (and not at all when it rolls back), and that Delete removes only
 * what was retired under the old id.
 */
import type { ApiTarget, DesiredSubscription } from '../properties';
import type { OwnedSubscription, OwnershipRecord, OwnershipRecordInput, StateActor } from './record';

const PHYSICAL_ID_PREFIX = 'argyle-subscription';

/** Argyle subscription ids are UUIDs: the physical ids of subscriptions deployed before the record. */
const ARGYLE_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether `id` is an Argyle subscription id (a UUID), as the physical ids before the record were. */
export function isArgyleId(id: string): boolean {
  return ARGYLE_ID.test(id);
}

/** The physical id of the `generation`th set of subscriptions of configured subscription `name`. */
export function physicalIdOf(name: string, generation: number): string {
  return `${PHYSICAL_ID_PREFIX}/${encodeURIComponent(name)}/${generation}`;
}

/** The name and generation in a physical id of ours; `undefined` for any other id. */
export function parsePhysicalId(id: string): { name: string; generation: number } | undefined {
  const match = /^argyle-subscription\/([^/]+)\/([1-9][0-9]{0,15})$/.exec(id);
  if (match?.[1] === undefined || match[2] === undefined) return undefined;
  try {
    return { name: decodeURIComponent(match[1]), generation: Number(match[2]) };
  } catch {
    return undefined;
  }
}

/** The subscription a deploy made sure of: adopted or created, and the signing secret version it signs with. */
export interface EnsuredSubscription {
  readonly id: string;
  readonly secretVersionId?: string;
}

export interface DeployInput {
  readonly requestType: 'Create' | 'Update';
  /** The event's physical id, for an Update. */
  readonly previousPhysicalId?: string;
  readonly desired: DesiredSubscription;
  readonly target: ApiTarget;
  readonly signingSecretArn: string;
  readonly ensured: EnsuredSubscription;
  /** ISO 8601. */
  readonly at: string;
}

export interface DeployOutcome {
  readonly physicalId: string;
  /** The record to write, over the revision read. */
  readonly record: OwnershipRecordInput;
  /** Subscriptions retired by this deploy, each under the physical id whose Delete will remove it. */
  readonly retired: readonly OwnedSubscription[];
}

/**
 * The ids a deploy should prefer when several live subscriptions are what it wants: those it owns, then those
 * it retired (an update rolled back finds the original there), then the legacy physical id (an Argyle id).
 */
export function preferredIds(record: OwnershipRecord | undefined, previousPhysicalId?: string): string[] {
  const ids = [...(record?.owned ?? []), ...(record?.retired ?? [])].map((s) => s.id);
  if (previousPhysicalId !== undefined && isArgyleId(previousPhysicalId)) ids.push(previousPhysicalId);
  return [...new Set(ids)];
}

/**
 * The record after a Create or an Update (whose properties name the state table) made sure of `ensured`.
 *
 * - An Update that ends on a subscription it already owns keeps its physical id: CloudFormation sends no
 *   Delete, and nothing is retired.
 * - Otherwise the physical id goes up by one and `ensured` is the one subscription owned under it. What was
 *   owned before is retired under the id CloudFormation will send a Delete for (the event's physical id), so it
 *   stays live until the whole update succeeded, and a rollback can land on it again. A Create over an
 *   existing record (another logical resource took the name over) keeps what was owned, re-tagged.
 * - The migration (an Update from an Argyle id, with no record): the subscription behind that id counts as
 *   owned under it. Ensured again (nothing changed), it is taken over under the new physical id
 *   (`createdBy: 'migration'`), and CloudFormation's later Delete of the Argyle id leaves it alone; replaced
 *   (a setting changed in the same deploy), it is retired under the Argyle id, whose Delete removes it.
 */
export function afterDeploy(record: OwnershipRecord | undefined, input: DeployInput): DeployOutcome {
  const { previousPhysicalId, ensured, at } = input;
  const legacyId =
    record === undefined && previousPhysicalId !== undefined && isArgyleId(previousPhysicalId)
      ? previousPhysicalId
      : undefined;
  const owned: OwnedSubscription[] = record
    ? [...record.owned]
    : legacyId
      ? [{ id: legacyId, physicalId: legacyId, createdAt: at, createdBy: 'migration' }]
      : [];
  const retired = record ? [...record.retired] : [];
  const base = {
    name: input.desired.name,
    desired: input.desired,
    target: input.target,
    signingSecretArn: input.signingSecretArn,
    updatedBy: (legacyId ? 'migration' : 'deploy') as StateActor,
  };
  const withVersion = (s: OwnedSubscription, physicalId: string): OwnedSubscription => ({
    ...s,
    physicalId,
    ...(s.id === ensured.id && ensured.secretVersionId !== undefined
      ? { secretVersionId: ensured.secretVersionId }
      : {}),
  });
  const keeps = owned.some((s) => s.id === ensured.id);

  if (
    input.requestType === 'Update' &&
    record !== undefined &&
    keeps &&
    parsePhysicalId(record.physicalId) !== undefined
  ) {
    return {
      physicalId: record.physicalId,
      record: {
        ...base,
        physicalId: record.physicalId,
        owned: owned.map((s) => withVersion(s, s.physicalId)),
        retired,
      },
      retired: [],
    };
  }

  const physicalId = physicalIdOf(input.desired.name, nextGeneration(record, previousPhysicalId));
  if (keeps) {
    // Ensured is one of those owned: all stay owned (a rotation may overlap two), under the new id.
    const ordered = [
      ...owned.filter((s) => s.id === ensured.id),
      ...owned.filter((s) => s.id !== ensured.id),
    ];
    return {
      physicalId,
      record: { ...base, physicalId, owned: ordered.map((s) => withVersion(s, physicalId)), retired },
      retired: [],
    };
  }
  const retireUnder = previousPhysicalId ?? record?.physicalId;
  const nowRetired = retireUnder === undefined ? [] : owned.map((s) => ({ ...s, physicalId: retireUnder }));
  const fromRetired = retired.find((s) => s.id === ensured.id);
  const entry: OwnedSubscription = fromRetired ?? {
    id: ensured.id,
    physicalId,
    createdAt: at,
    createdBy: 'deploy',
  };
  return {
    physicalId,
    record: {
      ...base,
      physicalId,
      owned: [withVersion(entry, physicalId)],
      retired: [...retired.filter((s) => s.id !== ensured.id), ...nowRetired],
    },
    retired: nowRetired,
  };
}

function nextGeneration(record: OwnershipRecord | undefined, previousPhysicalId: string | undefined): number {
  const generations = [record?.physicalId, previousPhysicalId].map((id) =>
    id === undefined ? 0 : (parsePhysicalId(id)?.generation ?? 0),
  );
  return Math.max(...generations) + 1;
}

export type DeletePlan =
  /** The resource's current physical id: the stack is destroyed or the subscription removed from it. */
  | { readonly kind: 'destroy'; readonly deleteIds: readonly string[] }
  /**
   * CloudFormation cleaning up a physical id an update replaced: what was retired under it (and the id itself,
   * when it is an Argyle id no record owns). `record` is what to write afterwards; `undefined` when unchanged.
   */
  | {
      readonly kind: 'cleanup';
      readonly deleteIds: readonly string[];
      readonly record: OwnershipRecordInput | undefined;
    }
  /** Nothing of ours is known under this physical id. */
  | { readonly kind: 'nothing' };

/**
 * What CloudFormation's Delete of `physicalId` removes, given the record of its configured subscription and
 * every record of the table (an Argyle id owned by any of them is never deleted). Never a subscription the
 * stack does not own: only those the record lists, or a legacy physical id (an Argyle id the stack created
 * before the record) that no record has taken over.
 */
export function planDelete(
  physicalId: string,
  record: OwnershipRecord | undefined,
  allRecords: readonly OwnershipRecord[],
): DeletePlan {
  if (record !== undefined && record.physicalId === physicalId) {
    const ids = [...record.owned, ...record.retired].map((s) => s.id);
    return { kind: 'destroy', deleteIds: [...new Set(ids)] };
  }
  const underIt = record?.retired.filter((s) => s.physicalId === physicalId) ?? [];
  const ids = underIt.map((s) => s.id);
  if (isArgyleId(physicalId) && !ids.includes(physicalId)) {
    const kept = allRecords.some(
      (r) =>
        r.owned.some((s) => s.id === physicalId) ||
        r.retired.some((s) => s.id === physicalId && s.physicalId !== physicalId),
    );
    if (!kept) ids.push(physicalId);
  }
  if (ids.length === 0) return { kind: 'nothing' };
  return {
    kind: 'cleanup',
    deleteIds: [...new Set(ids)],
    record:
      record === undefined || underIt.length === 0
        ? undefined
        : {
            ...inputOf(record),
            retired: record.retired.filter((s) => s.physicalId !== physicalId),
            updatedBy: 'deploy',
          },
  };
}

/** A record read, as a write supplies it (the store sets `revision` and `updatedAt`). */
export function inputOf(record: OwnershipRecord): OwnershipRecordInput {
  const { revision: _revision, updatedAt: _updatedAt, ...input } = record;
  return input;
}

/**
 * An Update whose properties predate the state table: a rollback of the migration (or a return to an older
 * version of the construct). The stack goes back to physical ids that are Argyle ids, which the older handler
 * deletes by id and knows nothing of the record, so the Update itself must leave nothing else behind: every
 * other subscription the record owns or retired is deleted now, and the record with them.
 */
export function planLegacyUpdate(record: OwnershipRecord | undefined, keptId: string): readonly string[] {
  if (record === undefined) return [];
  const ids = [...record.owned, ...record.retired].map((s) => s.id).filter((id) => id !== keptId);
  return [...new Set(ids)];
}
