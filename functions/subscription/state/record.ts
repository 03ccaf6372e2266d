/**
 * The one record of which Argyle subscriptions the stack owns, per configured subscription (keyed by its name).
 * Deploy (the custom resource), repair (the watcher) and rotation all read and write it, so the Argyle id behind
 * a configured subscription can change without CloudFormation's physical id being that id. Pure types.
 *
 * - `owned`: the live subscriptions that are this configured one: one normally, two while a rotation overlaps
 *   the old and the new signing secret. Destroy deletes all of them.
 * - `retired`: subscriptions replaced by a deploy, kept until CloudFormation's Delete for the physical id they
 *   were owned under (sent after the whole update succeeded) removes them, so that a rollback still finds them.
 * - `physicalId`: the custom resource's physical id today. A Delete for another physical id is CloudFormation
 *   cleaning up a replaced one: it only removes what was retired under that id.
 */

import type { ApiTarget, DesiredSubscription } from '../properties';

/** Who changed the record. `migration`: a stack whose physical id was the Argyle id, taken over. */
export type StateActor = 'deploy' | 'repair' | 'rotation' | 'migration';

export interface OwnedSubscription {
  /** Argyle's subscription id. */
  readonly id: string;
  /** The custom resource's physical id this subscription was owned under. */
  readonly physicalId: string;
  /** Secrets Manager `VersionId` of the signing secret value it signs with, when known. */
  readonly secretVersionId?: string;
  /** ISO 8601. */
  readonly createdAt: string;
  readonly createdBy: StateActor;
}

export interface OwnershipRecord {
  /** The configured subscription's name (the key). */
  readonly name: string;
  /**
   * What the last deploy configured: the watcher compares the live subscriptions with it, repair and rotation
   * create from it. Written by the custom resource on every Create and Update.
   */
  readonly desired: DesiredSubscription;
  /** Which Argyle API and credentials the subscription lives under. */
  readonly target: ApiTarget;
  /** ARN of the signing secret the subscriptions sign with. */
  readonly signingSecretArn: string;
  readonly physicalId: string;
  readonly owned: readonly OwnedSubscription[];
  readonly retired: readonly OwnedSubscription[];
  /** Raised by one on every write; a write names the revision it read (optimistic concurrency). */
  readonly revision: number;
  /** ISO 8601. */
  readonly updatedAt: string;
  readonly updatedBy: StateActor;
}

/** What a write supplies: the store sets `revision` and `updatedAt`. */
export type OwnershipRecordInput = Omit<OwnershipRecord, 'revision' | 'updatedAt'>;

/** Who may create subscriptions now. One holder at a time; a lease past `expiresAt` may be taken over. */
export interface Lease {
  /** Unique per attempt (e.g. a request id and a random part). */
  readonly holder: string;
  readonly actor: Exclude<StateActor, 'migration'>;
  /** Epoch milliseconds. */
  readonly acquiredAt: number;
  /** Epoch milliseconds. */
  readonly expiresAt: number;
}

export type LeaseOutcome =
  | { readonly acquired: true; readonly lease: Lease }
  | { readonly acquired: false; readonly heldBy: Lease };
