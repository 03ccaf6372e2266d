/**
 * Where the ownership records, the lease and the markers live. The stack keeps them in one DynamoDB table
 * (`dynamodb-store.ts`); `memory-store.ts` keeps them in a map with the same conditional semantics, for pure
 * unit tests. Every write that could race is conditional: a record write names the revision it read, a lease
 * is taken only when free, expired or already ours.
 */
import type { Lease, LeaseOutcome, OwnershipRecord, OwnershipRecordInput } from './record';

/** A conditional write lost a race: someone else changed the record since it was read. Read again and retry. */
export class StaleRecordError extends Error {
  override readonly name = 'StaleRecordError';
}

export interface LeaseRequest {
  readonly holder: string;
  readonly actor: Lease['actor'];
  /** How long the lease holds unless released or renewed: longer than the holder can run. */
  readonly durationMs: number;
  /** Epoch milliseconds. */
  readonly now: number;
}

/**
 * Named facts with an expiry, e.g. `deploy` (a deploy is changing the subscriptions until `expiresAt`) or the
 * time of the last rotation. Values are strings; nothing secret is ever stored.
 */
export interface Marker {
  readonly name: string;
  readonly values: Readonly<Record<string, string>>;
  /** Epoch milliseconds; absent when it never expires. */
  readonly expiresAt?: number;
}

export interface SubscriptionStateStore {
  get(name: string): Promise<OwnershipRecord | undefined>;
  /** Every record (a stack has a handful). */
  list(): Promise<OwnershipRecord[]>;
  /**
   * Writes the record if its stored revision is `expectedRevision` (`undefined`: it must not exist yet).
   *
   * @throws StaleRecordError when it does not
   */
  put(record: OwnershipRecordInput, expectedRevision: number | undefined): Promise<OwnershipRecord>;
  /** @throws StaleRecordError when the stored revision is not `expectedRevision` */
  delete(name: string, expectedRevision: number): Promise<void>;

  /** Takes the lease when it is free, expired, or held by `holder` already (which renews it). */
  acquireLease(request: LeaseRequest): Promise<LeaseOutcome>;
  /** Gives the lease up; a lease held by someone else (taken over after expiry) is left alone. */
  releaseLease(lease: Lease): Promise<void>;
  /** The lease as stored, expired or not; `undefined` when none. */
  readLease(): Promise<Lease | undefined>;

  putMarker(marker: Marker): Promise<void>;
  /** The marker, or `undefined` when absent or expired at `now` (epoch ms). */
  getMarker(name: string, now: number): Promise<Marker | undefined>;
}
